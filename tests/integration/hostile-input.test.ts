// Hostile input on every form action: each route module that exports an action is posted many
// generated forms (its own field names with hostile values: very long strings, any code point,
// control characters, HTML and script, SQL fragments, numbers for text and text for numbers,
// impossible dates, missing and repeated fields, unknown intents), as someone its guard lets in.
// The answer is never a 500, a 400 carries messages, and a refused form stores nothing. Runs are
// seeded (HOSTILE_SEED replays or explores another seed; fast-check prints the seed and the
// failing form when a run fails).
import { desc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HONEYPOT_FIELD } from "~/components/form";
import { getDb } from "~/db/client.server";
import {
  eventRoles,
  events,
  prizeAwards,
  registrations,
  supportEntitlements,
  supportRequests,
  themes,
  type User,
} from "~/db/schema";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";
import { TIMELINE_STEPS } from "~/domain/phases";
import { createRound } from "~/models/judging.server";
import { allocationView, payouts } from "~/models/prizes.server";
import { logSupportRequest } from "~/models/support.server";
import { ORIGIN, makeUser, run, signedInCookie, type Outcome } from "./db";
import { announcedEvent, category, entry, judgedRound, ok, ownAddress } from "./fixtures";

// ---------------------------------------------------------------------------------------------
// Every route module, so that a new form action without a row in the table below fails.

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;
const routeModules = import.meta.glob<{ action?: Handler }>("../../app/routes/*.{ts,tsx}", { eager: true });
const actionRoutes = Object.entries(routeModules)
  .filter(([, module]) => typeof module.action === "function")
  .map(([path, module]) => ({ file: path.slice(path.lastIndexOf("/") + 1), action: module.action! }));

// ---------------------------------------------------------------------------------------------
// The world the forms are posted into: a live hack day (registration and submissions open, an
// open shortlist and a final round, a prize) and a challenge whose results are announced (prize
// shares, follow-on support and a request), in one community.

const LIVE = "hostile-live-2030";
const DONE = "hostile-done-2030";

async function buildWorld() {
  const db = getDb();
  const done = await announcedEvent({ eventSlug: DONE, title: "Announced Challenge" });
  const { community, olu, sam, winners } = done;
  const admin = await makeUser({ name: "Ada Administrator", email: ownAddress(), isAdmin: true });

  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  const [live] = await db
    .insert(events)
    .values({
      communityId: community.id,
      slug: LIVE,
      title: "Hostile Hack Day",
      summary: "A call that is open",
      kind: "hackday",
      status: "published",
      registrationOpensAt: new Date(now - 10 * day),
      registrationClosesAt: new Date(now + 30 * day),
      submissionsOpenAt: new Date(now - 5 * day),
      submissionDeadlineAt: new Date(now + 40 * day),
      teamSizeMin: 1,
      teamSizeMax: 5,
      requiresOsiLicence: true,
    })
    .returning();
  const [theme] = await db.insert(themes).values({ eventId: live!.id, position: 0, title: "Falls" }).returning();
  const liveEntry = await entry(live!, "Live Entry", 2, theme!.id);
  const loner = await makeUser({ name: "Lee Loner", email: ownAddress() });
  for (const person of [...liveEntry.members, loner]) {
    await db.insert(registrations).values({ eventId: live!.id, userId: person.id, professionalRole: "developer" });
  }
  const judge = await makeUser({ name: "Jo Judge", email: ownAddress() });
  await db.insert(eventRoles).values({ eventId: live!.id, userId: judge.id, role: "judge" });
  const shortlist = await judgedRound(olu, live!, [[liveEntry, 3]], { judge, lock: false });
  const final = ok(await createRound(olu, live!, { kind: "final", name: "Final", judgesPerEntry: 1 })).round;
  const livePrize = await category(live!, "Best in show", [10_000]);
  // The prize money page makes the event's allocation when first opened; the forms on it come after.
  await allocationView(live!);

  const { requestId } = ok(
    await logSupportRequest(winners.members[0]!, done.event, {
      title: "Hosting",
      category: "code_review",
      description: "We need a review",
      priority: "normal",
      repositoryUrl: "",
    }),
  );
  const shares = (await payouts(done.event)).filter((share) => share.teamName === winners.team.name);
  const [award] = await db.select().from(prizeAwards).where(eq(prizeAwards.eventId, done.event.id));
  const [entitlement] = await db
    .select()
    .from(supportEntitlements)
    .where(eq(supportEntitlements.eventId, done.event.id));

  // Ids that exist, so that id fields are sometimes right and the forms get past their parsing.
  const ids = [
    community.id,
    live!.id,
    done.event.id,
    theme!.id,
    liveEntry.team.id,
    liveEntry.submission.id,
    loner.id,
    judge.id,
    admin.id,
    olu.id,
    shortlist.id,
    final.id,
    livePrize.id,
    requestId,
    award!.id,
    entitlement!.id,
    winners.team.id,
    ...shares.map((share) => share.id),
    ...liveEntry.members.map((member) => member.id),
  ];
  return {
    community,
    live: live!,
    done: done.event,
    admin,
    olu,
    sam,
    judge,
    loner,
    captain: liveEntry.members[0]!,
    winner: winners.members[0]!,
    liveEntry,
    theme: theme!,
    shortlist,
    final,
    livePrize,
    requestId,
    shares,
    award: award!,
    entitlement: entitlement!,
    ids,
  };
}

