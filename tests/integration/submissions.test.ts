// Entries end to end below the browser: drafts, versions and conflicts, the deadline to the
// second, screenshots, the repository check against a real git server, the commit frozen at the
// deadline, extensions, disqualification, the gallery's rules and importing a CSV file.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  communityOrganisers,
  emailOutbox,
  eventRoles,
  events,
  registrations,
  submissionVersions,
  submissions,
  teamMembers,
  teams,
  themes,
  type Event,
  type User,
} from "~/db/schema";
import { submissionCutoff } from "~/domain/phases";
import { freezeDueEntries, recheckFrozenEntries, saveEntry, teamEntry } from "~/models/submissions.server";
import { disqualifyEntry, entryView, galleryEntries, grantExtension, recheckRepository } from "~/models/entries.server";
import { loader as screenshotLoader } from "~/routes/events.$slug.screenshots.$id";
import { action as uploadAction } from "~/routes/events.$slug.submission.screenshots";
import { action as importAction } from "~/routes/events.$slug.manage.submissions.import";
import { loader as organiserEntriesLoader } from "~/routes/events.$slug.manage.submissions._index";
import { loader as historyLoader } from "~/routes/events.$slug.submission.history";
import { DEADLINE_PASSED, ENTRY_DISQUALIFIED, emptyEntry, type EntryFields } from "~/domain/submissions";
import { startGitServer, type GitTestServer } from "../support/git-server";
import { ORIGIN, at, formRequest, getRequest, makeUser, run, signedInCookie, type Outcome } from "./db";
import { judgedRound, ownAddress } from "./fixtures";

const SLUG = "entries-2030";
// Submissions open at OPENS; the deadline is DEADLINE with a 15-minute grace period.
const OPENS = new Date("2030-06-08T09:00:00Z");
const DEADLINE = new Date("2030-06-09T13:00:00Z");
const CUTOFF = new Date(DEADLINE.getTime() + 15 * 60_000);
const DURING = new Date("2030-06-09T10:00:00Z");

let git: GitTestServer;
let repoCounter = 0;

beforeAll(async () => {
  git = await startGitServer();
});

afterAll(async () => {
  await git?.close();
});

async function repository() {
  return git.createRepository(`project-${++repoCounter}-${process.pid}`);
}

interface Person {
  user: User;
  cookie: string;
}

async function setUp(overrides: Partial<typeof events.$inferInsert> = {}) {
  const db = getDb();
  const [community] = await db.insert(communities).values({ slug: "leeds-c4h", name: "Leeds Code4Health" }).returning();
  const [event] = await db
    .insert(events)
    .values({
      communityId: community!.id,
      slug: SLUG,
      title: "Leeds Hack Day 2030",
      kind: "hackday",
      status: "published",
      registrationOpensAt: new Date("2030-01-10T09:00:00Z"),
      registrationClosesAt: new Date("2030-06-01T17:00:00Z"),
      submissionsOpenAt: OPENS,
      submissionDeadlineAt: DEADLINE,
      gracePeriodMinutes: 15,
      teamSizeMin: 2,
      teamSizeMax: 4,
      requiresOsiLicence: true,
      requiresDataAttestation: true,
      ...overrides,
    })
    .returning();
  const [theme] = await db
    .insert(themes)
    .values({ eventId: event!.id, position: 0, title: "Missed respiratory appointments" })
    .returning();
  const organiserUser = await makeUser({ name: "Olu Organiser" });
  await db.insert(communityOrganisers).values({ communityId: community!.id, userId: organiserUser.id });
  const organiser = { user: organiserUser, cookie: await signedInCookie(organiserUser) };
  return { event: event!, theme: theme!, organiser };
}

async function person(event: Event, name: string): Promise<Person> {
  const user = await makeUser({ name });
  await getDb().insert(registrations).values({ eventId: event.id, userId: user.id, professionalRole: "developer" });
  return { user, cookie: await signedInCookie(user) };
}

/** A team with the given members, the first its captain. */
async function teamOf(event: Event, name: string, members: Person[]) {
  const [team] = await getDb()
    .insert(teams)
    .values({ eventId: event.id, name, captainUserId: members[0]!.user.id, inviteCode: `code-${name}-${Date.now()}` })
    .returning();
  await getDb()
    .insert(teamMembers)
    .values(members.map((member) => ({ teamId: team!.id, eventId: event.id, userId: member.user.id })));
  return team!;
}

