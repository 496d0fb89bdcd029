// The authorisation matrix: every route module of the built app, from its own route manifest,
// against every role, over HTTP through the production server. Each route's entry says, for each
// of the twelve roles of tests/support/matrix-world.ts, what its loader (GET) and its action
// (POST) must answer. A route added without an entry, an entry for a route that no longer exists,
// or an entry whose GET/POST expectations do not match the module's loader and action fails the
// first test. The second lists every answer that differs from the matrix, and every answer that
// shows one of the world's SECRETS to a role that may not read it, so one run shows every problem.
//
// Answers:
//   allow      GET: 2xx, or a redirect that is not to /login. POST: the same, or 400 — the form
//              was read, so the guard let the request through (the forms sent are empty or
//              invalid, so that checking changes nothing; where one is not, a comment says so).
//              A page's loader runs after its action, so its redirect may be a POST's answer.
//   login      a redirect to /login.
//   home       a redirect to / (signed-in people sent away from the sign-in pages).
//   forbidden  403.
//   notFound   404: an address whose row is not the viewer's answers as if it did not exist.
//   refused    any 4xx: a complete, valid form that the model must refuse for this viewer (a
//              success would redirect, and would change the world).
import path from "node:path";
import { matchRoutes } from "@remix-run/react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ROOT,
  buildExists,
  scratchDatabase,
  startAppServer,
  type AppServer,
  type ScratchDatabase,
} from "../support/app-server";
import { ROLES, SECRETS, seedMatrixWorld, type MatrixWorld, type Role } from "../support/matrix-world";

type Answer = "allow" | "login" | "home" | "forbidden" | "notFound" | "refused";
type Answers = Record<Role, Answer>;
type Form = Record<string, string>;

interface Case {
  /** What this case shows, besides the route's main address. */
  about?: string;
  url: (world: MatrixWorld) => string;
  get?: Answers;
  post?: {
    answers: Answers;
    /** Fields of the form sent; none when omitted. */
    form?: (world: MatrixWorld) => Form;
    /** Send with the role's spare session: the action ends the session it comes with. */
    spareSession?: true;
  };
}

// ---------------------------------------------------------------------------------------------
// Who gets what

function answers(base: Answer, overrides: Partial<Answers> = {}): Answers {
  return { ...(Object.fromEntries(ROLES.map((role) => [role, base])) as Answers), ...overrides };
}

/** Everyone, signed in or not. */
const everyone = (answer: Answer = "allow") => answers(answer);
/** Anyone signed in; anonymous visitors are sent to sign in. */
const signedIn = () => answers("allow", { anonymous: "login" });
/** `allowed` only: other signed-in people get `others`, anonymous visitors are sent to sign in. */
function only(allowed: readonly Role[], others: Answer, overrides: Partial<Answers> = {}): Answers {
  const base = answers(others, { anonymous: "login" });
  for (const role of allowed) base[role] = "allow";
  return { ...base, ...overrides };
}

const ADMIN: readonly Role[] = ["admin"];
const ORGANISERS: readonly Role[] = ["organiser", "admin"];
const JUDGES: readonly Role[] = ["judgeAssigned", "judgeUnassigned", "judgeConflicted"];
const TEAM: readonly Role[] = ["captain", "member"];
/** Who works some event's follow-on support: its support staff and organisers (of any event). */
const SUPPORT_STAFF: readonly Role[] = ["support", "organiser", "otherOrganiser", "admin"];

const admins = () => only(ADMIN, "forbidden");
const organisers = () => only(ORGANISERS, "forbidden");
/**
 * This event's row addressed through the other event's pages: the other event's organiser passes
 * that event's guard but must not find this event's row there; an administrator neither.
 */
const throughOtherEvent = () => only([], "forbidden", { otherOrganiser: "notFound", admin: "notFound" });

/** A page of this event's organisers, without an action. */
function manage(url: Case["url"]): Case[] {
  return [{ url, get: organisers() }];
}

/** A page of this event's organisers whose action is sent `form`: empty unless given. */
function manageWithAction(url: Case["url"], form?: (world: MatrixWorld) => Form): Case[] {
  return [{ url, get: organisers(), post: { answers: organisers(), ...(form ? { form } : {}) } }];
}