type World = Awaited<ReturnType<typeof buildWorld>>;

// ---------------------------------------------------------------------------------------------
// How to call each action: who posts (null: nobody signed in), the route's params and query,
// the form's field names and intents, and the file inputs of a form that uploads.

interface ActionCase {
  as: (w: World) => User | null;
  params?: (w: World) => Record<string, string>;
  query?: (w: World) => string;
  fields: (w: World) => string[];
  intents?: string[];
  /** Fields posted several times by the form itself (a group of checkboxes). */
  lists?: string[];
  files?: string[];
  /** The action has nothing to say about bad input: it ignores it, or goes back to its page. */
  noMessages?: true;
  /** Forms always posted, besides the generated ones: inputs that once answered 500. */
  examples?: (w: World) => [string, string][][];
}

const live = () => ({ slug: LIVE });
const done = () => ({ slug: DONE });
const roleFields = ["email", "userId", "invitationId"];
const roleIntents = ["invite", "remove", "cancel"];
const rubricFields = [0, 1].flatMap((slot) =>
  ["key", "name", "guidance", "weight", "scaleMin", "scaleMax", "descriptors", "remove"].map(
    (name) => `criteria.${slot}.${name}`,
  ),
);
const timelineFields = TIMELINE_STEPS.flatMap((step) => [`${step.key}Date`, `${step.key}Time`, `${step.key}Choice`]);