async function teamWithTwo(event: Event) {
  const amara = await person(event, "Amara Okafor");
  const ben = await person(event, "Ben Clarke");
  const team = await teamOf(event, "Breathe Easy", [amara, ben]);
  return { amara, ben, team };
}

async function completeFields(themeId: string, repositoryUrl: string, people: Person[]): Promise<EntryFields> {
  return {
    ...emptyEntry(),
    title: "Breathe Easy",
    summary: "Reminds people with COPD of their clinic appointments by text",
    description: "## The problem\n\nOne in five respiratory appointments is missed.",
    themeId,
    repositoryUrl,
    licence: "MIT",
    technologies: ["FHIR", "NHS login"],
    contributions: { [people[0]!.user.id]: "Clinical safety case" },
    dataAttestation: true,
  };
}

async function entryRow(teamId: string) {
  const [row] = await getDb().select().from(submissions).where(eq(submissions.teamId, teamId));
  return row!;
}

function errorsOf(outcome: Outcome): Record<string, string> {
  return (outcome.data as { errors?: Record<string, string> }).errors ?? {};
}

describe("saving and submitting an entry", () => {
  it("saves an incomplete draft, keeps a version with what changed, and says what stops it being submitted", async () => {
    const { event } = await setUp();
    const { amara, team } = await teamWithTwo(event);
    const outcome = await saveEntry(
      amara.user,
      event,
      { fields: { ...emptyEntry(), title: "Breathe Easy" }, baseVersion: 0, submit: true },
      DURING,
    );
    expect(outcome).toMatchObject({ saved: "draft" });
    const incomplete = (outcome as { incomplete: Record<string, string> }).incomplete;
    expect(incomplete).toMatchObject({
      summary: "Enter a one-line summary",
      themeId: "Choose the theme your entry addresses",
      repositoryUrl: "Enter the address of your code repository",
      dataAttestation: "Confirm that your entry uses no real patient data",
    });
    const row = await entryRow(team.id);
    expect(row).toMatchObject({ status: "draft", title: "Breathe Easy", version: 1 });
    const versions = await getDb().select().from(submissionVersions).where(eq(submissionVersions.submissionId, row.id));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, userId: amara.user.id, action: "saved" });
    expect(versions[0]!.changes).toEqual([{ field: "title", label: "Title", before: "", after: "Breathe Easy" }]);
  });

  it("checks the repository with real git, records its branch and head, and submits a complete entry", async () => {
    const { event, theme } = await setUp();
    const { amara, ben, team } = await teamWithTwo(event);
    const repo = await repository();
    const fields = await completeFields(theme.id, `${repo.url}/`, [amara, ben]);
    const outcome = await saveEntry(amara.user, event, { fields, baseVersion: 0, submit: true }, DURING);
    expect(outcome).toMatchObject({ saved: "submitted", incomplete: {} });
    const row = await entryRow(team.id);
    expect(row).toMatchObject({
      status: "submitted",
      repositoryUrl: repo.url,
      repositoryReachable: true,
      repositoryDefaultBranch: "main",
      repositoryHeadCommit: repo.headCommit,
      submittedCommit: repo.headCommit,
      submittedByUserId: amara.user.id,
    });
    expect(row.submittedAt?.toISOString()).toBe(DURING.toISOString());
  });

  it("keeps the rest of the draft when the repository cannot be reached, with the reason on the field", async () => {
    const { event, theme } = await setUp();
    const { amara, ben, team } = await teamWithTwo(event);
    const fields = await completeFields(theme.id, `${git.baseUrl}/no-such-project.git`, [amara, ben]);
    const outcome = await saveEntry(amara.user, event, { fields, baseVersion: 0, submit: true }, DURING);
    expect(outcome).toMatchObject({ saved: "draft", repository: { ok: false, reason: "not_found" } });
    const row = await entryRow(team.id);
    expect(row).toMatchObject({ status: "draft", title: "Breathe Easy", repositoryReachable: false, licence: "MIT" });
    expect(row.repositoryMessage).toMatch(/could not find a public repository/);
  });

  it("will not submit for a team below the minimum size", async () => {
    const { event, theme } = await setUp({ teamSizeMin: 3 });
    const { amara, ben } = await teamWithTwo(event);
    const repo = await repository();
    const fields = await completeFields(theme.id, repo.url, [amara, ben]);
    const outcome = await saveEntry(amara.user, event, { fields, baseVersion: 0, submit: true }, DURING);
    expect(outcome).toMatchObject({
      saved: "draft",
      incomplete: { team: "Your team needs at least 3 members to submit. It has 2" },
    });
  });

  it("refuses someone who is in no team at the event", async () => {
    const { event } = await setUp();
    const loner = await person(event, "Lone Ranger");
    const outcome = await saveEntry(loner.user, event, { fields: emptyEntry(), baseVersion: 0, submit: false }, DURING);
    expect(outcome).toEqual({ error: expect.stringMatching(/need to be in a team/) });
  });
});

