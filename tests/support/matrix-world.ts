// The world the authorisation matrix (tests/integration/authorisation-matrix.test.ts) asks about:
// one event, "this event", whose results are announced, seen by one person in each role, with
// every kind of row a route can point at (a team and its entry, another team's draft, a judged
// round with assignments, a score sheet and a declared conflict, a final, an approved prize
// allocation with payouts, a winner's support window and request), and another event in another
// community with an organiser and registrations of its own. Written straight into a database that
// the app's server uses, as bench/judging-window.ts does; each person gets a session.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createSession } from "~/auth/session.server";
import { sessionCookieName } from "~/auth/tokens";
import * as schema from "~/db/schema";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";

/** Everyone the matrix asks about, each relative to this event. */
export const ROLES = [
  "anonymous",
  "stranger",
  "participant",
  "member",
  "captain",
  "judgeAssigned",
  "judgeUnassigned",
  "judgeConflicted",
  "otherOrganiser",
  "organiser",
  "support",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Words written into rows that only some roles may read, each with the roles that may. The
 * matrix looks for them in every answer, so a page that lets a row through to the wrong person
 * is caught even when the page itself is theirs to open. Plain words, so HTML escaping leaves
 * them as they are.
 */
export const SECRETS: readonly { name: string; text: string; readers: readonly Role[] }[] = [
  {
    name: "the assigned judge's private note",
    text: "Private note matrix-secret-7f3a",
    readers: ["judgeAssigned", "organiser", "admin"],
  },
  {
    // The round's results are not published, so not even the team sees it yet.
    name: "the assigned judge's feedback",
    text: "Feedback matrix-secret-2b9c",
    readers: ["judgeAssigned", "organiser", "admin"],
  },
  {
    name: "the conflicted judge's declared conflict",
    text: "Conflict note matrix-secret-c0f1",
    readers: ["judgeConflicted", "organiser", "admin"],
  },
  { name: "another team's draft", text: "Draft matrix-secret-d41e", readers: ["organiser", "admin"] },
  {
    name: "the participant's access needs",
    text: "Access needs matrix-secret-a11y",
    readers: ["participant", "organiser", "admin"],
  },
  {
    name: "team A's support request",
    text: "Request matrix-secret-5e0b",
    readers: ["captain", "member", "support", "organiser", "admin"],
  },
  {
    name: "the member's payment reference",
    text: "PAYREF-matrix-secret-9d2k",
    readers: ["captain", "member", "organiser", "admin"],
  },
];

const secret = (name: string) => SECRETS.find((one) => one.name === name)!.text;

export interface MatrixWorld {
  slug: string;
  otherSlug: string;
  communitySlug: string;
  otherCommunitySlug: string;
  /** The participant's registration (registered, in no team). */
  participantRegistrationId: string;
  /** Team A: the captain's and the member's, whose entry won. */
  teamId: string;
  inviteCode: string;
  /** Team A's submitted entry, scored by the assigned judge and assigned to the conflicted one. */
  entryId: string;
  entryScreenshotId: string;
  /** Team C's submitted entry, assigned to (and scored by) the judge not assigned to team A's. */
  otherEntryId: string;
  /** Team B's draft, which none of the roles belongs to. */
  draftId: string;
  draftScreenshotId: string;
  shortlistId: string;
  finalId: string;
  categoryId: string;
  /** The captain's share of the prize, and the member's. */
  captainShareId: string;
  memberShareId: string;
  supportRequestId: string;
  /** Cookie header per signed-in role; none for anonymous. */
  cookies: Record<Exclude<Role, "anonymous">, string>;
  /** A second session per role, for requests that end the session they come with (logging out). */
  spareCookies: Record<Exclude<Role, "anonymous">, string>;
}

const DAY = 24 * 60 * 60 * 1000;

// The smallest valid PNG: 1x1 pixel.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

export async function seedMatrixWorld(url: string): Promise<MatrixWorld> {
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzle(client, { schema });
  try {
    const now = Date.now();
    // Every person has an address at a domain of their own, so no conflict is detected between
    // a judge and a team: the only conflict is the one declared below.
    const person = async (key: string, extra: Partial<typeof schema.users.$inferInsert> = {}) => {
      const [row] = await db
        .insert(schema.users)
        .values({
          email: `${key.toLowerCase()}@${key.toLowerCase()}.example`,
          name: `Matrix ${key}`,
          passwordHash: "matrix-not-a-real-hash",
          emailVerifiedAt: new Date(now - 90 * DAY),
          ...extra,
        })
        .returning();
      return row!;
    };
    const people = {
      stranger: await person("stranger"),
      participant: await person("participant"),
      member: await person("member"),
      captain: await person("captain"),
      judgeAssigned: await person("judgeAssigned"),
      judgeUnassigned: await person("judgeUnassigned"),
      judgeConflicted: await person("judgeConflicted"),
      otherOrganiser: await person("otherOrganiser"),
      organiser: await person("organiser"),
      support: await person("support"),
      admin: await person("admin", { isAdmin: true }),
    } satisfies Record<Exclude<Role, "anonymous">, schema.User>;
    const drafter = await person("drafter");
    const teamCMember = await person("teamCMember");
    const otherParticipant = await person("otherParticipant");

    const [community] = await db
      .insert(schema.communities)
      .values({ slug: "matrix-community", name: "Matrix Code4Health" })
      .returning();
    const [otherCommunity] = await db
      .insert(schema.communities)
      .values({ slug: "matrix-other-community", name: "Other Code4Health" })
      .returning();

    // Registration, submissions and judging are over; the results were announced yesterday.
    const [event] = await db
      .insert(schema.events)
      .values({
        communityId: community!.id,
        slug: "matrix-hack-day",
        title: "Matrix Hack Day",
        kind: "hackday",
        status: "published",
        summary: "The event every role is relative to.",
        publishedAt: new Date(now - 60 * DAY),
        registrationOpensAt: new Date(now - 60 * DAY),
        registrationClosesAt: new Date(now - 20 * DAY),
        submissionsOpenAt: new Date(now - 19 * DAY),
        submissionDeadlineAt: new Date(now - 10 * DAY),
        judgingOpensAt: new Date(now - 9 * DAY),
        judgingClosesAt: new Date(now - 2 * DAY),
        resultsPublishedAt: new Date(now - DAY),
        resultsAnnouncedAt: new Date(now - DAY),
      })
      .returning();
    const eventId = event!.id;
    const [otherEvent] = await db
      .insert(schema.events)
      .values({
        communityId: otherCommunity!.id,
        slug: "matrix-other-event",
        title: "Another Hack Day",
        kind: "hackday",
        status: "published",
        publishedAt: new Date(now - 30 * DAY),
        registrationOpensAt: new Date(now - 30 * DAY),
        registrationClosesAt: new Date(now + 30 * DAY),
      })
      .returning();

    await db.insert(schema.eventRoles).values([
      { eventId, userId: people.organiser.id, role: "organiser" },
      { eventId, userId: people.support.id, role: "support" },
      { eventId, userId: people.judgeAssigned.id, role: "judge" },
      { eventId, userId: people.judgeUnassigned.id, role: "judge" },
      { eventId, userId: people.judgeConflicted.id, role: "judge" },
      { eventId: otherEvent!.id, userId: people.otherOrganiser.id, role: "organiser" },
    ]);
    await db.insert(schema.judges).values([
      { eventId, userId: people.judgeAssigned.id },
      { eventId, userId: people.judgeUnassigned.id },
      { eventId, userId: people.judgeConflicted.id },
    ]);
    const [participantRegistration] = await db
      .insert(schema.registrations)
      .values({ eventId, userId: people.participant.id, accessNeeds: secret("the participant's access needs") })
      .returning();
    await db
      .insert(schema.registrations)
      .values([
        ...[people.member, people.captain, drafter, teamCMember].map((user) => ({ eventId, userId: user.id })),
        { eventId: otherEvent!.id, userId: otherParticipant.id },
      ]);

    const team = async (name: string, inviteCode: string, members: schema.User[]) => {
      const [row] = await db
        .insert(schema.teams)
        .values({ eventId, name, captainUserId: members[0]!.id, inviteCode })
        .returning();
      await db
        .insert(schema.teamMembers)
        .values(members.map((user) => ({ teamId: row!.id, eventId, userId: user.id })));
      return row!;
    };
    const teamA = await team("Breathe Easy", "matrix-team-a", [people.captain, people.member]);
    const teamB = await team("Draft Dodgers", "matrix-team-b", [drafter]);
    const teamC = await team("Wound Watch", "matrix-team-c", [teamCMember]);

    const [entry] = await db
      .insert(schema.submissions)
      .values({
        eventId,
        teamId: teamA.id,
        title: "Breathe Easy app",
        summary: "Spots asthma attacks sooner.",
        status: "submitted",
        submittedAt: new Date(now - 11 * DAY),
        // An extension that has not ended, so that team A may still change its own entry and a
        // refusal to change another team's draft comes from the row check, not from the deadline.
        extensionUntil: new Date(now + 7 * DAY),
        extensionReason: "The authorisation matrix needs an entry that can still change",
      })
      .returning();
    const [otherEntry] = await db
      .insert(schema.submissions)
      .values({ eventId, teamId: teamC.id, title: "Wound Watch app", status: "submitted" })
      .returning();
    const [draft] = await db
      .insert(schema.submissions)
      .values({ eventId, teamId: teamB.id, title: secret("another team's draft"), status: "draft" })
      .returning();
    const screenshot = async (submissionId: string, description: string) => {
      const [row] = await db
        .insert(schema.submissionScreenshots)
        .values({
          submissionId,
          position: 0,
          contentType: "image/png",
          description,
          byteSize: PNG.byteLength,
          bytes: new Uint8Array(PNG),
        })
        .returning({ id: schema.submissionScreenshots.id });
      return row!.id;
    };
    const entryScreenshotId = await screenshot(entry!.id, "The app's home screen");
    const draftScreenshotId = await screenshot(draft!.id, "An unfinished sketch");

    // A locked shortlist: the assigned judge scored team A's entry, the unassigned judge team C's;
    // the conflicted judge was assigned team A's entry and declared a conflict with the team.
    const [shortlist] = await db
      .insert(schema.judgingRounds)
      .values({ eventId, kind: "shortlist", name: "Shortlist", position: 0, judgesPerEntry: 1, status: "locked" })
      .returning();
    const [final] = await db
      .insert(schema.judgingRounds)
      .values({ eventId, kind: "final", name: "Final", position: 1 })
      .returning();
    const [rubric] = await db
      .insert(schema.rubricVersions)
      .values({
        roundId: shortlist!.id,
        version: 1,
        criteria: NHS_HACK_DAY_RUBRIC.criteria,
        createdByUserId: people.organiser.id,
      })
      .returning();
    await db.insert(schema.rubricVersions).values({
      roundId: final!.id,
      version: 1,
      criteria: NHS_HACK_DAY_RUBRIC.criteria,
      createdByUserId: people.organiser.id,
    });
    await db.insert(schema.roundEntries).values([
      { roundId: shortlist!.id, submissionId: entry!.id },
      { roundId: shortlist!.id, submissionId: otherEntry!.id },
      { roundId: final!.id, submissionId: entry!.id },
    ]);
    await db.insert(schema.judgeAssignments).values([
      { roundId: shortlist!.id, judgeUserId: people.judgeAssigned.id, submissionId: entry!.id },
      { roundId: shortlist!.id, judgeUserId: people.judgeConflicted.id, submissionId: entry!.id },
      { roundId: shortlist!.id, judgeUserId: people.judgeUnassigned.id, submissionId: otherEntry!.id },
    ]);
    const sheet = (score: number) =>
      Object.fromEntries(NHS_HACK_DAY_RUBRIC.criteria.map((criterion) => [criterion.key, score]));
    await db.insert(schema.scores).values([
      {
        roundId: shortlist!.id,
        judgeUserId: people.judgeAssigned.id,
        submissionId: entry!.id,
        rubricVersionId: rubric!.id,
        criterionScores: sheet(4),
        feedback: secret("the assigned judge's feedback"),
        privateNote: secret("the assigned judge's private note"),
      },
      {
        roundId: shortlist!.id,
        judgeUserId: people.judgeUnassigned.id,
        submissionId: otherEntry!.id,
        rubricVersionId: rubric!.id,
        criterionScores: sheet(3),
      },
    ]);
    await db.insert(schema.judgeConflicts).values({
      eventId,
      judgeUserId: people.judgeConflicted.id,
      teamId: teamA.id,
      note: secret("the conflicted judge's declared conflict"),
    });

    // The prize money: £500 to team A, split equally (the member's half already paid), proposed by
    // the organiser and approved by the administrator. The database checks that shares add up at commit, hence one transaction.
    const [prize] = await db
      .insert(schema.prizeCategories)
      .values({ eventId, position: 0, name: "Best in show", supportMonths: 12 })
      .returning();
    await db.insert(schema.prizePlaces).values({ categoryId: prize!.id, place: 1, amountPence: 50_000 });
    const shares = await db.transaction(async (tx) => {
      const [award] = await tx
        .insert(schema.prizeAwards)
        .values({ eventId, categoryId: prize!.id, place: 1, teamId: teamA.id, amountPence: 50_000 })
        .returning();
      return tx
        .insert(schema.awardShares)
        .values([
          { awardId: award!.id, userId: people.captain.id, position: 0, amountPence: 25_000 },
          {
            awardId: award!.id,
            userId: people.member.id,
            position: 1,
            amountPence: 25_000,
            status: "paid" as const,
            paidOn: new Date(now - DAY).toISOString().slice(0, 10),
            paymentReference: secret("the member's payment reference"),
          },
        ])
        .returning();
    });
    await db.insert(schema.prizeAllocations).values({
      eventId,
      status: "approved",
      proposedByUserId: people.organiser.id,
      proposedAt: new Date(now - 2 * DAY),
      approvedByUserId: people.admin.id,
      approvedAt: new Date(now - 2 * DAY),
    });

    // Team A's year of follow-on support, and the request its captain logged.
    const [entitlement] = await db
      .insert(schema.supportEntitlements)
      .values({ eventId, teamId: teamA.id, startsAt: new Date(now - DAY), endsAt: new Date(now + 364 * DAY) })
      .returning();
    const [supportRequest] = await db
      .insert(schema.supportRequests)
      .values({
        entitlementId: entitlement!.id,
        eventId,
        teamId: teamA.id,
        createdByUserId: people.captain.id,
        title: secret("team A's support request"),
        category: "hosting_deployment",
        description: "We need a hand with the deployment.",
        firstResponseDueAt: new Date(now + 5 * DAY),
      })
      .returning();

    const session = async (userId: string) => {
      const { token } = await createSession(userId, { userAgent: "authorisation-matrix", ipAddress: "127.0.0.1" }, db);
      return `${sessionCookieName(false)}=${token}`;
    };
    const cookies = {} as MatrixWorld["cookies"];
    const spareCookies = {} as MatrixWorld["spareCookies"];
    for (const [role, user] of Object.entries(people) as [Exclude<Role, "anonymous">, schema.User][]) {
      cookies[role] = await session(user.id);
      spareCookies[role] = await session(user.id);
    }

    return {
      slug: event!.slug,
      otherSlug: otherEvent!.slug,
      communitySlug: community!.slug,
      otherCommunitySlug: otherCommunity!.slug,
      participantRegistrationId: participantRegistration!.id,
      teamId: teamA.id,
      inviteCode: teamA.inviteCode,
      entryId: entry!.id,
      entryScreenshotId,
      otherEntryId: otherEntry!.id,
      draftId: draft!.id,
      draftScreenshotId,
      shortlistId: shortlist!.id,
      finalId: final!.id,
      categoryId: prize!.id,
      captainShareId: shares.find((share) => share.userId === people.captain.id)!.id,
      memberShareId: shares.find((share) => share.userId === people.member.id)!.id,
      supportRequestId: supportRequest!.id,
      cookies,
      spareCookies,
    };
  } finally {
    await client.end();
  }
}