const CASES: Record<string, ActionCase> = {
  "$.tsx": { as: () => null, fields: () => ["anything"], noMessages: true },
  "account.password.tsx": { as: (w) => w.captain, fields: () => ["currentPassword", "newPassword"] },
  "account.sessions.tsx": {
    as: (w) => w.captain,
    fields: () => ["sessionId"],
    intents: ["end", "end-others"],
    noMessages: true,
    examples: () => [
      [
        ["intent", "end"],
        ["sessionId", "\u0000"],
      ],
    ],
  },
  "admin.communities.$slug.tsx": {
    as: (w) => w.admin,
    params: (w) => ({ slug: w.community.slug }),
    fields: () => ["name", "slug", "kind", "description", "website", ...roleFields],
    intents: ["details", ...roleIntents],
  },
  "admin.communities.new.tsx": {
    as: (w) => w.admin,
    fields: () => ["name", "slug", "kind", "description", "website"],
  },
  "admin.users.tsx": { as: (w) => w.admin, fields: () => ["userId"], intents: ["grant", "remove"] },
  "events.$slug.join.$code.tsx": {
    as: (w) => w.loner,
    params: (w) => ({ slug: LIVE, code: w.liveEntry.team.inviteCode }),
    fields: () => ["code"],
  },
  "events.$slug.judge.$entryId.tsx": {
    as: (w) => w.judge,
    params: (w) => ({ slug: LIVE, entryId: w.liveEntry.submission.id }),
    query: (w) => `?round=${w.shortlist.id}`,
    fields: () => [
      "version",
      "feedback",
      "privateNote",
      "teamAbsent",
      ...NHS_HACK_DAY_RUBRIC.criteria.map((criterion) => `score-${criterion.key}`),
    ],
  },
  "events.$slug.judge.conflicts.tsx": { as: (w) => w.judge, params: live, fields: () => ["team", "note"] },
  "events.$slug.manage._index.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["reason"],
    intents: ["publish", "close-registration", "cancel", "archive"],
  },
  "events.$slug.manage.check-in.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["registrationId", "q"],
    intents: ["check-in", "undo"],
  },
  "events.$slug.manage.details.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => [
      "kind",
      "title",
      "slug",
      "summary",
      "description",
      "isOnline",
      "venueName",
      "venueAddress",
      "timeZone",
      "rules",
    ],
  },
  "events.$slug.manage.entry.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => [
      "teamSizeMin",
      "teamSizeMax",
      "capacity",
      "eligibilityStatement",
      "questions",
      "requiresOsiLicence",
      "requiresDataAttestation",
    ],
  },
  "events.$slug.manage.judging.judges.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => [...roleFields, "expertise", "organisation", "room", "judgeUserId", "teamId", "note", "domains"],
    intents: [...roleIntents, "profile", "conflict", "remove-conflict", "domains"],
  },
  "events.$slug.manage.judging.rounds.$roundId._index.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, roundId: w.shortlist.id }),
    fields: () => ["judgeUserId", "submissionId", "name", "judgesPerEntry"],
    intents: ["auto-assign", "assign", "unassign", "lock", "unlock", "reopen", "add-entries", "details", "delete"],
  },
  "events.$slug.manage.judging.rounds.$roundId.finalists.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, roundId: w.final.id }),
    fields: () => ["finalists"],
    lists: ["finalists"],
  },
  "events.$slug.manage.judging.rounds.$roundId.import.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, roundId: w.shortlist.id }),
    fields: () => ["csv"],
    files: ["file"],
  },
  "events.$slug.manage.judging.rounds.$roundId.results.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, roundId: w.shortlist.id }),
    fields: () => ["basis", "withdrawReason", "step1", "step2", "step3", "decisionReason", "removeDecision"],
    intents: ["basis", "tie-break", "publish", "withdraw"],
  },
  "events.$slug.manage.judging.rounds.$roundId.rooms.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, roundId: w.shortlist.id }),
    fields: (w) => [`room-${w.liveEntry.submission.id}`, "room-"],
    examples: (w) => [[[`room-${w.liveEntry.submission.id}`, "Room\u00001"]]],
  },
  "events.$slug.manage.judging.rounds.$roundId.rubric.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, roundId: w.shortlist.id }),
    fields: () => rubricFields,
    intents: ["save", "reset"],
  },
  "events.$slug.manage.judging.rounds.new.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["kind", "name", "judgesPerEntry"],
  },
  "events.$slug.manage.organisers.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => roleFields,
    intents: roleIntents,
  },
  "events.$slug.manage.prize-money.$categoryId.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, categoryId: w.livePrize.id }),
    fields: (w) => ["rankingRoundId", "reason", "version", `place.${w.liveEntry.team.id}`, "place."],
  },
  "events.$slug.manage.prize-money._index.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["tieRule", "teamMayWinSeveral", "version", "reason"],
    intents: ["rules", "propose", "return"],
  },
  "events.$slug.manage.prize-money.approve.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["password", "version"],
  },
  "events.$slug.manage.prize-money.payouts.$shareId.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: DONE, shareId: w.shares[0]!.id }),
    fields: () => ["to", "paidOn", "reference", "reason", "version"],
  },
  "events.$slug.manage.prizes.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => [
      "name",
      "description",
      "sponsor",
      "supportMonths",
      "themeId",
      "categoryId",
      "noPrizes",
      "place1",
      "place2",
      "place3",
    ],
    intents: ["add", "change", "remove", "no-prizes"],
  },
  "events.$slug.manage.results.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["when", "atDate", "atTime", "atChoice", "rankingRoundId"],
    intents: ["announce", "cancel"],
  },
  "events.$slug.manage.submissions.$id.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: LIVE, id: w.liveEntry.submission.id }),
    fields: () => ["reason", "reinstateReason"],
    intents: ["recheck", "disqualify", "reinstate"],
  },
  "events.$slug.manage.submissions._index.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["galleryAfterDeadline"],
    noMessages: true,
  },
  "events.$slug.manage.submissions.extension.tsx": {
    as: (w) => w.olu,
    params: live,
    query: (w) => `?team=${w.liveEntry.team.id}`,
    fields: () => ["untilDate", "untilTime", "reason"],
  },
  "events.$slug.manage.submissions.import.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["csv"],
    files: ["file"],
  },
  "events.$slug.manage.support.tsx": {
    as: (w) => w.olu,
    params: done,
    fields: (w) => [
      "entitlementId",
      `endsOn-${w.entitlement.id}`,
      `budget-${w.entitlement.id}`,
      `reason-${w.entitlement.id}`,
      ...roleFields,
    ],
    intents: ["change", ...roleIntents],
  },
  "events.$slug.manage.teams.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["userId", "teamId", "dissolveTeamId", "confirmDissolve", "q"],
    intents: ["move", "dissolve"],
  },
  "events.$slug.manage.themes.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => ["title", "description", "proposedBy", "themeId"],
    intents: ["add", "change", "remove"],
  },
  "events.$slug.manage.timeline.tsx": {
    as: (w) => w.olu,
    params: live,
    fields: () => [...timelineFields, "gracePeriodMinutes", "reason"],
  },
  "events.$slug.prizes.tsx": {
    as: (w) => w.winner,
    params: done,
    fields: (w) => [
      "shareId",
      "awardId",
      "proposalId",
      "answer",
      ...w.shares.flatMap((share) => [`payeeKind-${share.id}`, `organisationName-${share.id}`, `amount-${share.id}`]),
    ],
    intents: ["direct-share", "propose-shares", "answer-proposal"],
  },
  "events.$slug.register.tsx": {
    as: (w) => w.captain,
    params: live,
    fields: () => [
      "professionalRole",
      "organisation",
      "skills",
      "bio",
      "accessNeeds",
      "showProfile",
      "lookingForTeam",
      "confirmWithdraw",
      "question1",
    ],
    intents: ["save", "withdraw"],
  },
  "events.$slug.submission._index.tsx": {
    as: (w) => w.captain,
    params: live,
    fields: (w) => [
      "version",
      "title",
      "summary",
      "description",
      "themeId",
      "repositoryUrl",
      "demoUrl",
      "videoUrl",
      "licence",
      "technologies",
      "dataAttestation",
      "screenshotId",
      ...w.liveEntry.members.map((member) => `contribution-${member.id}`),
    ],
    intents: ["save", "submit", "return-to-draft", "remove-screenshot"],
  },
  "events.$slug.submission.screenshots.tsx": {
    as: (w) => w.captain,
    params: live,
    fields: () => ["description"],
    files: ["screenshot"],
  },
  "events.$slug.support.$requestId.tsx": {
    as: (w) => w.winner,
    params: (w) => ({ slug: DONE, requestId: w.requestId }),
    fields: () => ["body", "reason"],
    intents: ["message", "reopen"],
  },
  "events.$slug.support._index.tsx": {
    as: (w) => w.winner,
    params: done,
    fields: () => [
      "title",
      "category",
      "description",
      "priority",
      "repositoryUrl",
      "milestoneKind",
      "milestoneTitle",
      "milestoneDescription",
      "achievedOn",
    ],
    intents: ["request", "milestone"],
  },
  "events.$slug.team.tsx": {
    as: (w) => w.captain,
    params: live,
    fields: () => ["name", "pitch", "rolesWanted", "themeId", "requestId", "userId"],
    lists: ["rolesWanted"],
    intents: [
      "create",
      "edit",
      "renew-link",
      "accept-request",
      "decline-request",
      "accept-invitation",
      "decline-invitation",
      "withdraw-request",
      "hand-over",
      "remove-member",
      "leave",
    ],
  },
  "events.$slug.teams.tsx": {
    as: (w) => w.loner,
    params: live,
    fields: () => ["userId", "teamId", "message"],
    intents: ["invite", "ask-to-join"],
  },
  "events.$slug.vote.tsx": { as: (w) => w.captain, params: live, fields: () => ["submissionId"] },
  "forgot-password.tsx": { as: () => null, fields: () => ["email"] },
  "login.tsx": { as: () => null, fields: () => ["email", "password", "redirectTo"] },
  "logout.tsx": { as: (w) => w.captain, fields: () => [], noMessages: true },
  "organise.communities.$slug.support-report.tsx": {
    as: (w) => w.olu,
    params: (w) => ({ slug: w.community.slug }),
    fields: () => ["days"],
  },
  "organise.new.tsx": { as: (w) => w.olu, fields: () => ["communityId", "kind", "title", "slug"] },
  "reset-password.tsx": { as: () => null, fields: () => ["token", "password"] },
  "setup.tsx": { as: (w) => w.captain, fields: () => [] },
  "signup.tsx": { as: () => null, fields: () => ["name", "email", "password"] },
  "support.requests.$requestId.tsx": {
    as: (w) => w.sam,
    params: (w) => ({ requestId: w.requestId }),
    fields: () => ["assignee", "version", "kind", "body", "minutes", "status"],
    intents: ["assign", "entry"],
  },
  "verify-email.tsx": { as: () => null, fields: () => ["token"], noMessages: true },
};