describe("the deadline", () => {
  it("accepts a save one second before the deadline plus grace, and refuses one at it and one second after", async () => {
    const { event } = await setUp();
    const { amara } = await teamWithTwo(event);
    expect(submissionCutoff(event)).toEqual(CUTOFF);
    const save = (now: Date, version: number) =>
      saveEntry(
        amara.user,
        event,
        { fields: { ...emptyEntry(), title: `At ${now.toISOString()}` }, baseVersion: version, submit: false },
        now,
      );
    expect(await save(new Date(CUTOFF.getTime() - 1000), 0)).toMatchObject({ saved: "draft" });
    expect(await save(CUTOFF, 1)).toEqual({ error: DEADLINE_PASSED });
    expect(await save(new Date(CUTOFF.getTime() + 1000), 1)).toEqual({ error: DEADLINE_PASSED });
  });

  it("refuses saves before submissions open", async () => {
    const { event } = await setUp();
    const { amara } = await teamWithTwo(event);
    const outcome = await saveEntry(
      amara.user,
      event,
      { fields: emptyEntry(), baseVersion: 0, submit: false },
      new Date(OPENS.getTime() - 1000),
    );
    expect(outcome).toEqual({ error: "Submissions are not open yet" });
  });

  it("lets one team keep working until its extension ends, with the reason audited", async () => {
    const { event, organiser } = await setUp();
    const { amara, team } = await teamWithTwo(event);
    const other = await teamWithTwoNamed(event, "Ward Watch");
    const until = new Date(CUTOFF.getTime() + 60 * 60_000);
    expect(await grantExtension(organiser.user, event, team.id, until, "Venue power cut")).toEqual({ done: true });
    const after = new Date(CUTOFF.getTime() + 30 * 60_000);
    expect(
      await saveEntry(
        amara.user,
        event,
        { fields: { ...emptyEntry(), title: "Late" }, baseVersion: 0, submit: false },
        after,
      ),
    ).toMatchObject({ saved: "draft" });
    expect(await saveEntry(other.user, event, { fields: emptyEntry(), baseVersion: 0, submit: false }, after)).toEqual({
      error: DEADLINE_PASSED,
    });
    expect(
      await saveEntry(
        amara.user,
        event,
        { fields: emptyEntry(), baseVersion: 1, submit: false },
        new Date(until.getTime() + 1000),
      ),
    ).toEqual({ error: DEADLINE_PASSED });
    const audit = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "submission.extension_granted"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: organiser.user.id, reason: "Venue power cut" });
  });
});

async function teamWithTwoNamed(event: Event, name: string) {
  const first = await person(event, `${name} one`);
  const second = await person(event, `${name} two`);
  await teamOf(event, name, [first, second]);
  return first;
}