const at = (suffix: string) => (world: MatrixWorld) => `/events/${world.slug}${suffix}`;
const shortlist =
  (suffix = "") =>
  (world: MatrixWorld) =>
    `/events/${world.slug}/manage/judging/rounds/${world.shortlistId}${suffix}`;

// ---------------------------------------------------------------------------------------------
// The matrix, keyed by route id

const matrix: Record<string, Case[]> = {
  // The root loader runs under every page; the home page reaches it.
  root: [{ url: () => "/", get: everyone() }],
  "routes/_index": [{ url: () => "/", get: everyone() }],
  "routes/$": [{ url: () => "/no-such-page", get: everyone("notFound"), post: { answers: everyone("notFound") } }],
  "routes/healthz": [{ url: () => "/healthz", get: everyone() }],
  "routes/check-email": [{ url: () => "/check-email", get: everyone() }],

  // Signing in and out, and accounts.
  "routes/login": [
    {
      url: () => "/login",
      get: answers("home", { anonymous: "allow" }),
      post: { answers: answers("home", { anonymous: "allow" }) },
    },
  ],
  "routes/signup": [
    {
      url: () => "/signup",
      get: answers("home", { anonymous: "allow" }),
      post: { answers: answers("home", { anonymous: "allow" }) },
    },
  ],
  "routes/logout": [{ url: () => "/logout", get: everyone(), post: { answers: everyone(), spareSession: true } }],
  "routes/forgot-password": [{ url: () => "/forgot-password", post: { answers: everyone() } }],
  "routes/reset-password": [{ url: () => "/reset-password", get: everyone(), post: { answers: everyone() } }],
  "routes/verify-email": [{ url: () => "/verify-email", get: everyone(), post: { answers: everyone() } }],
  // The first account's offer of the administrator role: long taken here.
  "routes/setup": [
    {
      url: () => "/setup",
      get: answers("home", { anonymous: "login" }),
      post: { answers: signedIn() },
    },
  ],
  "routes/account._index": [{ url: () => "/account", get: signedIn() }],
  "routes/account.password": [{ url: () => "/account/password", get: signedIn(), post: { answers: signedIn() } }],
  "routes/account.sessions": [{ url: () => "/account/sessions", get: signedIn(), post: { answers: signedIn() } }],

  // Platform administration.
  "routes/admin._index": [{ url: () => "/admin", get: admins() }],
  "routes/admin.users": [{ url: () => "/admin/users", get: admins(), post: { answers: admins() } }],
  "routes/admin.communities._index": [{ url: () => "/admin/communities", get: admins() }],
  "routes/admin.communities.new": [{ url: () => "/admin/communities/new", get: admins(), post: { answers: admins() } }],
  "routes/admin.communities.$slug": [
    { url: (w) => `/admin/communities/${w.communitySlug}`, get: admins(), post: { answers: admins() } },
  ],
  // The mailbox is for development: the production server answers 404 even to an administrator.
  "routes/admin.mailbox": [{ url: () => "/admin/mailbox", get: only([], "forbidden", { admin: "notFound" }) }],
  "routes/admin.support-report": [{ url: () => "/admin/support-report", get: admins() }],
  "routes/admin.support-report[.]csv": [{ url: () => "/admin/support-report.csv", get: admins() }],

  // Organising: this event's organiser holds the event's role, not its community's, so the
  // community's pages are for administrators only here.
  "routes/organise._index": [{ url: () => "/organise", get: signedIn() }],
  "routes/organise.new": [{ url: () => "/organise/new", get: admins(), post: { answers: admins() } }],
  "routes/organise.communities.$slug.prize-money": [
    { url: (w) => `/organise/communities/${w.communitySlug}/prize-money`, get: admins() },
  ],
  "routes/organise.communities.$slug.support-report": [
    {
      url: (w) => `/organise/communities/${w.communitySlug}/support-report`,
      get: admins(),
      post: { answers: admins() },
    },
  ],
  "routes/organise.communities.$slug.support-report[.]csv": [
    { url: (w) => `/organise/communities/${w.communitySlug}/support-report.csv`, get: admins() },
  ],

  // The support queue, for whoever works some event's support; a request only for those who work
  // its event's (the other event's organiser works their own event's, not this one's).
  "routes/support._index": [{ url: () => "/support", get: only(SUPPORT_STAFF, "forbidden") }],
  "routes/support.requests.$requestId": [
    {
      url: (w) => `/support/requests/${w.supportRequestId}`,
      get: only(["support", "organiser", "admin"], "forbidden", { otherOrganiser: "notFound" }),
      post: { answers: only(["support", "organiser", "admin"], "forbidden", { otherOrganiser: "notFound" }) },
    },
  ],

  // The event's public pages.
  "routes/events.$slug._index": [{ url: at(""), get: everyone() }],
  "routes/events.$slug.calendar[.]ics": [{ url: at("/calendar.ics"), get: everyone() }],
  "routes/events.$slug.results": [{ url: at("/results"), get: everyone() }],
  "routes/events.$slug.projects._index": [{ url: at("/projects"), get: everyone() }],
  "routes/events.$slug.projects.$id": [
    { url: (w) => `/events/${w.slug}/projects/${w.entryId}`, get: everyone() },
    { about: "another team's draft", url: (w) => `/events/${w.slug}/projects/${w.draftId}`, get: everyone("notFound") },
  ],
  "routes/events.$slug.screenshots.$id": [
    { url: (w) => `/events/${w.slug}/screenshots/${w.entryScreenshotId}`, get: everyone() },
    {
      about: "a screenshot of another team's draft",
      url: (w) => `/events/${w.slug}/screenshots/${w.draftScreenshotId}`,
      get: everyone("notFound"),
    },
  ],

  // Taking part. Each of these pages is about the viewer's own registration, team or entry, so
  // anyone signed in may open it; what it shows is scoped by the models to the viewer's rows.
  "routes/events.$slug.register": [{ url: at("/register"), get: signedIn(), post: { answers: signedIn() } }],
  "routes/events.$slug.join.$code": [
    // The link is team A's real one. Joining is refused to everyone (teams closed at the
    // deadline), so the empty post changes nothing.
    { url: (w) => `/events/${w.slug}/join/${w.inviteCode}`, get: signedIn(), post: { answers: signedIn() } },
  ],
  "routes/events.$slug.team": [{ url: at("/team"), get: signedIn(), post: { answers: signedIn() } }],
  // The board is for those taking part (and the organisers); who may invite or ask to join is the
  // team model's to decide, after the form is read, so an empty post passes for anyone signed in.
  "routes/events.$slug.teams": [
    {
      url: at("/teams"),
      get: only(["participant", "member", "captain", "organiser", "admin"], "forbidden"),
      post: { answers: signedIn() },
    },
  ],
  "routes/events.$slug.submission._index": [
    { url: at("/submission"), get: signedIn(), post: { answers: signedIn() } },
    {
      // Team A has an extension, so its members may still change their own entry: their refusal
      // comes from the screenshot not being theirs, not from the deadline.
      about: "removing a screenshot of another team's draft",
      url: at("/submission"),
      post: {
        answers: answers("refused", { anonymous: "login" }),
        form: (w) => ({ intent: "remove-screenshot", screenshotId: w.draftScreenshotId }),
      },
    },
  ],
  "routes/events.$slug.submission.history": [{ url: at("/submission/history"), get: signedIn() }],
  "routes/events.$slug.submission.screenshots": [
    { url: at("/submission/screenshots"), get: signedIn(), post: { answers: signedIn() } },
  ],
  "routes/events.$slug.vote": [{ url: at("/vote"), get: signedIn(), post: { answers: signedIn() } }],
  // A winning team's prize money and support: its members only; anyone else is told there is none.
  "routes/events.$slug.prizes": [
    { url: at("/prizes"), get: only(TEAM, "notFound"), post: { answers: only(TEAM, "notFound") } },
    {
      // Sends "paid to them", which the captain's share already is: the captain's own (allowed)
      // post leaves where the money goes as it was, though it records the choice again.
      about: "directing the captain's share of the prize",
      url: at("/prizes"),
      post: {
        answers: only(["captain"], "notFound", { member: "refused" }),
        form: (w) => ({
          intent: "direct-share",
          shareId: w.captainShareId,
          [`payeeKind-${w.captainShareId}`]: "person",
        }),
      },
    },
  ],
  "routes/events.$slug.support._index": [
    { url: at("/support"), get: only(TEAM, "notFound"), post: { answers: only(TEAM, "notFound") } },
  ],
  "routes/events.$slug.support.$requestId": [
    {
      url: (w) => `/events/${w.slug}/support/${w.supportRequestId}`,
      get: only(TEAM, "notFound"),
      post: { answers: only(TEAM, "notFound") },
    },
  ],

  // Judging: the event's judges (and administrators); an entry's sheet only for a judge assigned
  // to it and free of conflict with its team.
  "routes/events.$slug.judge._index": [{ url: at("/judge"), get: only([...JUDGES, "admin"], "forbidden") }],
  "routes/events.$slug.judge.conflicts": [
    {
      url: at("/judge/conflicts"),
      get: only([...JUDGES, "admin"], "forbidden"),
      post: { answers: only([...JUDGES, "admin"], "forbidden") },
    },
  ],
  "routes/events.$slug.judge.$entryId": [
    {
      about: "team A's entry: assigned to one judge, conflicted for another, not assigned to the third",
      url: (w) => `/events/${w.slug}/judge/${w.entryId}`,
      get: only(["judgeAssigned"], "forbidden", {
        judgeUnassigned: "notFound",
        judgeConflicted: "notFound",
        admin: "notFound",
      }),
      post: {
        answers: only(["judgeAssigned"], "forbidden", {
          judgeUnassigned: "notFound",
          judgeConflicted: "notFound",
          admin: "notFound",
        }),
      },
    },
    {
      about: "team C's entry, another judge's sheet",
      url: (w) => `/events/${w.slug}/judge/${w.otherEntryId}`,
      get: only(["judgeUnassigned"], "forbidden", {
        judgeAssigned: "notFound",
        judgeConflicted: "notFound",
        admin: "notFound",
      }),
      post: {
        answers: only(["judgeUnassigned"], "forbidden", {
          judgeAssigned: "notFound",
          judgeConflicted: "notFound",
          admin: "notFound",
        }),
      },
    },
  ],

  // Managing the event: its organisers and administrators. The other event's organiser is
  // refused every one of them, this event's registrations among them.
  "routes/events.$slug.manage._index": manageWithAction(at("/manage")),
  "routes/events.$slug.manage.details": manageWithAction(at("/manage/details")),
  "routes/events.$slug.manage.timeline": manageWithAction(
    at("/manage/timeline"),
    // Empty, the form would clear the timeline (and be refused only for want of a reason).
    () => ({ submissionDeadlineAtDate: "not a date", submissionDeadlineAtTime: "10:00" }),
  ),
  "routes/events.$slug.manage.entry": manageWithAction(at("/manage/entry")),
  "routes/events.$slug.manage.themes": manageWithAction(at("/manage/themes")),
  "routes/events.$slug.manage.prizes": manageWithAction(at("/manage/prizes")),
  "routes/events.$slug.manage.organisers": manageWithAction(at("/manage/organisers")),
  "routes/events.$slug.manage.registrations": manage(at("/manage/registrations")),
  "routes/events.$slug.manage.registrations[.]csv": manage(at("/manage/registrations.csv")),
  "routes/events.$slug.manage.check-in": [
    ...manageWithAction(at("/manage/check-in")),
    {
      // A complete form: were it accepted, this event's participant would be checked in.
      about: "checking in this event's participant through the other event",
      url: (w) => `/events/${w.otherSlug}/manage/check-in`,
      post: {
        answers: only([], "forbidden", { otherOrganiser: "refused", admin: "refused" }),
        form: (w) => ({ intent: "check-in", registrationId: w.participantRegistrationId }),
      },
    },
  ],
  "routes/events.$slug.manage.teams": manageWithAction(at("/manage/teams")),
  // The gallery switch has no invalid form: the empty post sets "show after the deadline" to off,
  // which it already is, so the organisers' and the administrator's posts leave it as it was.
  "routes/events.$slug.manage.submissions._index": manageWithAction(at("/manage/submissions")),
  "routes/events.$slug.manage.submissions[.]csv": manage(at("/manage/submissions.csv")),
  "routes/events.$slug.manage.submissions.import": manageWithAction(at("/manage/submissions/import")),
  "routes/events.$slug.manage.submissions.extension": [
    ...manageWithAction((w) => `/events/${w.slug}/manage/submissions/extension?team=${w.teamId}`),
    {
      about: "this event's team through the other event",
      url: (w) => `/events/${w.otherSlug}/manage/submissions/extension?team=${w.teamId}`,
      get: throughOtherEvent(),
      post: { answers: throughOtherEvent() },
    },
  ],
  "routes/events.$slug.manage.submissions.$id": [
    ...manageWithAction((w) => `/events/${w.slug}/manage/submissions/${w.entryId}`),
    {
      about: "this event's entry through the other event",
      url: (w) => `/events/${w.otherSlug}/manage/submissions/${w.entryId}`,
      get: throughOtherEvent(),
      post: { answers: throughOtherEvent() },
    },
  ],
  "routes/events.$slug.manage.judging._index": manage(at("/manage/judging")),
  "routes/events.$slug.manage.judging.judges": manageWithAction(at("/manage/judging/judges")),
  "routes/events.$slug.manage.judging.rounds.new": manageWithAction(at("/manage/judging/rounds/new")),
  "routes/events.$slug.manage.judging.rounds.$roundId._index": [
    ...manageWithAction(shortlist()),
    {
      about: "this event's round through the other event",
      url: (w) => `/events/${w.otherSlug}/manage/judging/rounds/${w.shortlistId}`,
      get: throughOtherEvent(),
      post: { answers: throughOtherEvent() },
    },
  ],
  "routes/events.$slug.manage.judging.rounds.$roundId.rubric": manageWithAction(
    shortlist("/rubric"),
    // Empty, the form would be a rubric with no criteria: this one has a level it cannot read.
    () => ({ "criteria.0.name": "Impact", "criteria.0.descriptors": "not a level" }),
  ),
  "routes/events.$slug.manage.judging.rounds.$roundId.rooms": manageWithAction(
    shortlist("/rooms"),
    // Empty, the form saves every room as it is: this one names a room too long to keep.
    (w) => ({ [`room-${w.entryId}`]: "x".repeat(1000) }),
  ),
  "routes/events.$slug.manage.judging.rounds.$roundId.import": manageWithAction(shortlist("/import")),
  "routes/events.$slug.manage.judging.rounds.$roundId.results": manageWithAction(shortlist("/results")),
  "routes/events.$slug.manage.judging.rounds.$roundId.results[.]csv": manage(shortlist("/results.csv")),
  "routes/events.$slug.manage.judging.rounds.$roundId.scores[.]csv": manage(shortlist("/scores.csv")),
  "routes/events.$slug.manage.judging.rounds.$roundId.finalists": manageWithAction(
    (w) => `/events/${w.slug}/manage/judging/rounds/${w.finalId}/finalists`,
  ),
  "routes/events.$slug.manage.results": manageWithAction(at("/manage/results")),
  "routes/events.$slug.manage.prize-money._index": manageWithAction(at("/manage/prize-money")),
  // The allocation is approved, so even a complete form could not change the winners.
  "routes/events.$slug.manage.prize-money.$categoryId": [
    ...manageWithAction((w) => `/events/${w.slug}/manage/prize-money/${w.categoryId}`),
    {
      about: "this event's prize through the other event",
      url: (w) => `/events/${w.otherSlug}/manage/prize-money/${w.categoryId}`,
      get: throughOtherEvent(),
      post: { answers: throughOtherEvent() },
    },
  ],
  "routes/events.$slug.manage.prize-money.approve": manageWithAction(at("/manage/prize-money/approve")),
  "routes/events.$slug.manage.prize-money.finance[.]csv": manage(at("/manage/prize-money/finance.csv")),
  "routes/events.$slug.manage.prize-money.payouts._index": manage(at("/manage/prize-money/payouts")),
  // Someone's payout status: the team's own members, the other event's organiser and everyone
  // else but this event's organisers are refused; the other event's organiser finds nothing of
  // this event's through their own.
  "routes/events.$slug.manage.prize-money.payouts.$shareId": [
    ...manageWithAction((w) => `/events/${w.slug}/manage/prize-money/payouts/${w.memberShareId}`),
    {
      about: "this event's payout through the other event",
      url: (w) => `/events/${w.otherSlug}/manage/prize-money/payouts/${w.memberShareId}`,
      get: throughOtherEvent(),
      post: { answers: throughOtherEvent() },
    },
  ],
  "routes/events.$slug.manage.support": manageWithAction(at("/manage/support")),
};