// ---------------------------------------------------------------------------------------------
// Hostile values

const HOSTILE = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "<svg/onload=alert(1)>",
  "[click](javascript:alert(1))",
  "javascript:alert(1)",
  "'; drop table users; --",
  "1' or '1'='1",
  "Robert'); DROP TABLE teams;--",
  "\u0000",
  "a\u0000b",
  "bell\u0007",
  "\r\n\r\n",
  "\u202egnp.exe",
  "\ud800",
  "🏥👩‍⚕️",
  "Z̴̡̧a̶l̷g̶o̸",
  "",
  " ",
  " \t ",
  "-1",
  "0",
  "1.5",
  "1e309",
  "NaN",
  "Infinity",
  "9007199254740993",
  "0x1A",
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "31/12/2026",
  "25:61",
  "99:99",
  "yes",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "%00",
  "%",
  "../../etc/passwd",
  "${7*7}",
  "{{7*7}}",
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "a".repeat(100_000),
  "é".repeat(5_000),
];

function valueArb(world: World): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 300 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    {
      weight: 1,
      arbitrary: fc
        .date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
    },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...world.ids) },
  );
}

interface HostileForm {
  encoding: "urlencoded" | "multipart";
  entries: [string, string][];
  files: [string, string, string][];
  /** The route's params, one now and then replaced by a hostile value as a crafted address would. */
  params: Record<string, string>;
}