describe("two members editing at once", () => {
  it("tells the later save that the entry changed, shows both, and overwrites only when saved again", async () => {
    const { event } = await setUp();
    const { amara, ben, team } = await teamWithTwo(event);
    await saveEntry(
      amara.user,
      event,
      { fields: { ...emptyEntry(), title: "First" }, baseVersion: 0, submit: false },
      DURING,
    );
    // Both open version 1; Amara saves first.
    await saveEntry(
      amara.user,
      event,
      { fields: { ...emptyEntry(), title: "Amara's title" }, baseVersion: 1, submit: false },
      DURING,
    );
    const late = await saveEntry(
      ben.user,
      event,
      { fields: { ...emptyEntry(), title: "Ben's title", summary: "Ben's summary" }, baseVersion: 1, submit: false },
      DURING,
    );
    expect(late).toMatchObject({
      conflict: {
        savedBy: "Amara Okafor",
        version: 2,
        theirs: { title: "Amara's title" },
        differences: [
          { field: "title", before: "Amara's title", after: "Ben's title" },
          { field: "summary", before: "", after: "Ben's summary" },
        ],
      },
    });
    expect((await entryRow(team.id)).title).toBe("Amara's title");
    const again = await saveEntry(
      ben.user,
      event,
      { fields: { ...emptyEntry(), title: "Ben's title" }, baseVersion: 2, submit: false },
      DURING,
    );
    expect(again).toMatchObject({ saved: "draft" });
    expect(await entryRow(team.id)).toMatchObject({ title: "Ben's title", version: 3 });
  });

  it("lets exactly one of two saves made at the same moment from the same version through", async () => {
    const { event } = await setUp();
    const { amara, ben, team } = await teamWithTwo(event);
    const [a, b] = await Promise.all([
      saveEntry(amara.user, event, { fields: { ...emptyEntry(), title: "A" }, baseVersion: 0, submit: false }, DURING),
      saveEntry(ben.user, event, { fields: { ...emptyEntry(), title: "B" }, baseVersion: 0, submit: false }, DURING),
    ]);
    const saved = [a, b].filter((outcome) => "saved" in outcome && outcome.saved);
    const conflicts = [a, b].filter((outcome) => "conflict" in outcome);
    expect(saved).toHaveLength(1);
    expect(conflicts).toHaveLength(1);
    expect((await entryRow(team.id)).version).toBe(1);
  });
});

// The smallest valid PNG: 1x1 pixel.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

function uploadRequest(
  cookie: string,
  file: { name: string; type: string; bytes: Uint8Array } | null,
  description: string,
) {
  const form = new FormData();
  if (file) form.set("screenshot", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  else form.set("screenshot", new File([], "", { type: "application/octet-stream" }));
  form.set("description", description);
  return new Request(`${ORIGIN}/events/${SLUG}/submission/screenshots`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie },
  });
}

