// The one permission check. Every loader and action starts with one of these guards; the
// client may hide a button, but only these decide.
import { data, redirect } from "@remix-run/node";
import { and, eq, sql } from "drizzle-orm";
import { getDb, preparedStatement } from "~/db/client.server";
import {
  communityOrganisers,
  eventRoles,
  events,
  sessions,
  type Event,
  type EventRoleName,
  type JudgingRound,
  type User,
} from "~/db/schema";
import { isSlug } from "~/domain/fields";
import { getCommunityBySlug } from "~/models/communities.server";
import { getEventBySlug } from "~/models/events.server";
import { getRound } from "~/models/judging.server";
import { supportedEventIds } from "~/models/support.server";
import { readSessionToken, sessionIdOf, validateSessionToken, type ValidSession } from "./session.server";

export interface ForbiddenData {
  message: string;
}

/** A 403 whose message says what the user lacks; the error boundary shows it. */
export function forbidden(message: string): never {
  throw data<ForbiddenData>({ message }, { status: 403 });
}

export function notFound(message = "Page not found"): never {
  throw data<ForbiddenData>({ message }, { status: 404 });
}

// Several guards often run for one request (the event's page, then the role it needs): each answer
// is kept for the request, so the session and the roles are read from the database once.
const sessionOfRequest = new WeakMap<Request, Promise<ValidSession | null>>();
const rolesOfRequest = new WeakMap<Request, Map<string, Promise<Set<EventRoleName>>>>();

export async function getCurrentSession(request: Request): Promise<ValidSession | null> {
  let current = sessionOfRequest.get(request);
  if (!current) {
    const token = readSessionToken(request);
    current = token ? validateSessionToken(token) : Promise.resolve(null);
    sessionOfRequest.set(request, current);
  }
  return current;
}

export async function getUser(request: Request): Promise<User | null> {
  return (await getCurrentSession(request))?.user ?? null;
}

/** Where to come back to after signing in: only a path on this site. */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.includes("\\")) {
    return fallback;
  }
  return target;
}

export async function requireSession(request: Request): Promise<ValidSession> {
  const current = await getCurrentSession(request);
  if (!current) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  return current;
}

export async function requireUser(request: Request): Promise<User> {
  return (await requireSession(request)).user;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getCurrentSession(request)) throw redirect("/");
}

export async function requireAdmin(request: Request): Promise<User> {
  const user = await requireUser(request);
  if (!user.isAdmin) forbidden("This page is for platform administrators. Ask an administrator if you need access.");
  return user;
}

const roleLabels: Record<EventRoleName, string> = {
  organiser: "an organiser",
  judge: "a judge",
  mentor: "a mentor",
  support: "support staff",
};

/**
 * The roles held at the event at this address by whoever holds the session, counting a community organiser
 * as an event organiser. Keyed by the session rather than the person, so that it can be read at the same
 * time as the session (see rolesAt); built once (see preparedStatement), as nearly every page of an event
 * reads it.
 */
const rolesOfSessionAt = preparedStatement((db) =>
  db
    .select({ role: eventRoles.role })
    .from(eventRoles)
    .innerJoin(events, eq(events.id, eventRoles.eventId))
    .innerJoin(sessions, eq(sessions.userId, eventRoles.userId))
    .where(and(eq(sessions.id, sql.placeholder("sessionId")), eq(events.slug, sql.placeholder("slug"))))
    .unionAll(
      db
        .select({ role: sql<EventRoleName>`'organiser'::event_role_name`.as("role") })
        .from(events)
        .innerJoin(communityOrganisers, eq(communityOrganisers.communityId, events.communityId))
        .innerJoin(sessions, eq(sessions.userId, communityOrganisers.userId))
        .where(and(eq(sessions.id, sql.placeholder("sessionId")), eq(events.slug, sql.placeholder("slug")))),
    )
    .prepare("roles_at_event"),
);

/**
 * The roles the signed-in person holds at the event at this address; none for a visitor. Read together with
 * the session, by the id in the session cookie, and counted only when the session checks out (the same
 * cookie, so the same session). Read once per request.
 */
function rolesAt(request: Request, slug: string): Promise<Set<EventRoleName>> {
  let bySlug = rolesOfRequest.get(request);
  if (!bySlug) rolesOfRequest.set(request, (bySlug = new Map()));
  let roles = bySlug.get(slug);
  if (!roles) {
    const sessionId = sessionIdOf(request);
    roles =
      sessionId && isSlug(slug)
        ? Promise.all([getCurrentSession(request), rolesOfSessionAt().execute({ sessionId, slug })]).then(
            ([current, rows]) =>
              current?.session.id === sessionId ? new Set(rows.map((row) => row.role)) : new Set<EventRoleName>(),
          )
        : Promise.resolve(new Set<EventRoleName>());
    bySlug.set(slug, roles);
  }
  return roles;
}