function formArb(world: World, form: ActionCase): fc.Arbitrary<HostileForm> {
  const value = valueArb(world);
  // Mostly one value, sometimes the same field several times.
  const values = fc.oneof(
    { weight: 5, arbitrary: value.map((one) => [one]) },
    { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) },
  );
  const fields = form.fields(world);
  const intent = form.intents
    ? fc.option(
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...form.intents).map((one) => [one]) },
          { weight: 1, arbitrary: values },
          { weight: 1, arbitrary: fc.constant([...form.intents]) },
        ),
        { freq: 8, nil: undefined },
      )
    : fc.constant(undefined);
  return fc
    .record({
      encoding: fc.constantFrom("urlencoded" as const, "multipart" as const),
      intent,
      // A field is missing one time in four.
      fields: fc.tuple(...fields.map(() => fc.option(values, { freq: 4, nil: undefined }))),
      extra: fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom("intent", "__proto__", "constructor", "_form", HONEYPOT_FIELD), value),
          value,
        ),
        {
          maxLength: 2,
        },
      ),
      files: fc.tuple(...(form.files ?? []).map(() => fc.option(fc.tuple(value, value), { freq: 4, nil: undefined }))),
      params: fc.record(
        Object.fromEntries(
          Object.entries(form.params?.(world) ?? {}).map(([name, real]) => [
            name,
            fc.oneof({ weight: 9, arbitrary: fc.constant(real) }, { weight: 1, arbitrary: value }),
          ]),
        ),
      ),
    })
    .map(({ encoding, intent, fields: chosen, extra, files, params }) => {
      const entries: [string, string][] = [];
      if (intent) for (const one of intent) entries.push(["intent", one]);
      chosen.forEach((list, index) => {
        for (const one of list ?? []) entries.push([fields[index]!, one]);
      });
      entries.push(...extra);
      const fileEntries: [string, string, string][] = [];
      files.forEach((file, index) => {
        if (file) fileEntries.push([form.files![index]!, file[0], file[1]]);
      });
      // A form with a file is always multipart, as a browser sends it.
      return { encoding: fileEntries.length > 0 ? "multipart" : encoding, entries, files: fileEntries, params };
    });
}