describe("screenshots", () => {
  it("stores a PNG, judges the type from the bytes, and refuses files that are too large or too many", async () => {
    const { event } = await setUp({ submissionsOpenAt: new Date("2026-01-01T00:00:00Z") });
    const { amara, team } = await teamWithTwo(event);
    const upload = (file: { name: string; type: string; bytes: Uint8Array } | null, description = "The ward view") =>
      run(at(uploadAction, SLUG), uploadRequest(amara.cookie, file, description));

    const ok = await upload({ name: "ward.png", type: "image/png", bytes: PNG });
    expect(ok.status).toBe(302);
    const fake = await upload({ name: "ward.png", type: "image/png", bytes: new TextEncoder().encode("not an image") });
    expect(fake.status).toBe(400);
    expect(errorsOf(fake).screenshot).toBe("A screenshot must be a PNG or JPEG image");
    expect((fake.data as { values: Record<string, string> }).values.description).toBe("The ward view");
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooBig = await upload({ name: "big.png", type: "image/png", bytes: big });
    expect(errorsOf(tooBig).screenshot).toBe("A screenshot must be 2 MB or smaller");
    const none = await upload(null);
    expect(errorsOf(none).screenshot).toBe("Choose a screenshot");
    const noDescription = await upload({ name: "ward.png", type: "image/png", bytes: PNG }, "");
    expect(errorsOf(noDescription).description).toMatch(/Enter a description/);

    for (let i = 0; i < 4; i++)
      expect((await upload({ name: `s${i}.png`, type: "image/png", bytes: PNG })).status).toBe(302);
    const sixth = await upload({ name: "six.png", type: "image/png", bytes: PNG });
    expect(errorsOf(sixth).screenshot).toMatch(/at most 5 screenshots/);
    const entry = await teamEntry(event, amara.user.id);
    expect(entry!.screenshots).toHaveLength(5);
    expect(entry!.screenshots[0]).toMatchObject({ contentType: "image/png", byteSize: PNG.length });
    expect((await entryRow(team.id)).version).toBe(5);
  });

  it("shows a draft's screenshot to its team only, and a submitted one to organisers and, once the gallery opens, everyone", async () => {
    const { event, theme, organiser } = await setUp({ submissionsOpenAt: new Date("2026-01-01T00:00:00Z") });
    const { amara, ben } = await teamWithTwo(event);
    const outsider = await person(event, "Olive Outsider");
    expect(
      (
        await run(
          at(uploadAction, SLUG),
          uploadRequest(amara.cookie, { name: "a.png", type: "image/png", bytes: PNG }, "The ward view"),
        )
      ).status,
    ).toBe(302);
    const id = (await teamEntry(event, amara.user.id))!.screenshots[0]!.id;
    const view = (who: Person | null) =>
      run(
        (args) => screenshotLoader({ ...args, params: { slug: SLUG, id } } as never),
        getRequest(`/events/${SLUG}/screenshots/${id}`, who ? { cookie: who.cookie } : {}),
      );
    const shown = await view(ben);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Content-Type")).toBe("image/png");
    expect(shown.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect((await view(outsider)).status).toBe(404);
    expect((await view(null)).status).toBe(404);
    // A draft is not the organisers' to see.
    expect((await view(organiser)).status).toBe(404);

    const repo = await repository();
    const now = new Date();
    await saveEntry(
      amara.user,
      event,
      { fields: await completeFields(theme.id, repo.url, [amara, ben]), baseVersion: 1, submit: true },
      now,
    );
    expect((await view(organiser)).status).toBe(200);
    expect((await view(outsider)).status).toBe(404);
    // A judge sees the entries they judge, as on their scoring pages, and no others.
    const judge = async (name: string) => {
      const user = await makeUser({ name, email: ownAddress() });
      await getDb().insert(eventRoles).values({ eventId: event.id, userId: user.id, role: "judge" });
      return { user, cookie: await signedInCookie(user) };
    };
    const assigned = await judge("Jo Judge");
    const unassigned = await judge("Una Unassigned");
    const submitted = (await teamEntry(event, amara.user.id))!;
    await judgedRound(organiser.user, event, [[{ submission: submitted.submission! }, 4]], { judge: assigned.user });
    expect((await view(assigned)).status).toBe(200);
    expect((await view(unassigned)).status).toBe(404);
    await getDb()
      .update(events)
      .set({
        submissionDeadlineAt: new Date(Date.now() - 3600_000),
        gracePeriodMinutes: 0,
        submissionsOpenAt: new Date("2026-01-01T00:00:00Z"),
        galleryAfterDeadline: true,
      })
      .where(eq(events.id, event.id));
    expect((await view(null)).status).toBe(200);
  });
});

describe("the commit frozen at the deadline", () => {
  it("records the head after the deadline, links the code at it, and warns once the repository moves on", async () => {
    const { event, theme } = await setUp();
    const { amara, ben, team } = await teamWithTwo(event);
    const repo = await repository();
    await saveEntry(
      amara.user,
      event,
      { fields: await completeFields(theme.id, repo.url, [amara, ben]), baseVersion: 0, submit: true },
      DURING,
    );
    // A commit pushed before the deadline is the one judged.
    const lastBeforeDeadline = await git.pushCommit(
      repo.url
        .split("/")
        .pop()!
        .replace(/\.git$/, ""),
      "Final touches",
    );
    expect(await freezeDueEntries(new Date(CUTOFF.getTime() - 1000))).toBe(0);
    expect(await freezeDueEntries(CUTOFF)).toBe(1);
    expect(await freezeDueEntries(CUTOFF)).toBe(0);
    const frozen = await entryRow(team.id);
    expect(frozen).toMatchObject({ frozenCommit: lastBeforeDeadline, submittedCommit: repo.headCommit });

    let view = (await entryView(event, frozen.id))!;
    expect(view.codeUrl).toBe(repo.url);
    expect(view.judgedCommit).toBe(lastBeforeDeadline);
    expect(view.movedOn).toBe(false);

    await git.pushCommit(
      repo.url
        .split("/")
        .pop()!
        .replace(/\.git$/, ""),
      "Pushed after the deadline",
    );
    expect(await recheckRepository(event, frozen.id)).toEqual({ done: true });
    view = (await entryView(event, frozen.id))!;
    expect(view.movedOn).toBe(true);
    expect(view.judgedCommit).toBe(lastBeforeDeadline);
  });

  it("leaves drafts alone and freezes an extended team only when its extension ends", async () => {
    const { event, theme, organiser } = await setUp();
    const { amara, ben, team } = await teamWithTwo(event);
    const repo = await repository();
    await saveEntry(
      amara.user,
      event,
      { fields: await completeFields(theme.id, repo.url, [amara, ben]), baseVersion: 0, submit: true },
      DURING,
    );
    const until = new Date(CUTOFF.getTime() + 3600_000);
    await grantExtension(organiser.user, event, team.id, until, "Illness");
    const draftTeam = await teamWithTwoNamed(event, "Drafty");
    await saveEntry(
      draftTeam.user,
      event,
      { fields: { ...emptyEntry(), title: "Half done" }, baseVersion: 0, submit: false },
      DURING,
    );
    expect(await freezeDueEntries(CUTOFF)).toBe(0);
    expect(await freezeDueEntries(until)).toBe(1);
    const rows = await getDb().select().from(submissions);
    expect(rows.filter((row) => row.frozenAt !== null).map((row) => row.teamId)).toEqual([team.id]);
  });
});

describe("looking again while judges are at work", () => {
  it("re-checks frozen entries hourly during judging only, and a push after the deadline shows as moved on", async () => {
    const judgingOpens = new Date(CUTOFF.getTime() + 30 * 60_000);
    const judgingCloses = new Date(CUTOFF.getTime() + 6 * 3600_000);
    const { event, theme } = await setUp({ judgingOpensAt: judgingOpens, judgingClosesAt: judgingCloses });
    const { amara, ben, team } = await teamWithTwo(event);
    const repo = await repository();
    const name = repo.url
      .split("/")
      .pop()!
      .replace(/\.git$/, "");
    await saveEntry(
      amara.user,
      event,
      { fields: await completeFields(theme.id, repo.url, [amara, ben]), baseVersion: 0, submit: true },
      DURING,
    );
    await freezeDueEntries(CUTOFF);
    await git.pushCommit(name, "Pushed during judging");
    // Before judging opens, nothing is looked at again.
    expect(await recheckFrozenEntries(new Date(judgingOpens.getTime() - 1000))).toBe(0);
    // The freeze's own look is stale by then, so the first run of judging looks again.
    const firstLook = new Date(judgingOpens.getTime() + 2 * 3600_000);
    expect(await recheckFrozenEntries(firstLook)).toBe(1);
    expect(await recheckFrozenEntries(new Date(firstLook.getTime() + 60_000))).toBe(0);
    const row = await entryRow(team.id);
    expect((await entryView(event, row.id))!.movedOn).toBe(true);
    expect(await recheckFrozenEntries(new Date(judgingCloses.getTime() + 1000))).toBe(0);
  });
});

describe("organisers", () => {
  it("disqualify an entry with a reason: audited, the team emailed, the entry read-only and out of the gallery", async () => {
    const { event, theme, organiser } = await setUp();
    const { amara, ben, team } = await teamWithTwo(event);
    const repo = await repository();
    await saveEntry(
      amara.user,
      event,
      { fields: await completeFields(theme.id, repo.url, [amara, ben]), baseVersion: 0, submit: true },
      DURING,
    );
    const row = await entryRow(team.id);
    expect(await galleryEntries(event)).toHaveLength(1);
    expect(await disqualifyEntry(organiser.user, event, row.id, "Used real patient records")).toEqual({ done: true });
    expect(await galleryEntries(event)).toHaveLength(0);
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "submission.disqualified"));
    expect(audit[0]).toMatchObject({ subjectId: row.id, reason: "Used real patient records" });
    const mail = await getDb().select().from(emailOutbox);
    expect(mail.map((email) => email.toAddress).sort()).toEqual([amara.user.email, ben.user.email].sort());
    expect(mail[0]!.textBody).toContain("Used real patient records");
    const again = await saveEntry(amara.user, event, { fields: emptyEntry(), baseVersion: 1, submit: false }, DURING);
    expect(again).toEqual({ error: ENTRY_DISQUALIFIED });
  });

  it("are the only ones who reach the entries list; a participant gets 403", async () => {
    const { event, organiser } = await setUp();
    const { amara } = await teamWithTwo(event);
    const list = (who: Person) =>
      run(at(organiserEntriesLoader, SLUG), getRequest(`/events/${SLUG}/manage/submissions`, { cookie: who.cookie }));
    expect((await list(organiser)).status).toBe(200);
    expect((await list(amara)).status).toBe(403);
  });

  it("see a team's history only from inside that team", async () => {
    const { event } = await setUp();
    const { amara } = await teamWithTwo(event);
    const outsider = await teamWithTwoNamed(event, "Other team");
    await saveEntry(
      amara.user,
      event,
      { fields: { ...emptyEntry(), title: "Secret plan" }, baseVersion: 0, submit: false },
      DURING,
    );
    const outsiderCookie = outsider.cookie;
    const history = (cookie: string) =>
      run(at(historyLoader, SLUG), getRequest(`/events/${SLUG}/submission/history`, { cookie }));
    const own = (await history(amara.cookie)).data as { versions: { changes: { after: string }[] }[] };
    expect(own.versions[0]!.changes[0]!.after).toBe("Secret plan");
    const theirs = (await history(outsiderCookie)).data as { versions: unknown[] };
    expect(theirs.versions).toEqual([]);
  });
});

