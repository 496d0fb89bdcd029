// The demo: a realistic NHS Hack Day run by a Code4Health community, held about five weeks before
// it is loaded (judged, prizes approved and paid out in part, winners in their support window),
// and a Code4Health challenge open for registration now. Built through the app's own models so
// that every rule the app keeps holds in the demo too; rows are written directly only where no
// model does the job, each with its reason. It loads only into a database that holds no other
// event, and loading it again changes nothing.
import { createHash } from "node:crypto";
import { and, asc, eq, gt, inArray, like, sql } from "drizzle-orm";
import { hashPassword } from "~/auth/passwords.server";
import type { Database } from "~/db/client.server";
import {
  auditEvents,
  awardShares,
  communities,
  communityOrganisers,
  emailOutbox,
  eventRoles,
  events,
  judges,
  judgingRounds,
  prizeAllocations,
  registrations,
  scores,
  submissionVersions,
  submissions,
  supportMilestones,
  supportRequests,
  teamMembers,
  teams,
  themes,
  users,
  type Event,
  type User,
} from "~/db/schema";
import { normaliseRepositoryUrl } from "~/domain/repositories";
import { eligibilityAnswers } from "~/domain/registration";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";
import { resolveLocalDateTime, toLocalParts } from "~/domain/time";
import { announceResults } from "~/models/announcements.server";
import { directShare } from "~/models/award-shares.server";
import { createCommunity } from "~/models/communities.server";
import {
  createDraftEvent,
  publishEvent,
  saveTheme,
  savePrizeCategory,
  setEligibilityQuestions,
  updateEvent,
  type EventChanges,
} from "~/models/events.server";
import { inviteToRole } from "~/models/invitations.server";
import {
  addAssignment,
  createRound,
  lockRound,
  saveJudgeProfile,
  setSharedEmailDomains,
  setTieBreak,
} from "~/models/judging.server";
import {
  allocationView,
  approveAllocation,
  changePayout,
  payouts,
  proposeAllocation,
  saveCategoryAwards,
} from "~/models/prizes.server";
import { saveRegistration } from "~/models/registrations.server";
import { declareConflict, saveScore } from "~/models/scoring.server";
import { fieldsOf, saveEntry } from "~/models/submissions.server";
import { assignRequest, logSupportRequest, postMilestone, staffEntry, teamMessage } from "~/models/support.server";
import { createTeam, joinByInviteCode } from "~/models/teams.server";
import type { PayoutChange } from "~/domain/payouts";
import type { SupportStatus } from "~/domain/support";
import {
  CHALLENGE_SLUG,
  COMMUNITY_SLUG,
  DEMO_DOMAIN,
  DEMO_PASSWORD,
  HACK_DAY_QUESTIONS,
  HACK_DAY_SLUG,
  JUDGES,
  JUDGING,
  MILESTONES,
  PATIENTS_PRIZE,
  SETTLED_TIE,
  SUPPORT_REQUESTS,
  TEAMS,
  THEMES,
  WITHOUT_A_TEAM,
  demoEmail,
  feedbackFor,
  type JudgeKey,
  type ThemeKey,
} from "./content";

const ZONE = "Europe/London";
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The made-up host of the entries' repositories: reserved, so nothing ever contacts it. */
const GIT_HOST = `https://git.${DEMO_DOMAIN}`;

export interface SignIn {
  role: string;
  name: string;
  email: string;
  password: string;
  /** The page to start from. */
  startPath: string;
}

export type DemoOutcome =
  { status: "loaded" | "already-loaded"; signIns: SignIn[] } | { status: "refused"; message: string };

const STAFF = {
  administrator: "Alex Morgan",
  organiser: "Rachel Adeyemi",
  secondOrganiser: "Gareth Price",
  support: "Nadia Rahman",
  secondSupport: "Owen Hughes",
} as const;

/** One sign-in per role, each with the page that shows that role's part of the demo. */
export function demoSignIns(): SignIn[] {
  const hackDay = `/events/${HACK_DAY_SLUG}`;
  const signIn = (role: string, name: string, startPath: string): SignIn => ({
    role,
    name,
    email: demoEmail(name),
    password: DEMO_PASSWORD,
    startPath,
  });
  return [
    signIn("Administrator", STAFF.administrator, "/admin"),
    signIn("Organiser (proposed the prize money)", STAFF.organiser, `${hackDay}/manage/prize-money`),
    signIn(
      "Second organiser (approved the prize money)",
      STAFF.secondOrganiser,
      `${hackDay}/manage/prize-money/payouts`,
    ),
    signIn("Judge (the harsh one)", JUDGES[0]!.name, `${hackDay}/judge`),
    signIn("Team captain (1st place, in follow-on support)", TEAMS[0]!.members[0]!.name, `${hackDay}/support`),
    signIn("Team member (1st place)", TEAMS[0]!.members[2]!.name, `${hackDay}/prizes`),
    signIn("Participant without a team", WITHOUT_A_TEAM[0]!.name, `/events/${CHALLENGE_SLUG}/teams`),
    signIn("Support staff", STAFF.support, "/support"),
  ];
}

/**
 * Loads the demo, or says why not. `now` is the moment the demo is loaded at: every date is
 * relative to it. It must be close to the real time, because some models (registering, joining
 * a team) read the clock themselves.
 */
export async function loadDemo(db: Database, options: { now?: Date } = {}): Promise<DemoOutcome> {
  const now = options.now ?? new Date();
  const refusal = await refusalToLoad(db);
  if (refusal === "already-loaded") return { status: "already-loaded", signIns: demoSignIns() };
  if (refusal) return { status: "refused", message: refusal };
  await new DemoBuilder(db, now).build();
  return { status: "loaded", signIns: demoSignIns() };
}