function hostileRequest(path: string, form: HostileForm, cookie: string | null): Request {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  if (form.encoding === "urlencoded") {
    const body = new URLSearchParams();
    for (const [name, value] of form.entries) body.append(name, value);
    return new Request(`${ORIGIN}${path}`, {
      method: "POST",
      body,
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
    });
  }
  const body = new FormData();
  for (const [name, value] of form.entries) body.append(name, value);
  for (const [name, fileName, content] of form.files) body.append(name, new Blob([content]), fileName);
  return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers });
}

// ---------------------------------------------------------------------------------------------
// What was stored: a digest of every table, except those that change on any request (a session's
// last use, rate limit windows).

const CHANGES_ON_ANY_REQUEST = new Set(["sessions", "rate_limits"]);

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function snapshot(): Promise<Record<string, string>> {
  const db = getDb();
  const tables = rowsOf<{ tablename: string }>(
    await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  )
    .map((row) => row.tablename)
    .filter((name) => !CHANGES_ON_ANY_REQUEST.has(name));
  const query = tables
    .map(
      (name) =>
        `select '${name}' as name, count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${name}" t`,
    )
    .join(" union all ");
  const rows = rowsOf<{ name: string; digest: string }>(await db.execute(sql.raw(query)));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}

// ---------------------------------------------------------------------------------------------

const SEED = Number(process.env.HOSTILE_SEED ?? 2030);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 25);
let ipCounter = 0;

/** Runs an action as the router would; an exception that is not an answer fails the run. */
function post(action: Handler, request: Request, params: Record<string, string>): Promise<Outcome> {
  // Each post from its own address, so that rate limits do not hide the validation behind 429.
  const clientIp = `2001:db8::${(++ipCounter).toString(16)}`;
  return run((args) => action({ ...args, params }), request, clientIp);
}

describe("hostile input on every form action", () => {
  it("has a way to call every route module's action", () => {
    expect(actionRoutes.length).toBeGreaterThan(40);
    expect(actionRoutes.map((route) => route.file).filter((file) => !(file in CASES))).toEqual([]);
    // And no row for an action that no longer exists.
    expect(Object.keys(CASES).filter((file) => !actionRoutes.some((route) => route.file === file))).toEqual([]);
  });

  for (const { file, action } of actionRoutes) {
    const form = CASES[file];
    if (!form) continue;
    it(`${file}: never a 500, a 400 says what is wrong, and a refused form stores nothing`, async () => {
      const world = await buildWorld();
      const user = form.as(world);
      const cookie = user ? await signedInCookie(user) : null;
      const path = `/hostile/${file}${form.query?.(world) ?? ""}`;
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(formArb(world, form), async (hostile) => {
          const before = await snapshot();
          const outcome = await post(action, hostileRequest(path, hostile, cookie), hostile.params);
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          expect(outcome.status, JSON.stringify(outcome.data)).toBeLessThan(500);
          if (outcome.status === 400) {
            const errors = (outcome.data as { errors?: Record<string, unknown> }).errors ?? {};
            const messages = Object.values(errors).filter((message) => typeof message === "string" && message !== "");
            expect(messages.length, JSON.stringify(outcome.data)).toBeGreaterThan(0);
          }
          if (outcome.status >= 400) expect(changedTables(before, await snapshot())).toEqual([]);
        }),
        {
          numRuns: RUNS,
          seed: SEED,
          examples: (form.examples?.(world) ?? []).map((entries): [HostileForm] => [
            { encoding: "urlencoded", entries, files: [], params: form.params?.(world) ?? {} },
          ]),
        },
      );
      // A body no browser sends, which cannot be read as a form at all: never a 500, and nothing
      // stored when it is refused (sign-out is the one action that reads no form).
      const broken = new Request(`${ORIGIN}${path}`, {
        method: "POST",
        body: "--x\r\nnot a part",
        headers: { ...(cookie ? { Cookie: cookie } : {}), "Content-Type": "multipart/form-data; boundary=x" },
      });
      const before = await snapshot();
      const unreadable = await post(action, broken, form.params?.(world) ?? {});
      expect(unreadable.status, JSON.stringify(unreadable.data)).toBeLessThan(500);
      if (unreadable.status >= 400) expect(changedTables(before, await snapshot())).toEqual([]);
      // The values reached the form's checks: not every post was turned away at the door, and a
      // form with checks refused some of them with its messages.
      const turnedAway = (statuses.get(401) ?? 0) + (statuses.get(403) ?? 0);
      expect(turnedAway, JSON.stringify([...statuses])).toBeLessThan(RUNS);
      if (!form.noMessages) expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    });
  }
});