function csvUpload(cookie: string, text: string) {
  const form = new FormData();
  form.set("file", new File([text], "entries.csv", { type: "text/csv" }));
  return new Request(`${ORIGIN}/events/${SLUG}/manage/submissions/import`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie },
  });
}

describe("importing entries from a CSV file", () => {
  const header =
    'Project Title,Submission Url,Project Status,About The Project,"""Try it out"" Links",Video Demo Link,Built With,Submitter First Name,Submitter Last Name,Submitter Email,Team Member 1 First Name,Team Member 1 Last Name,Team Member 1 Email';

  it("shows every row's problems before saving anything", async () => {
    const { event, organiser } = await setUp();
    const text = [
      header,
      `Sepsis Spotter,https://devpost.com/software/sepsis,Submitted,Flags sepsis early.,https://github.com/nhs/sepsis,,FHIR,Ada,Lovelace,ada@example.org,,,`,
      `,https://devpost.com/software/blank,Submitted,No title here.,https://github.com/nhs/blank,,,Bob,Smith,bob@example.org,,,`,
      `Ward Watch,https://devpost.com/software/ward,Submitted,Watches wards.,https://github.com/nhs/ward,http://video.example.org/x,,Cy,Jones,not-an-email,,,`,
    ].join("\r\n");
    const outcome = await run(at(importAction, SLUG), csvUpload(organiser.cookie, text));
    expect(outcome.status).toBe(400);
    const errors = errorsOf(outcome);
    expect(Object.keys(errors).sort()).toEqual(["row-3", "row-4"]);
    expect(errors["row-3"]).toMatch(/^Row 3: .*title/i);
    expect(errors["row-4"]).toMatch(/^Row 4: /);
    expect(await getDb().select().from(teams).where(eq(teams.eventId, event.id))).toHaveLength(0);
  });

  it("previews a clean Devpost export, then imports it as submitted entries, linking people with accounts", async () => {
    const { event, organiser } = await setUp();
    const ada = await makeUser({ name: "Ada Lovelace", email: "ada@example.org" });
    const text = [
      header,
      `Sepsis Spotter,https://devpost.com/software/sepsis,Submitted,Flags sepsis early. More words.,https://github.com/nhs/sepsis,https://youtu.be/abc,"FHIR, SNOMED CT",Ada,Lovelace,ada@example.org,Grace,Hopper,grace@example.org`,
    ].join("\r\n");
    const preview = await run(at(importAction, SLUG), csvUpload(organiser.cookie, text));
    expect(preview.status).toBe(200);
    const data = preview.data as { preview: { csv: string; entries: { title: string }[] } };
    expect(data.preview.entries.map((entry) => entry.title)).toEqual(["Sepsis Spotter"]);
    expect(await getDb().select().from(teams).where(eq(teams.eventId, event.id))).toHaveLength(0);

    const confirmed = await run(
      at(importAction, SLUG),
      formRequest(`/events/${SLUG}/manage/submissions/import`, { csv: data.preview.csv }, { cookie: organiser.cookie }),
    );
    expect(confirmed.status).toBe(302);
    const [team] = await getDb().select().from(teams).where(eq(teams.eventId, event.id));
    expect(team).toMatchObject({ name: "Sepsis Spotter", captainUserId: ada.id });
    const row = await entryRow(team!.id);
    expect(row).toMatchObject({
      status: "submitted",
      title: "Sepsis Spotter",
      repositoryUrl: "https://github.com/nhs/sepsis",
      videoUrl: "https://youtu.be/abc",
      technologies: ["FHIR", "SNOMED CT"],
    });
    expect(row.importedAt).not.toBeNull();
    const members = await getDb().select().from(teamMembers).where(eq(teamMembers.teamId, team!.id));
    expect(members.map((member) => member.userId)).toEqual([ada.id]);
  });

  it("is refused to participants", async () => {
    const { event } = await setUp();
    const { amara } = await teamWithTwo(event);
    const outcome = await run(at(importAction, SLUG), csvUpload(amara.cookie, `${header}\r\n`));
    expect(outcome.status).toBe(403);
  });
});