/** Why the demo must not load here, "already-loaded" when it is, or null when the database is free for it. */
async function refusalToLoad(db: Database): Promise<string | "already-loaded" | null> {
  const slugs = (await db.select({ slug: events.slug }).from(events).orderBy(asc(events.slug))).map((row) => row.slug);
  const others = slugs.filter((slug) => slug !== HACK_DAY_SLUG && slug !== CHALLENGE_SLUG);
  if (others.length > 0) {
    const named = others.slice(0, 5).join(", ") + (others.length > 5 ? ` and ${others.length - 5} more` : "");
    return `This database already holds events that are not the demo's (${named}). The demo loads only into a database without events, so that demo people and prizes never mix with real ones. Use an empty database: for example DATA_DIR=./.demo-data npm run demo, then start the app with the same DATA_DIR.`;
  }
  // The challenge is made last: with it, the whole demo is there.
  if (slugs.includes(CHALLENGE_SLUG) && slugs.includes(HACK_DAY_SLUG)) return "already-loaded";
  const [community] = await db
    .select({ id: communities.id })
    .from(communities)
    .where(eq(communities.slug, COMMUNITY_SLUG));
  const [account] = await db
    .select({ id: users.id })
    .from(users)
    .where(like(users.email, `%@${DEMO_DOMAIN}`))
    .limit(1);
  if (slugs.length > 0 || community || account) {
    return "An earlier load of the demo did not finish, so part of it is in this database. Load the demo into an empty database instead (for example a new DATA_DIR).";
  }
  return null;
}

/** The answer of a model, or an error naming the step when the model refused. */
function ok<T extends object>(step: string, outcome: T): Exclude<T, { error: string }> {
  if ("error" in outcome) throw new Error(`The demo could not ${step}: ${String(outcome.error)}`);
  return outcome as Exclude<T, { error: string }>;
}

/** An instant from a date and a time on the UK's clock. */
function ukTime(date: string, time: string): Date {
  const resolved = resolveLocalDateTime(date, time, ZONE, "later");
  if ("error" in resolved) throw new Error(resolved.error);
  return resolved.instant;
}

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

function ukDate(instant: Date): string {
  return toLocalParts(instant, ZONE).date;
}

/** A stand-in for the commit a repository's head pointed at: 40 hex digits, the same on every load. */
function commitOf(repository: string): string {
  return createHash("sha1").update(repository).digest("hex");
}

class DemoBuilder {
  private readonly accounts = new Map<string, User>();
  /** The Saturday of the hack day, about five weeks before now. */
  private readonly saturday: string;
  private readonly sunday: string;

  constructor(
    private readonly db: Database,
    private readonly now: Date,
  ) {
    const weeksAgo = ukDate(new Date(now.getTime() - 36 * DAY));
    const weekday = new Date(`${weeksAgo}T12:00:00Z`).getUTCDay();
    this.saturday = addDays(weeksAgo, -((weekday + 1) % 7));
    this.sunday = addDays(this.saturday, 1);
  }

  async build(): Promise<void> {
    const firstEmailId = await this.lastId("email");
    const { hackDay, community } = await this.hackDayCall();
    const staged = await this.registerAndFormTeams(hackDay);
    const past = await this.moveToPastTimeline(staged);
    const entries = await this.enter(past);
    const roundId = await this.judge(past.event, entries);
    const announced = await this.givePrizes(await this.fresh(past.event.id), roundId);
    await this.payOut(announced);
    await this.support(announced);
    await this.challenge(community);
    await this.settleEmails(firstEmailId);
  }

  // -------------------------------------------------------------------------------------------
  // Accounts and times

  private account(name: string): User {
    const found = this.accounts.get(demoEmail(name));
    if (!found) throw new Error(`No demo account for ${name}`);
    return found;
  }