/**
 * The user must hold one of `roles` at the event. Platform administrators pass every check,
 * so that someone can always act when an event's organisers cannot.
 */
export async function requireEventRole(
  request: Request,
  event: Pick<Event, "slug">,
  roles: readonly EventRoleName[],
): Promise<{ user: User; roles: Set<EventRoleName> }> {
  const [user, held] = await Promise.all([requireUser(request), rolesAt(request, event.slug)]);
  if (user.isAdmin || roles.some((role) => held.has(role))) return { user, roles: held };
  const wanted = roles.map((role) => roleLabels[role]).join(" or ");
  forbidden(`You need to be ${wanted} for this event to see this page.`);
}

/**
 * The event at this address, for one of its organisers (or an administrator). A draft's
 * existence is revealed to nobody else: they get the same 404 as for an address with no event.
 */
export async function requireOrganiserOfEvent(request: Request, slug: string | undefined) {
  // The person, the event and their roles there are read at the same time.
  const [user, found, roles] = await Promise.all([
    requireUser(request),
    slug ? getEventBySlug(slug) : null,
    slug ? rolesAt(request, slug) : new Set<EventRoleName>(),
  ]);
  if (!found) notFound("There is no event at this address.");
  if (!user.isAdmin && !roles.has("organiser")) {
    if (found.event.status === "draft") notFound("There is no event at this address.");
    forbidden("You need to be an organiser for this event to see this page.");
  }
  return { user, ...found };
}

/**
 * The community at this address, for one of its organisers (or an administrator). Everyone else
 * is told they lack the role; an address with no community is a 404.
 */
export async function requireOrganiserOfCommunity(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const community = slug ? await getCommunityBySlug(slug) : null;
  if (!community) notFound("There is no community at this address.");
  if (!user.isAdmin) {
    const [organiser] = await getDb()
      .select({ userId: communityOrganisers.userId })
      .from(communityOrganisers)
      .where(and(eq(communityOrganisers.communityId, community.id), eq(communityOrganisers.userId, user.id)));
    if (!organiser) forbidden(`You need to be an organiser of ${community.name} to see this page.`);
  }
  return { user, community };
}

/**
 * The event at this address as a visitor may see it: published, cancelled and archived events
 * for everyone, drafts only for their organisers. Says whether the viewer can manage it.
 */
export async function requireVisibleEvent(request: Request, slug: string | undefined) {
  // The event, the session and the roles there are read at the same time: none needs the others.
  const [found, user, roles] = await Promise.all([
    slug ? getEventBySlug(slug) : null,
    getUser(request),
    slug ? rolesAt(request, slug) : new Set<EventRoleName>(),
  ]);
  if (!found) notFound("There is no event at this address.");
  const canManage = Boolean(user?.isAdmin) || roles.has("organiser");
  if (found.event.status === "draft" && !canManage) notFound("There is no event at this address.");
  return { user, roles, canManage, ...found };
}

/**
 * A judging round of the event at this address, for the event's organisers. `kinds` limits the
 * page to those kinds of round (a vote has no rubric or scores); any other answers the same 404
 * as an address with no round.
 */
export async function requireOrganiserOfRound(
  request: Request,
  slug: string | undefined,
  roundId: string | undefined,
  kinds: readonly JudgingRound["kind"][] = ["shortlist", "final", "peoples_choice"],
) {
  const found = await requireOrganiserOfEvent(request, slug);
  const round = await getRound(found.event, roundId);
  if (!round || !kinds.includes(round.kind)) {
    notFound(kinds.length === 1 && kinds[0] === "final" ? "There is no final at this address." : NO_ROUND);
  }
  return { ...found, round };
}

const NO_ROUND = "There is no judging round at this address.";

/**
 * Someone who works the follow-on support of at least one event (its support staff, its
 * organisers, its community's organisers) or an administrator. Which requests they may see is
 * decided per request by the support model.
 */
export async function requireSupportStaff(request: Request): Promise<User> {
  const user = await requireUser(request);
  const scope = await supportedEventIds(getDb(), user);
  if (scope !== null && scope.length === 0) {
    forbidden(
      "This page is for the people who answer winning teams' follow-on support requests, and you do not support any event. If you should, ask the event's organisers to add you as support staff.",
    );
  }
  return user;
}