// ---------------------------------------------------------------------------------------------

function actionOf(file: string): Handler {
  const found = actionRoutes.find((route) => route.file === file);
  if (!found) throw new Error(`No action in ${file}`);
  return found.action;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Text a form accepts, however hostile it looks: markup, SQL, any script, emoji. */
const acceptedText = fc
  .oneof(
    fc.constantFrom(...HOSTILE.filter((text) => text.length <= 200)),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 120 }),
  )
  .filter((text) => text.trim() !== "" && !CONTROL.test(text) && !/[\ud800-\udfff]/.test(text));

describe("hostile text that a form accepts", () => {
  it("is stored exactly as typed (trimmed), as text", async () => {
    const world = await buildWorld();
    const themesAction = actionOf("events.$slug.manage.themes.tsx");
    const requestAction = actionOf("events.$slug.support._index.tsx");
    const olu = await signedInCookie(world.olu);
    const winner = await signedInCookie(world.winner);
    await fc.assert(
      fc.asyncProperty(acceptedText, acceptedText, async (title, description) => {
        const added = await post(
          themesAction,
          hostileRequest(`/events/${LIVE}/manage/themes`, form({ intent: "add", title, description }), olu),
          { slug: LIVE },
        );
        expect(added.status, JSON.stringify(added.data)).toBe(302);
        const [theme] = await getDb()
          .select()
          .from(themes)
          .where(eq(themes.eventId, world.live.id))
          .orderBy(desc(themes.position))
          .limit(1);
        expect(theme).toMatchObject({ title: title.trim(), description: description.trim() });

        const logged = await post(
          requestAction,
          hostileRequest(
            `/events/${DONE}/support`,
            form({ intent: "request", title, description, category: "code_review", priority: "low" }),
            winner,
          ),
          { slug: DONE },
        );
        expect(logged.status, JSON.stringify(logged.data)).toBe(302);
        const requestId = /\/support\/([0-9a-f-]{36})/.exec(logged.headers.get("Location") ?? "")?.[1];
        const [stored] = await getDb().select().from(supportRequests).where(eq(supportRequests.id, requestId!));
        expect(stored).toMatchObject({ title: title.trim(), description: description.trim() });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

function form(fields: Record<string, string>): HostileForm {
  return { encoding: "urlencoded", entries: Object.entries(fields), files: [], params: {} };
}

describe("a NUL byte in an event's or a community's address", () => {
  // PostgreSQL cannot hold a NUL byte: getEventBySlug and getCommunityBySlug refuse a name that
  // cannot be an address before asking it, as they once did not (a 500).
  it("answers 404, like any unknown address", async () => {
    const world = await buildWorld();
    const cookie = await signedInCookie(world.olu);
    const request = hostileRequest("/events/%00/manage/themes", form({ intent: "add", title: "Falls" }), cookie);
    const outcome = await post(actionOf("events.$slug.manage.themes.tsx"), request, { slug: "a\u0000b" });
    expect(outcome.status).toBe(404);
  });
});