  /**
   * Every demo account, confirmed, with the demo password. Made directly: sign-up hashes each
   * password (slow on purpose) and emails a confirmation link, where the demo needs one hash for
   * all and accounts that can sign in at once.
   */
  private async makeAccounts(): Promise<void> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const joined = new Date(ukTime(this.saturday, "09:00").getTime() - 120 * DAY);
    const staff = [STAFF.administrator, STAFF.organiser, STAFF.secondOrganiser, STAFF.support, STAFF.secondSupport];
    const names = [
      ...staff,
      ...JUDGES.map((judge) => judge.name),
      ...[...TEAMS.flatMap((team) => team.members), ...WITHOUT_A_TEAM].map((person) => person.name),
    ];
    if (new Set(names.map(demoEmail)).size !== names.length) throw new Error("Two demo people share an email address");
    const rows = await this.db
      .insert(users)
      .values(
        names.map((name, index) => ({
          name,
          email: demoEmail(name),
          passwordHash,
          emailVerifiedAt: new Date(joined.getTime() + index * HOUR),
          isAdmin: name === STAFF.administrator,
          createdAt: new Date(joined.getTime() + index * HOUR),
          passwordChangedAt: new Date(joined.getTime() + index * HOUR),
        })),
      )
      .returning();
    for (const row of rows) this.accounts.set(row.email, row);
  }

  private async lastId(table: "audit" | "email"): Promise<number> {
    const column = table === "audit" ? auditEvents.id : emailOutbox.id;
    const [row] = await this.db
      .select({ id: sql<number>`coalesce(max(${column}), 0)::bigint` })
      .from(table === "audit" ? auditEvents : emailOutbox);
    return Number(row?.id ?? 0);
  }

  /**
   * Runs a step as though at `when`: the audit rows and emails it writes are dated then. The
   * models date those rows with the real clock, and no model moves a row back in time; without
   * this, five weeks of history would all read as written today.
   */
  private async during<T>(when: Date, work: () => Promise<T>): Promise<T> {
    const [audit, email] = await Promise.all([this.lastId("audit"), this.lastId("email")]);
    const result = await work();
    await this.db.update(auditEvents).set({ createdAt: when }).where(gt(auditEvents.id, audit));
    await this.db.update(emailOutbox).set({ createdAt: when, nextAttemptAt: when }).where(gt(emailOutbox.id, email));
    return result;
  }

  private async fresh(eventId: string): Promise<Event> {
    const [row] = await this.db.select().from(events).where(eq(events.id, eventId));
    if (!row) throw new Error("The demo event has gone");
    return row;
  }

  // -------------------------------------------------------------------------------------------
  // The call for entry

  private async hackDayCall() {
    await this.makeAccounts();
    const admin = this.account(STAFF.administrator);
    const rachel = this.account(STAFF.organiser);
    const founded = new Date(ukTime(this.saturday, "10:00").getTime() - 400 * DAY);
    const opened = new Date(ukTime(this.saturday, "09:00").getTime() - 90 * DAY);

    const community = await this.during(founded, async () => {
      const made = await createCommunity(admin, {
        name: "Northgate Code4Health",
        slug: COMMUNITY_SLUG,
        kind: "place_based_hub",
        description:
          "Clinicians, developers, designers and patients in and around Northgate, building open-source tools for the NHS together. We run an NHS Hack Day every year and Code4Health challenges in between.",
        website: "",
      });
      if (!made.ok) throw new Error(`The demo could not create its community: ${made.reason}`);
      await inviteToRole(admin, rachel.email, "community_organiser", { communityId: made.community.id });
      return made.community;
    });
    // Dated so the community's page reads as a year old; no model back-dates a community.
    await this.db.update(communities).set({ createdAt: founded }).where(eq(communities.id, community.id));

    const draft = await this.during(opened, async () => {
      const created = await createDraftEvent(rachel, {
        communityId: community.id,
        kind: "hackday",
        title: "NHS Hack Day Northgate",
        slug: HACK_DAY_SLUG,
      });
      if (created === "slug-taken") throw new Error("The demo hack day's address is taken");
      return created;
    });
    // Open for registration and team-building by the real clock while people register (the
    // registration and team models check it themselves); the real, past timeline comes after.
    const real = Date.now();
    const event = await this.during(opened, async () => {
      const updated = await updateEvent(rachel, draft.id, {
        ...this.hackDayDetails(),
        registrationOpensAt: new Date(real - HOUR),
        registrationClosesAt: new Date(real + HOUR),
        submissionsOpenAt: new Date(real + HOUR),
        submissionDeadlineAt: new Date(real + 2 * HOUR),
        judgingOpensAt: new Date(real + 2.5 * HOUR),
        judgingClosesAt: new Date(real + 3 * HOUR),
        resultsPublishedAt: new Date(real + 3 * HOUR),
      });
      await setEligibilityQuestions(rachel, updated, HACK_DAY_QUESTIONS);
      for (const theme of THEMES) {
        await saveTheme(rachel, updated, {
          title: theme.title,
          description: theme.description,
          proposedBy: theme.proposedBy,
        });
      }
      ok(
        "add a prize",
        await savePrizeCategory(rachel, updated, {
          name: "Best in show",
          description: "The judges' top three entries.",
          themeId: null,
          sponsor: "Northgate Health Innovation Fund",
          supportMonths: 12,
          placesPence: [100_000, 50_000, 25_000],
        }),
      );
      ok(
        "add a prize",
        await savePrizeCategory(rachel, updated, {
          name: PATIENTS_PRIZE.category,
          description: "The entry that will make the most difference to patients and carers.",
          themeId: null,
          sponsor: "Northgate Hospitals Charity",
          supportMonths: 6,
          placesPence: [30_000],
        }),
      );
      return updated;
    });
    const published = await this.during(new Date(opened.getTime() + 6 * DAY), () =>
      publishEvent(rachel, HACK_DAY_SLUG),
    );
    if (!("published" in published))
      throw new Error(`The demo hack day is incomplete: ${published.missing.join("; ")}`);
    const gareth = this.account(STAFF.secondOrganiser);
    await this.during(new Date(opened.getTime() + 7 * DAY), async () => {
      await inviteToRole(rachel, gareth.email, "organiser", { eventId: event.id });
      await inviteToRole(rachel, this.account(STAFF.support).email, "support", { eventId: event.id });
      await inviteToRole(rachel, this.account(STAFF.secondSupport).email, "support", { eventId: event.id });
    });
    return { hackDay: await this.fresh(event.id), community };
  }

  private hackDayDetails(): EventChanges {
    return {
      summary: "A weekend of clinicians, patients and developers building open-source fixes for the NHS.",
      description:
        "NHS Hack Day Northgate brings together people who care about the NHS to build things that make it better, in one weekend.\n\nBring a problem from your ward, your practice or your own care, or join a team that needs your skills. Pitches are at 10am on Saturday; teams present to the judges on Sunday afternoon.\n\nAll code is open source, and only synthetic or anonymised data may be used.",
      isOnline: false,
      venueName: "Health Innovation Centre, University of Northgate",
      venueAddress: "1 College Road, Northgate",
      timeZone: ZONE,
      gracePeriodMinutes: 15,
      teamSizeMin: 2,
      teamSizeMax: 6,
      capacity: 80,
      eligibilityStatement: "Anyone with an interest in improving the NHS: no coding experience needed.",
      requiresOsiLicence: true,
      requiresDataAttestation: true,
      rules: "Teams of two to six. Code under an OSI-approved licence. No real patient data.",
    };
  }

  /** The hack day's real timeline, set once people have registered and formed teams under the staged one. */
  private pastTimeline(): EventChanges {
    return {
      registrationOpensAt: ukTime(addDays(this.saturday, -84), "09:00"),
      registrationClosesAt: ukTime(addDays(this.saturday, -2), "17:00"),
      submissionsOpenAt: ukTime(this.saturday, "10:00"),
      submissionDeadlineAt: ukTime(this.sunday, "13:00"),
      judgingOpensAt: ukTime(this.sunday, "13:30"),
      judgingClosesAt: ukTime(this.sunday, "16:30"),
      resultsPublishedAt: ukTime(this.sunday, "17:30"),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Registration and teams

  private async registerAndFormTeams(event: Event): Promise<{ event: Event; teamIds: string[] }> {
    const everyone = [...TEAMS.flatMap((team) => team.members), ...WITHOUT_A_TEAM];
    const opens = ukTime(addDays(this.saturday, -84), "09:00").getTime();
    const span = ukTime(addDays(this.saturday, -3), "09:00").getTime() - opens;
    for (const [index, person] of everyone.entries()) {
      const when = new Date(opens + Math.round((span * ((index * 37) % everyone.length)) / everyone.length));
      const user = this.account(person.name);
      await this.during(when, async () =>
        ok(
          "register a participant",
          await saveRegistration(user, event.id, {
            professionalRole: person.role,
            organisation: person.organisation,
            skills: person.skills,
            bio: person.bio,
            accessNeeds: index % 17 === 3 ? "Step-free access, please." : "",
            showProfile: true,
            lookingForTeam: true,
            eligibilityAnswers: eligibilityAnswers(HACK_DAY_QUESTIONS),
          }),
        ),
      );
      // The registration model dates the row by the real clock; spread over the weeks it was open.
      await this.db
        .update(registrations)
        .set({ createdAt: when, updatedAt: when })
        .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, user.id)));
    }
    // A few people joined on the day and never found a team; the rest formed teams at the pitches.
    await this.db
      .update(registrations)
      .set({ lookingForTeam: false })
      .where(
        and(
          eq(registrations.eventId, event.id),
          inArray(
            registrations.userId,
            TEAMS.flatMap((team) => team.members).map((person) => this.account(person.name).id),
          ),
        ),
      );

    const teamIds: string[] = [];
    const themeIds = await this.themeIds(event.id);
    const pitches = ukTime(this.saturday, "10:30").getTime();
    for (const [teamIndex, team] of TEAMS.entries()) {
      const [captain, ...others] = team.members.map((person) => this.account(person.name));
      const formed = new Date(pitches + teamIndex * 4 * MINUTE);
      const { team: row } = ok(
        "form a team",
        await this.during(formed, () =>
          createTeam(captain!, event, {
            name: team.name,
            themeId: themeIds.get(team.theme) ?? null,
            pitch: team.pitch,
            rolesWanted: [],
          }),
        ),
      );
      for (const member of others) {
        ok("join a team", await joinByInviteCode(member, event, row.inviteCode));
      }
      // Dated at the pitches, members a few minutes apart in the order they joined (which the
      // prize split's odd pence follow); the team models date them by the real clock.
      await this.db.update(teams).set({ createdAt: formed }).where(eq(teams.id, row.id));
      for (const [position, member] of [captain!, ...others].entries()) {
        await this.db
          .update(teamMembers)
          .set({ joinedAt: new Date(formed.getTime() + position * 3 * MINUTE) })
          .where(and(eq(teamMembers.teamId, row.id), eq(teamMembers.userId, member.id)));
      }
      teamIds.push(row.id);
    }
    return { event, teamIds };
  }

  private async themeIds(eventId: string): Promise<Map<ThemeKey, string>> {
    const rows = await this.db.select().from(themes).where(eq(themes.eventId, eventId)).orderBy(asc(themes.position));
    return new Map(THEMES.map((theme, index) => [theme.key, rows[index]!.id]));
  }

  /**
   * Puts the hack day back where it belongs, about five weeks ago. Written directly: it is not an
   * organiser's change (which would be audited and emailed to every entrant) but the demo's clock.
   */
  private async moveToPastTimeline(staged: { event: Event; teamIds: string[] }) {
    const created = new Date(ukTime(this.saturday, "09:00").getTime() - 90 * DAY);
    await this.db
      .update(events)
      .set({
        ...this.pastTimeline(),
        createdAt: created,
        publishedAt: new Date(created.getTime() + 6 * DAY),
        updatedAt: new Date(created.getTime() + 6 * DAY),
      })
      .where(eq(events.id, staged.event.id));
    await this.db.update(eventRoles).set({ createdAt: created }).where(eq(eventRoles.eventId, staged.event.id));
    await this.db
      .update(communityOrganisers)
      .set({ createdAt: created })
      .where(eq(communityOrganisers.userId, this.account(STAFF.organiser).id));
    return { event: await this.fresh(staged.event.id), teamIds: staged.teamIds };
  }

  // -------------------------------------------------------------------------------------------
  // Entries

  private async enter({ event, teamIds }: { event: Event; teamIds: string[] }) {
    const themeIds = await this.themeIds(event.id);
    const entries: { submissionId: string; teamId: string }[] = [];
    for (const [index, team] of TEAMS.entries()) {
      if (!team.entry) continue;
      const members = team.members.map((person) => this.account(person.name));
      const drafted = ukTime(this.sunday, "09:00").getTime() + index * 7 * MINUTE;
      const contributions = Object.fromEntries(
        members
          .slice(0, 3)
          .map((member, position) => [
            member.id,
            position === 0
              ? "Clinical lead and the pitch"
              : position === 1
                ? "Built the prototype"
                : "Testing with users",
          ]),
      );
      // Saved without its repository: the model checks a repository with a real `git ls-remote`,
      // and the demo's repositories are on a made-up host that must never be contacted.
      const saved = await this.during(new Date(drafted), () =>
        saveEntry(
          members[1] ?? members[0]!,
          event,
          {
            fields: {
              title: team.entry!.title,
              summary: team.entry!.summary,
              description: team.entry!.description,
              themeId: themeIds.get(team.entry!.theme) ?? null,
              repositoryUrl: "",
              demoUrl: team.entry!.demo,
              videoUrl: "",
              licence: team.entry!.licence,
              technologies: team.entry!.technologies,
              contributions,
              dataAttestation: team.submitted,
            },
            baseVersion: 0,
            submit: false,
          },
          new Date(drafted),
        ),
      );
      if (!("saved" in saved) || saved.saved !== "draft")
        throw new Error(`The demo could not save ${team.entry.title}`);
      const [row] = await this.db.select().from(submissions).where(eq(submissions.teamId, teamIds[index]!));
      await this.db
        .update(submissionVersions)
        .set({ createdAt: new Date(drafted) })
        .where(eq(submissionVersions.submissionId, row!.id));
      await this.db
        .update(submissions)
        .set({ createdAt: new Date(drafted) })
        .where(eq(submissions.id, row!.id));
      if (!team.submitted) continue;
      await this.submitWithRepository(event, row!.id, team.entry.repository, members[0]!, new Date(drafted + 3 * HOUR));
      entries.push({ submissionId: row!.id, teamId: teamIds[index]! });
    }
    return entries;
  }

  /**
   * Records what submitting would have: the repository as a successful check found it, the entry
   * submitted with that commit (version and history as the model writes them), and the commit
   * frozen at the deadline. Written directly because the model would run `git ls-remote` against
   * the made-up host, which the demo must never contact.
   */
  private async submitWithRepository(event: Event, submissionId: string, path: string, by: User, at: Date) {
    const normalised = normaliseRepositoryUrl(`${GIT_HOST}/${path}`);
    if (!normalised.ok) throw new Error(normalised.message);
    const url = normalised.repository.url;
    const commit = commitOf(url);
    const deadline = event.submissionDeadlineAt!;
    const cutoff = new Date(deadline.getTime() + event.gracePeriodMinutes * MINUTE);
    const [before] = await this.db.select().from(submissions).where(eq(submissions.id, submissionId));
    const [saved] = await this.db
      .update(submissions)
      .set({
        repositoryUrl: url,
        repositoryCheckedAt: at,
        repositoryReachable: true,
        repositoryMessage: "",
        repositoryDefaultBranch: "main",
        repositoryHeadCommit: commit,
        status: "submitted",
        submittedAt: at,
        submittedByUserId: by.id,
        submittedCommit: commit,
        frozenAt: cutoff,
        frozenCommit: commit,
        version: before!.version + 1,
        updatedAt: at,
      })
      .where(eq(submissions.id, submissionId))
      .returning();
    await this.db.insert(submissionVersions).values({
      submissionId,
      version: saved!.version,
      userId: by.id,
      action: "submitted",
      changes: [{ field: "repositoryUrl", label: "Repository", before: "", after: url }],
      snapshot: fieldsOf(saved!),
      createdAt: at,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Judging

  private async judge(called: Event, entries: { submissionId: string; teamId: string }[]): Promise<string> {
    let event = called;
    const rachel = this.account(STAFF.organiser);
    const gareth = this.account(STAFF.secondOrganiser);
    const judgeAccounts = new Map<JudgeKey, User>(JUDGES.map((judge) => [judge.key, this.account(judge.name)]));
    const invited = ukTime(addDays(this.saturday, -14), "11:00");
    await this.during(invited, async () => {
      // Every demo address shares one made-up domain, which says nothing about who works with whom.
      ok("set the shared email domains", await setSharedEmailDomains(rachel, event, [DEMO_DOMAIN]));
      for (const judge of JUDGES) {
        const account = judgeAccounts.get(judge.key)!;
        await inviteToRole(rachel, account.email, "judge", { eventId: event.id });
        ok(
          "save a judge's profile",
          await saveJudgeProfile(rachel, event, account.id, {
            expertise: judge.expertise,
            organisation: judge.organisation,
            room: "",
          }),
        );
      }
    });
    // Read again: scoring checks conflicts against the event's shared domains as the row has them.
    event = await this.fresh(event.id);
    await this.db.update(judges).set({ createdAt: invited }).where(eq(judges.eventId, event.id));
    await this.db
      .update(eventRoles)
      .set({ createdAt: invited })
      .where(and(eq(eventRoles.eventId, event.id), eq(eventRoles.role, "judge")));

    const opened = ukTime(this.sunday, "13:30");
    const { round } = ok(
      "create the judging round",
      await this.during(opened, () =>
        createRound(rachel, event, { kind: "shortlist", name: "Judging panel", judgesPerEntry: 3 }),
      ),
    );
    await this.db.update(judgingRounds).set({ createdAt: opened }).where(eq(judgingRounds.id, round.id));
    // A judge who knows a team declares it, and is kept away from that entry.
    const murphy = judgeAccounts.get("murphy")!;
    ok(
      "declare a conflict",
      await this.during(new Date(opened.getTime() + 5 * MINUTE), () =>
        declareConflict(murphy, event, entries[7]!.teamId, "I mentor two of the team's developers."),
      ),
    );
    await this.during(new Date(opened.getTime() + 10 * MINUTE), async () => {
      for (const [index, { panel }] of JUDGING.entries()) {
        for (const key of panel) {
          ok(
            "assign a judge",
            await addAssignment(rachel, event, round.id, judgeAccounts.get(key)!.id, entries[index]!.submissionId),
          );
        }
      }
    });
    const criteria = NHS_HACK_DAY_RUBRIC.criteria;
    const started = ukTime(this.sunday, "14:00").getTime();
    for (const [index, { panel, quality }] of JUDGING.entries()) {
      for (const [seat, key] of panel.entries()) {
        const judge = JUDGES.find((candidate) => candidate.key === key)!;
        const criterionScores = Object.fromEntries(
          criteria.map((criterion, position) => [
            criterion.key,
            Math.max(
              criterion.scaleMin,
              Math.min(criterion.scaleMax, Math.round(quality[position]! + judge.bias + judge.habits[position]!)),
            ),
          ]),
        );
        const average =
          Object.values(criterionScores).reduce((sum, score) => sum + score, 0) / Object.values(criterionScores).length;
        const at = new Date(started + index * 12 * MINUTE + seat * 3 * MINUTE);
        const title = TEAMS[index]!.entry!.title;
        const outcome = await this.during(at, () =>
          saveScore(judgeAccounts.get(key)!, event, {
            roundId: round.id,
            submissionId: entries[index]!.submissionId,
            baseVersion: 0,
            criterionScores,
            feedback: feedbackFor(average, title),
            privateNote:
              judge.bias < 0 && index === 0 ? "Strong, but I mark hard: nothing is a 5 until it is in use." : "",
            teamAbsent: false,
          }),
        );
        if (!("saved" in outcome)) throw new Error(`The demo could not score ${title}: ${JSON.stringify(outcome)}`);
        // Dated when it was scored on the day; the scoring model dates sheets by the real clock.
        await this.db.update(scores).set({ createdAt: at, updatedAt: at }).where(eq(scores.id, outcome.saved.scoreId));
      }
    }
    const closing = ukTime(this.sunday, "16:40");
    await this.during(closing, async () => {
      ok(
        "settle the tie",
        await setTieBreak(rachel, event, round.id, [
          { kind: "criterion", criterionKey: "clinical-need" },
          {
            kind: "decision",
            order: [entries[SETTLED_TIE.ahead]!.submissionId, entries[SETTLED_TIE.behind]!.submissionId],
            reason: SETTLED_TIE.reason,
          },
        ]),
      );
      ok("lock the round", await lockRound(gareth, event, round.id));
    });
    return round.id;
  }

  // -------------------------------------------------------------------------------------------
  // Prize money and the announcement

  private async givePrizes(event: Event, roundId: string): Promise<Event> {
    const rachel = this.account(STAFF.organiser);
    const gareth = this.account(STAFF.secondOrganiser);
    const allocated = ukTime(this.sunday, "16:50");
    await this.during(allocated, async () => {
      const [forPatients] = await this.db
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.eventId, event.id), eq(teams.name, TEAMS[PATIENTS_PRIZE.team]!.name)));
      for (const category of (await allocationView(event)).categories) {
        // Best in show follows the normalised ranking, so it needs no reason; the panel chose the
        // patients' prize itself and says why. The view is read again each time: its version
        // moves, and a team that has won one prize cannot win another.
        const view = await allocationView(event);
        const current = view.categories.find((candidate) => candidate.id === category.id)!;
        const chosen = category.name === PATIENTS_PRIZE.category;
        ok(
          "give a prize",
          await saveCategoryAwards(rachel, event, category.id, {
            rankingRoundId: roundId,
            places: chosen ? [{ teamId: forPatients!.id, place: 1 }] : current.suggestion,
            reason: chosen ? PATIENTS_PRIZE.reason : "",
            version: view.version,
          }),
        );
      }
      ok("propose the prize money", await proposeAllocation(rachel, event, (await allocationView(event)).version));
    });
    const approved = ukTime(this.sunday, "17:05");
    await this.during(approved, async () =>
      ok(
        "approve the prize money",
        await approveAllocation(gareth, event, {
          password: DEMO_PASSWORD,
          version: (await allocationView(event)).version,
        }),
      ),
    );
    // The allocation model stamps proposing and approving with the real clock.
    await this.db
      .update(prizeAllocations)
      .set({ proposedAt: allocated, approvedAt: approved, updatedAt: approved })
      .where(eq(prizeAllocations.eventId, event.id));
    const announced = ukTime(this.sunday, "17:30");
    await this.during(announced, async () =>
      ok(
        "announce the results",
        await announceResults(rachel, event, { at: null, rankingRoundId: roundId }, announced),
      ),
    );
    await this.db.update(events).set({ updatedAt: announced }).where(eq(events.id, event.id));
    return this.fresh(event.id);
  }

  /** Payouts in every state but forfeited: paid, ready, awaiting details, declined; one share given to a charity. */
  private async payOut(event: Event): Promise<void> {
    const gareth = this.account(STAFF.secondOrganiser);
    const shares = await payouts(event);
    const ofTeam = (index: number) =>
      shares.filter((share) => share.teamName === TEAMS[index]!.name).sort((a, b) => a.name.localeCompare(b.name));
    const first = ofTeam(0);
    const second = ofTeam(8);
    const charityGiver = first[3]!;
    const giver = [...this.accounts.values()].find((account) => account.id === charityGiver.userId)!;
    const announced = event.resultsAnnouncedAt!;
    const choseCharity = new Date(announced.getTime() + 2 * DAY);
    ok(
      "direct a share to a charity",
      await this.during(choseCharity, () =>
        directShare(
          giver,
          event,
          charityGiver.id,
          { payeeKind: "organisation", organisationName: "Northgate Hospitals Charity" },
          choseCharity,
        ),
      ),
    );
    const moves: [(typeof first)[number], PayoutChange[], number][] = [
      [first[0]!, [{ to: "ready" }, { to: "paid", reference: "NGC4H-0412" }], 16],
      [first[1]!, [{ to: "ready" }, { to: "paid", reference: "NGC4H-0413" }], 16],
      [first[2]!, [{ to: "ready" }], 9],
      [first[3]!, [{ to: "ready" }], 9],
      [second[0]!, [{ to: "declined", reason: "Asked us to keep the money for next year's prize fund." }], 6],
      [second[1]!, [{ to: "ready" }, { to: "paid", reference: "NGC4H-0420" }], 21],
    ];
    for (const [share, changes, afterDays] of moves) {
      const when = new Date(announced.getTime() + afterDays * DAY);
      for (const change of changes) {
        const [current] = (await payouts(event)).filter((row) => row.id === share.id);
        const today = ukDate(when);
        ok(
          "move a payout on",
          await this.during(when, () =>
            changePayout(
              gareth,
              event,
              share.id,
              { ...change, ...(change.to === "paid" ? { paidOn: today } : {}), version: current!.version },
              today,
            ),
          ),
        );
        // Dated when finance moved it; the payout model stamps the change with the real clock.
        await this.db.update(awardShares).set({ updatedAt: when }).where(eq(awardShares.id, share.id));
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Follow-on support

  private async support(event: Event): Promise<void> {
    const nadia = this.account(STAFF.support);
    const owen = this.account(STAFF.secondSupport);
    const announced = event.resultsAnnouncedAt!.getTime();
    const version = async (id: string) =>
      (
        await this.db
          .select({ version: supportRequests.version })
          .from(supportRequests)
          .where(eq(supportRequests.id, id))
      )[0]!.version;
    for (const [index, request] of SUPPORT_REQUESTS.entries()) {
      const team = TEAMS[request.team]!;
      const asker = this.account(team.members[index % 2]!.name);
      const asked = new Date(announced + request.askedAfterDays * DAY + (index + 2) * HOUR);
      const { requestId } = ok(
        "log a support request",
        await this.during(asked, () =>
          logSupportRequest(
            asker,
            event,
            {
              title: request.title,
              category: request.category,
              description: request.description,
              priority: request.priority,
              repositoryUrl: team.entry?.repository ? `${GIT_HOST}/${team.entry.repository}` : "",
            },
            asked,
          ),
        ),
      );
      if (request.status === "open") continue;
      const staff = index % 3 === 2 ? owen : nadia;
      const step = async (hoursLater: number, work: (at: Date) => Promise<object>) => {
        const at = new Date(asked.getTime() + hoursLater * HOUR);
        ok("work a support request", await this.during(at, () => work(at)));
      };
      await step(2, async (at) => assignRequest(nadia, requestId, staff.id, await version(requestId), at));
      if (request.status === "triaged") continue;
      const reply = async (hoursLater: number, body: string, minutesSpent: number, status?: SupportStatus) =>
        step(hoursLater, async (at) =>
          staffEntry(
            staff,
            requestId,
            { kind: "reply", body, minutesSpent, status, version: await version(requestId) },
            at,
          ),
        );
      await reply(
        20,
        `Thanks for getting in touch. I've read through ${team.entry?.title ?? "your entry"} and can help with this. Could we have a 30-minute call this week?`,
        30,
        "in_progress",
      );
      if (request.status === "in_progress") {
        await step(26, async (at) =>
          staffEntry(
            staff,
            requestId,
            {
              kind: "note",
              body: "Asked the trust's cloud team who owns the tenancy.",
              minutesSpent: 20,
              version: await version(requestId),
            },
            at,
          ),
        );
        continue;
      }
      if (request.status === "waiting_on_team") {
        await reply(
          50,
          "I've set up a test server with synthetic patients. Could you send the list of observations the timer needs?",
          45,
          "waiting_on_team",
        );
        continue;
      }
      await step(70, async (at) =>
        teamMessage(asker, event, requestId, "Thank you: the call helped. We've made the changes you suggested.", at),
      );
      await reply(
        120,
        "Good work. I'm marking this as resolved; reopen it within 14 days if anything else comes up.",
        90,
        "resolved",
      );
      if (request.status === "closed") {
        await step(400, async (at) =>
          staffEntry(
            staff,
            requestId,
            {
              kind: "note",
              body: "No further questions from the team: closing.",
              minutesSpent: 5,
              status: "closed",
              version: await version(requestId),
            },
            at,
          ),
        );
      }
    }
    for (const milestone of MILESTONES) {
      const author = this.account(TEAMS[milestone.team]!.members[0]!.name);
      const at = new Date(announced + milestone.afterDays * DAY);
      ok(
        "post a milestone",
        await this.during(at, () =>
          postMilestone(
            author,
            event,
            {
              kind: milestone.kind,
              title: milestone.title,
              description: milestone.description,
              achievedOn: ukDate(at),
            },
            at,
          ),
        ),
      );
    }
    // Dated when each was achieved; the milestone model dates its row by the real clock.
    await this.db
      .update(supportMilestones)
      .set({ createdAt: sql`(${supportMilestones.achievedOn}::date + interval '18 hours')` })
      .where(eq(supportMilestones.eventId, event.id));
  }

  // -------------------------------------------------------------------------------------------
  // The Code4Health challenge, open for registration now

  private async challenge(community: { id: string }): Promise<void> {
    const rachel = this.account(STAFF.organiser);
    const today = ukDate(this.now);
    const announcedOn = new Date(this.now.getTime() - 14 * DAY);
    const event = await this.during(announcedOn, async () => {
      const created = await createDraftEvent(rachel, {
        communityId: community.id,
        kind: "challenge",
        title: "Code4Health challenge: fewer missed appointments",
        slug: CHALLENGE_SLUG,
      });
      if (created === "slug-taken") throw new Error("The demo challenge's address is taken");
      const updated = await updateEvent(rachel, created.id, {
        summary: "Eight weeks, online, to help people keep their hospital and GP appointments.",
        description:
          "About one in fourteen outpatient appointments is missed. Each one is a delay for the patient and a lost slot for someone else.\n\nOver eight weeks, remote teams of clinicians, developers and patients build open-source tools that help people keep appointments, or give missed slots to someone who needs them. Winners get prize money and a year of follow-on support from Northgate Code4Health.",
        isOnline: true,
        timeZone: ZONE,
        registrationOpensAt: ukTime(addDays(today, -12), "09:00"),
        registrationClosesAt: ukTime(addDays(today, 28), "17:00"),
        submissionsOpenAt: ukTime(addDays(today, 14), "09:00"),
        submissionDeadlineAt: ukTime(addDays(today, 56), "17:00"),
        gracePeriodMinutes: 60,
        judgingOpensAt: ukTime(addDays(today, 57), "09:00"),
        judgingClosesAt: ukTime(addDays(today, 70), "17:00"),
        resultsPublishedAt: ukTime(addDays(today, 77), "12:00"),
        teamSizeMin: 2,
        teamSizeMax: 5,
        eligibilityStatement: "Anyone in the UK; teams should include someone with clinical or lived experience.",
        requiresOsiLicence: true,
        requiresDataAttestation: true,
        rules: "Open-source code, synthetic data only, teams of two to five.",
      });
      await saveTheme(rachel, updated, {
        title: "Reminders people act on",
        description: "Reminders in the right language, at the right time, through the right channel.",
        proposedBy: "Westfield Primary Care Network",
      });
      await saveTheme(rachel, updated, {
        title: "Giving missed slots to someone else",
        description: "When someone cannot come, offer their slot to a patient who can, in time.",
        proposedBy: "Outpatients, Northgate Teaching Hospitals",
      });
      ok(
        "add a prize",
        await savePrizeCategory(rachel, updated, {
          name: "Challenge winners",
          description: "The two entries the judges rank highest.",
          themeId: null,
          sponsor: "Northgate Health Innovation Fund",
          supportMonths: 12,
          placesPence: [50_000, 25_000],
        }),
      );
      const published = await publishEvent(rachel, CHALLENGE_SLUG);
      if (!("published" in published))
        throw new Error(`The demo challenge is incomplete: ${published.missing.join("; ")}`);
      return this.fresh(created.id);
    });
    await this.db
      .update(events)
      .set({ createdAt: announcedOn, publishedAt: announcedOn, updatedAt: announcedOn })
      .where(eq(events.id, event.id));

    const entrants = [...WITHOUT_A_TEAM, TEAMS[0]!.members[1]!, TEAMS[2]!.members[0]!, TEAMS[11]!.members[1]!];
    for (const [index, person] of entrants.entries()) {
      const user = this.account(person.name);
      const when = new Date(this.now.getTime() - (10 - index) * DAY);
      // Registering is checked against the real clock, so the registration is made now and dated after.
      ok(
        "register for the challenge",
        await this.during(when, () =>
          saveRegistration(user, event.id, {
            professionalRole: person.role,
            organisation: person.organisation,
            skills: person.skills,
            bio: person.bio,
            accessNeeds: "",
            showProfile: true,
            lookingForTeam: true,
            eligibilityAnswers: [],
          }),
        ),
      );
      await this.db
        .update(registrations)
        .set({ createdAt: when, updatedAt: when })
        .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, user.id)));
    }
    const [reminders] = await this.db
      .select()
      .from(themes)
      .where(eq(themes.eventId, event.id))
      .orderBy(asc(themes.position));
    const { team } = ok(
      "form a challenge team",
      await createTeam(this.account(TEAMS[0]!.members[1]!.name), event, {
        name: "Missed No More",
        themeId: reminders!.id,
        pitch: "Text reminders in the patient's own language, with one tap to rebook.",
        rolesWanted: ["nurse_or_midwife", "designer"],
      }),
    );
    ok(
      "join the challenge team",
      await joinByInviteCode(this.account(WITHOUT_A_TEAM[1]!.name), event, team.inviteCode),
    );
  }

  /**
   * The demo's emails stay in the outbox for the administrators' mailbox, marked as delivered by
   * the demo: nobody is at the made-up addresses, and the app should not print weeks of emails to
   * its log when it next starts.
   */
  private async settleEmails(firstEmailId: number): Promise<void> {
    await this.db
      .update(emailOutbox)
      .set({ status: "sent", sentAt: sql`${emailOutbox.createdAt}`, transport: "demo" })
      .where(gt(emailOutbox.id, firstEmailId));
  }
}