// ---------------------------------------------------------------------------------------------
// The manifest

interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: { loader?: unknown; action?: unknown };
}

async function readManifest(): Promise<Record<string, ManifestRoute>> {
  // A computed path: the build is JavaScript made by `npm run build`, without types.
  const build = (await import(/* @vite-ignore */ path.join(ROOT, "build/server/index.js"))) as {
    routes: Record<string, ManifestRoute>;
  };
  return build.routes;
}

type RouteObject = Parameters<typeof matchRoutes>[0][number];

/** The manifest as the nested routes Remix matches addresses against. */
function routeTree(manifest: Record<string, ManifestRoute>): RouteObject[] {
  const nodes = new Map<string, RouteObject & { children?: RouteObject[] }>();
  for (const route of Object.values(manifest)) {
    nodes.set(
      route.id,
      route.index ? { id: route.id, path: route.path, index: true } : { id: route.id, path: route.path, children: [] },
    );
  }
  const roots: RouteObject[] = [];
  for (const route of Object.values(manifest)) {
    const node = nodes.get(route.id)!;
    const parent = route.parentId ? nodes.get(route.parentId) : undefined;
    if (parent) parent.children!.push(node);
    else roots.push(node);
  }
  return roots;
}

/** What is wrong with the matrix as a description of the manifest: one line per problem. */
function coverageProblems(manifest: Record<string, ManifestRoute>, world: MatrixWorld): string[] {
  const problems: string[] = [];
  const tree = routeTree(manifest);
  for (const [id, route] of Object.entries(manifest)) {
    const cases = matrix[id];
    if (!cases || cases.length === 0) {
      problems.push(`${id}: in the route manifest but not in the matrix`);
      continue;
    }
    const main = cases[0]!;
    const hasLoader = typeof route.module.loader === "function";
    const hasAction = typeof route.module.action === "function";
    if (hasLoader && !main.get) problems.push(`${id}: has a loader but its first case states no GET answers`);
    if (hasAction && !cases.some((one) => one.post))
      problems.push(`${id}: has an action but no case states POST answers`);
    for (const one of cases) {
      if (!hasLoader && one.get) problems.push(`${id}: has no loader but a case states GET answers`);
      if (!hasAction && one.post) problems.push(`${id}: has no action but a case states POST answers`);
      // Each address must reach the route it is listed under (root is under every page).
      const url = new URL(one.url(world), "http://matrix.invalid");
      const matched = (matchRoutes(tree, url.pathname) ?? []).map((match) => match.route.id);
      const reached = id === "root" ? matched.includes(id) : matched.at(-1) === id;
      if (!reached) problems.push(`${id}: ${url.pathname} reaches ${matched.at(-1) ?? "no route"} instead`);
    }
  }
  for (const id of Object.keys(matrix)) {
    if (!manifest[id]) problems.push(`${id}: in the matrix but not in the route manifest`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Asking over HTTP

interface Got {
  status: number;
  location: string | null;
  body: string;
}

function satisfies(answer: Answer, got: Got, method: "GET" | "POST"): boolean {
  const redirect = got.status >= 300 && got.status < 400;
  const to = redirect && got.location ? new URL(got.location, "http://matrix.invalid").pathname : null;
  switch (answer) {
    case "allow":
      return (
        (got.status >= 200 && got.status < 300) ||
        (redirect && to !== "/login") ||
        (method === "POST" && got.status === 400)
      );
    case "login":
      return to === "/login";
    case "home":
      return to === "/";
    case "forbidden":
      return got.status === 403;
    case "notFound":
      return got.status === 404;
    case "refused":
      return got.status >= 400 && got.status < 500;
  }
}

interface Check {
  routeId: string;
  about?: string;
  role: Role;
  method: "GET" | "POST";
  url: string;
  answer: Answer;
  cookie: string | null;
  form: Form;
}

function checksOf(world: MatrixWorld): Check[] {
  const checks: Check[] = [];
  for (const [routeId, cases] of Object.entries(matrix)) {
    for (const one of cases) {
      const url = one.url(world);
      for (const role of ROLES) {
        const cookie = role === "anonymous" ? null : world.cookies[role];
        if (one.get)
          checks.push({ routeId, about: one.about, role, method: "GET", url, answer: one.get[role], cookie, form: {} });
        if (one.post) {
          const postCookie = role === "anonymous" ? null : one.post.spareSession ? world.spareCookies[role] : cookie;
          checks.push({
            routeId,
            about: one.about,
            role,
            method: "POST",
            url,
            answer: one.post.answers[role],
            cookie: postCookie,
            form: one.post.form?.(world) ?? {},
          });
        }
      }
    }
  }
  return checks;
}

async function ask(origin: string, check: Check): Promise<Got> {
  const headers: Record<string, string> = {};
  if (check.cookie) headers.Cookie = check.cookie;
  let body: URLSearchParams | undefined;
  if (check.method === "POST") {
    // Same-site, as a browser's form would be: server/security.ts refuses cross-site writes.
    headers.Origin = origin;
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(check.form);
  }
  const response = await fetch(`${origin}${check.url}`, { method: check.method, headers, body, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), body: await response.text() };
}

/** Runs `work` over `items`, `width` at a time, keeping the results in order. */
async function inTurn<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------

// Only on PostgreSQL: the server runs in a child process and needs its own connection to the
// database this test seeds, which PGlite's single in-process connection cannot give. CI sets
// TEST_DATABASE_URL, so this always runs there.
describe.skipIf(process.env.TEST_DB_DRIVER !== "postgres")("the authorisation matrix, over HTTP", () => {
  let database: ScratchDatabase | undefined;
  let server: AppServer | undefined;
  let world: MatrixWorld;
  let manifest: Record<string, ManifestRoute>;

  beforeAll(async () => {
    if (!buildExists()) throw new Error("The production build is missing: run npm run build first.");
    manifest = await readManifest();
    database = await scratchDatabase(`hackday_matrix_${process.pid}`);
    // The server applies the migrations as it starts, so the world is seeded after it answers.
    server = await startAppServer({ databaseUrl: database.url });
    world = await seedMatrixWorld(database.url);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  }, 60_000);

  it("has an entry for every route in the app's manifest, and only those, matching their loaders and actions", () => {
    expect(coverageProblems(manifest, world)).toEqual([]);
  });

  it("gets the answer the matrix states for every route, role and method", async () => {
    const checks = checksOf(world);
    // Every GET first, then every POST: the few posts that write leave what the pages show alone.
    const ordered = [
      ...checks.filter((check) => check.method === "GET"),
      ...checks.filter((check) => check.method === "POST"),
    ];
    const answered = await inTurn(ordered, 4, async (check) => ({ check, got: await ask(server!.origin, check) }));
    const where = (check: Check) =>
      `${check.method} ${check.url} [${check.routeId}${check.about ? `: ${check.about}` : ""}] as ${check.role}`;
    const mismatches = answered.flatMap(({ check, got }) => [
      ...(satisfies(check.answer, got, check.method)
        ? []
        : [`${where(check)}: expected ${check.answer}, got ${got.status}${got.location ? ` to ${got.location}` : ""}`]),
      ...SECRETS.filter((secret) => !secret.readers.includes(check.role) && got.body.includes(secret.text)).map(
        (secret) => `${where(check)}: shows ${secret.name}`,
      ),
    ]);
    // A secret no reader is ever shown would make its check vacuous (a misspelt word, say).
    for (const secret of SECRETS) {
      if (!answered.some(({ check, got }) => secret.readers.includes(check.role) && got.body.includes(secret.text))) {
        mismatches.push(`${secret.name}: shown to none of its readers, so its absence elsewhere proves nothing`);
      }
    }
    const errors = answered.filter(({ got }) => got.status >= 500).length;
    // A server error is never an answer the matrix states; the server's log says why.
    const log = errors > 0 ? `\nThe end of the server's log:\n${server!.log().slice(-4000)}` : "";
    expect(mismatches, `${mismatches.length} problems in ${answered.length} answers${log}`).toEqual([]);
  }, 600_000);
});
