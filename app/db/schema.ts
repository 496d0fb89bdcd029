// The one database schema. Migrations in drizzle/ are generated from it (npm run db:generate).
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  bigserial,
  date,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { PAYOUT_STATUSES } from "~/domain/payouts";
import { MILESTONE_KINDS, SUPPORT_CATEGORIES, SUPPORT_PRIORITIES, SUPPORT_STATUSES } from "~/domain/support";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
// Rows that belong to a user or an event go when it goes.
const userIdColumn = () =>
  uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });
const eventIdColumn = () =>
  uuid("event_id")
    .notNull()
    .references(() => events.id, { onDelete: "cascade" });

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Stored lower-cased: one account per address whatever the case typed.
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    isAdmin: boolean("is_admin").notNull().default(false),
    createdAt: createdAt(),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("users_email_key").on(table.email),
    check("users_email_lower", sql`${table.email} = lower(${table.email})`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    // SHA-256 of the token's secret part, hex. The secret itself is only ever in the cookie.
    secretHash: text("secret_hash").notNull(),
    userId: userIdColumn(),
    createdAt: createdAt(),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }).notNull().defaultNow(),
    userAgent: text("user_agent").notNull().default(""),
    ipAddress: text("ip_address").notNull().default(""),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

export const userTokenPurpose = pgEnum("user_token_purpose", ["verify_email", "reset_password"]);

// Single-use links sent by email. Only the SHA-256 of the token is stored.
export const userTokens = pgTable(
  "user_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: userIdColumn(),
    purpose: userTokenPurpose("purpose").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("user_tokens_user_id_idx").on(table.userId, table.purpose)],
);

export const communityKind = pgEnum("community_kind", [
  "place_based_hub",
  "nhs_organisation",
  "product_community",
  "other",
]);

export const communities = pgTable(
  "communities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    kind: communityKind("kind").notNull().default("other"),
    description: text("description").notNull().default(""),
    website: text("website"),
    // Follow-on support's service level: a first response within this many working days.
    supportResponseWorkingDays: integer("support_response_working_days").notNull().default(5),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("communities_slug_key").on(table.slug),
    check("communities_support_days", sql`${table.supportResponseWorkingDays} between 1 and 30`),
  ],
);

export const communityOrganisers = pgTable(
  "community_organisers",
  {
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    userId: userIdColumn(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.communityId, table.userId] })],
);

export const eventKind = pgEnum("event_kind", ["hackday", "challenge"]);
// How teams tied at a place are paid: they share that place's money, or the money of every place
// their tie covers (two tied 1st share 1st and 2nd).
export const prizeTieRule = pgEnum("prize_tie_rule", ["share_place", "share_places"]);
// Cancelled is a status, not a phase: an organiser decides it. Phases come from the timeline.
export const eventStatus = pgEnum("event_status", ["draft", "published", "cancelled", "archived"]);

export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "restrict" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    kind: eventKind("kind").notNull(),
    status: eventStatus("status").notNull().default("draft"),
    summary: text("summary").notNull().default(""),
    // Markdown, sanitised when rendered.
    description: text("description").notNull().default(""),
    isOnline: boolean("is_online").notNull().default(false),
    venueName: text("venue_name").notNull().default(""),
    venueAddress: text("venue_address").notNull().default(""),
    timeZone: text("time_zone").notNull().default("Europe/London"),
    registrationOpensAt: timestamp("registration_opens_at", { withTimezone: true }),
    registrationClosesAt: timestamp("registration_closes_at", { withTimezone: true }),
    submissionsOpenAt: timestamp("submissions_open_at", { withTimezone: true }),
    submissionDeadlineAt: timestamp("submission_deadline_at", { withTimezone: true }),
    gracePeriodMinutes: integer("grace_period_minutes").notNull().default(0),
    judgingOpensAt: timestamp("judging_opens_at", { withTimezone: true }),
    judgingClosesAt: timestamp("judging_closes_at", { withTimezone: true }),
    resultsPublishedAt: timestamp("results_published_at", { withTimezone: true }),
    teamSizeMin: integer("team_size_min").notNull().default(2),
    teamSizeMax: integer("team_size_max").notNull().default(6),
    // Null: no limit. Beyond it, people join a waiting list.
    capacity: integer("capacity"),
    eligibilityStatement: text("eligibility_statement").notNull().default(""),
    requiresOsiLicence: boolean("requires_osi_licence").notNull().default(false),
    requiresDataAttestation: boolean("requires_data_attestation").notNull().default(false),
    // An explicit choice, so that "no prize categories yet" and "no prizes" differ at publish.
    noPrizes: boolean("no_prizes").notNull().default(false),
    rules: text("rules").notNull().default(""),
    prizeTieRule: prizeTieRule("prize_tie_rule").notNull().default("share_place"),
    // Whether one team may win more than one prize category.
    teamMayWinSeveral: boolean("team_may_win_several").notNull().default(false),
    // When the results go public: set by the organisers' announcement, now or at a chosen time.
    // The timeline's resultsPublishedAt is only the date planned and shown in the call.
    resultsAnnouncedAt: timestamp("results_announced_at", { withTimezone: true }),
    // The public results page also shows the full ranking of this round.
    resultsRankingRoundId: uuid("results_ranking_round_id").references((): AnyPgColumn => judgingRounds.id, {
      onDelete: "set null",
    }),
    // Winners and other entrants have been emailed (once, by whichever instance gets there first).
    announcementEmailsSentAt: timestamp("announcement_emails_sent_at", { withTimezone: true }),
    // The organiser's choice to show the gallery of entries once the deadline has passed,
    // rather than waiting for the results.
    galleryAfterDeadline: boolean("gallery_after_deadline").notNull().default(false),
    // Email domains, besides the well-known shared ones, that do not make two people colleagues
    // when detecting judges' conflicts (for example a university's student mail).
    sharedEmailDomains: text("shared_email_domains")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancellationReason: text("cancellation_reason"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("events_slug_key").on(table.slug),
    index("events_community_id_idx").on(table.communityId),
    check("events_team_size", sql`${table.teamSizeMin} >= 1 and ${table.teamSizeMax} >= ${table.teamSizeMin}`),
    check("events_capacity", sql`${table.capacity} is null or ${table.capacity} >= 1`),
    check("events_grace", sql`${table.gracePeriodMinutes} between 0 and 1440`),
  ],
);

// Yes/no questions that every entrant must answer yes.
export const eligibilityQuestions = pgTable(
  "eligibility_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    position: integer("position").notNull(),
    question: text("question").notNull(),
  },
  (table) => [index("eligibility_questions_event_id_idx").on(table.eventId, table.position)],
);

// Clinical problem statements.
export const themes = pgTable(
  "themes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    proposedBy: text("proposed_by").notNull().default(""),
  },
  (table) => [index("themes_event_id_idx").on(table.eventId, table.position)],
);

export const prizeCategories = pgTable(
  "prize_categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    // A prize limited to the entries of one theme.
    themeId: uuid("theme_id").references(() => themes.id, { onDelete: "set null" }),
    sponsor: text("sponsor").notNull().default(""),
    supportMonths: integer("support_months").notNull().default(12),
    // The round whose ranking suggests this prize's winners (null: the event's last scored round).
    rankingRoundId: uuid("ranking_round_id").references((): AnyPgColumn => judgingRounds.id, {
      onDelete: "set null",
    }),
    // Why the organisers chose winners other than those suggested; null when they follow it.
    awardsReason: text("awards_reason"),
  },
  (table) => [
    index("prize_categories_event_id_idx").on(table.eventId, table.position),
    check("prize_categories_support_months", sql`${table.supportMonths} between 0 and 60`),
  ],
);

// Money is integer pence: the amount for each place (1st, 2nd ...) of a category.
export const prizePlaces = pgTable(
  "prize_places",
  {
    categoryId: uuid("category_id")
      .notNull()
      .references(() => prizeCategories.id, { onDelete: "cascade" }),
    place: integer("place").notNull(),
    amountPence: integer("amount_pence").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.categoryId, table.place] }),
    check("prize_places_place", sql`${table.place} >= 1`),
    check("prize_places_amount", sql`${table.amountPence} >= 0`),
  ],
);

export const eventRoleName = pgEnum("event_role_name", ["organiser", "judge", "mentor", "support"]);

// Every per-event role in one table: a person can hold several roles at one event.
export const eventRoles = pgTable(
  "event_roles",
  {
    eventId: eventIdColumn(),
    userId: userIdColumn(),
    role: eventRoleName("role").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.userId, table.role] }),
    index("event_roles_user_id_idx").on(table.userId),
  ],
);

export const registrationStatus = pgEnum("registration_status", ["registered", "waitlisted", "withdrawn"]);

export const professionalRole = pgEnum("professional_role", [
  "doctor",
  "nurse_or_midwife",
  "allied_health_professional",
  "pharmacist",
  "other_clinical",
  "developer",
  "designer",
  "data_analyst",
  "product_or_project_manager",
  "patient_or_carer",
  "student",
  "other",
]);

// A participant's entry to one event, with the profile other participants see (when they
// consent) and needs only organisers see.
export const registrations = pgTable(
  "registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    userId: userIdColumn(),
    status: registrationStatus("status").notNull().default("registered"),
    professionalRole: professionalRole("professional_role").notNull().default("other"),
    organisation: text("organisation").notNull().default(""),
    skills: text("skills")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    bio: text("bio").notNull().default(""),
    // Visible to organisers only.
    accessNeeds: text("access_needs").notNull().default(""),
    showProfile: boolean("show_profile").notNull().default(false),
    lookingForTeam: boolean("looking_for_team").notNull().default(true),
    // The questions as they were asked, each answered yes.
    eligibilityAnswers: jsonb("eligibility_answers")
      .notNull()
      .default(sql`'[]'::jsonb`),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    createdAt: createdAt(),
    // Order of the waiting list: when the person joined it.
    waitlistedAt: timestamp("waitlisted_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("registrations_event_user_key").on(table.eventId, table.userId),
    index("registrations_event_status_idx").on(table.eventId, table.status),
  ],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    name: text("name").notNull(),
    themeId: uuid("theme_id").references(() => themes.id, { onDelete: "set null" }),
    pitch: text("pitch").notNull().default(""),
    rolesWanted: professionalRole("roles_wanted")
      .array()
      .notNull()
      .default(sql`'{}'::professional_role[]`),
    // Null only for a team imported with its entry from a CSV file, whose people have no accounts here.
    captainUserId: uuid("captain_user_id").references(() => users.id, { onDelete: "restrict" }),
    // The secret in the team's invite link; renewing it makes old links stop working.
    inviteCode: text("invite_code").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    // Names are unique within an event whatever their case.
    uniqueIndex("teams_event_name_key").on(table.eventId, sql`lower(${table.name})`),
    uniqueIndex("teams_invite_code_key").on(table.inviteCode),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    eventId: eventIdColumn(),
    userId: userIdColumn(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.teamId, table.userId] }),
    // A person is in at most one team per event.
    uniqueIndex("team_members_event_user_key").on(table.eventId, table.userId),
  ],
);

export const teamRequestKind = pgEnum("team_request_kind", ["join_request", "invitation"]);
export const teamRequestStatus = pgEnum("team_request_status", ["pending", "accepted", "declined", "withdrawn"]);

// A person asking to join a team, or a captain inviting a person: answered by the other side.
export const teamRequests = pgTable(
  "team_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: userIdColumn(),
    kind: teamRequestKind("kind").notNull(),
    status: teamRequestStatus("status").notNull().default("pending"),
    message: text("message").notNull().default(""),
    createdAt: createdAt(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (table) => [
    index("team_requests_team_idx").on(table.teamId, table.status),
    uniqueIndex("team_requests_one_pending_key")
      .on(table.teamId, table.userId, table.kind)
      .where(sql`${table.status} = 'pending'`),
  ],
);

export const invitationRole = pgEnum("invitation_role", [
  "community_organiser",
  "organiser",
  "judge",
  "mentor",
  "support",
]);

// A role offered to an email address. When that address is confirmed on an account (now or
// at a later sign-up), the role is granted and the invitation removed.
export const roleInvitations = pgTable(
  "role_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    role: invitationRole("role").notNull(),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").references(() => events.id, { onDelete: "cascade" }),
    invitedByUserId: uuid("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [
    index("role_invitations_email_idx").on(table.email),
    check("role_invitations_email_lower", sql`${table.email} = lower(${table.email})`),
    check(
      "role_invitations_target",
      sql`(${table.role} = 'community_organiser' and ${table.communityId} is not null and ${table.eventId} is null) or (${table.role} <> 'community_organiser' and ${table.eventId} is not null and ${table.communityId} is null)`,
    ),
  ],
);

// Fixed-window counters shared by every app instance.
export const submissionStatus = pgEnum("submission_status", ["draft", "submitted"]);

// A team's entry. Fields may be empty in a draft; submitting checks completeness. `version`
// counts saves, so that a save made from an out-of-date page is noticed rather than overwriting.
export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    status: submissionStatus("status").notNull().default("draft"),
    title: text("title").notNull().default(""),
    summary: text("summary").notNull().default(""),
    // Markdown, sanitised when rendered.
    description: text("description").notNull().default(""),
    themeId: uuid("theme_id").references(() => themes.id, { onDelete: "set null" }),
    repositoryUrl: text("repository_url").notNull().default(""),
    demoUrl: text("demo_url").notNull().default(""),
    videoUrl: text("video_url").notNull().default(""),
    // An SPDX identifier.
    licence: text("licence").notNull().default(""),
    technologies: text("technologies")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // Who did what: member's user id -> what they did.
    contributions: jsonb("contributions")
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    dataAttestation: boolean("data_attestation").notNull().default(false),
    // The last `git ls-remote` of the repository: on every save, at the deadline, and when an
    // organiser asks. Reachable is null before the first check.
    repositoryCheckedAt: timestamp("repository_checked_at", { withTimezone: true }),
    repositoryReachable: boolean("repository_reachable"),
    repositoryMessage: text("repository_message").notNull().default(""),
    repositoryDefaultBranch: text("repository_default_branch"),
    repositoryHeadCommit: text("repository_head_commit"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedByUserId: uuid("submitted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    submittedCommit: text("submitted_commit"),
    // The head commit recorded once the team's deadline had passed: what judges judge.
    frozenAt: timestamp("frozen_at", { withTimezone: true }),
    frozenCommit: text("frozen_commit"),
    extensionUntil: timestamp("extension_until", { withTimezone: true }),
    extensionReason: text("extension_reason"),
    disqualifiedAt: timestamp("disqualified_at", { withTimezone: true }),
    disqualificationReason: text("disqualification_reason"),
    importedAt: timestamp("imported_at", { withTimezone: true }),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("submissions_team_key").on(table.teamId),
    index("submissions_event_status_idx").on(table.eventId, table.status),
  ],
);

// Every save of an entry: who, when, what changed, and the whole entry as it then was.
export const submissionVersions = pgTable(
  "submission_versions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    // saved, submitted, returned_to_draft, screenshot_added, screenshot_removed, imported
    action: text("action").notNull(),
    changes: jsonb("changes")
      .$type<{ field: string; label: string; before: string; after: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    snapshot: jsonb("snapshot").notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("submission_versions_key").on(table.submissionId, table.version)],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

// Kept in the database, not on disk, so that every app instance serves the same images and a
// backup of the database is a backup of everything.
export const submissionScreenshots = pgTable(
  "submission_screenshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    contentType: text("content_type").notNull(),
    // What the image shows, for people who cannot see it.
    description: text("description").notNull(),
    byteSize: integer("byte_size").notNull(),
    bytes: bytea("bytes").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("submission_screenshots_submission_idx").on(table.submissionId, table.position),
    check("submission_screenshots_type", sql`${table.contentType} in ('image/png', 'image/jpeg')`),
  ],
);

export const roundKind = pgEnum("round_kind", ["shortlist", "final", "peoples_choice"]);
export const roundStatus = pgEnum("round_status", ["open", "locked"]);
export const rankingBasis = pgEnum("ranking_basis", ["raw", "normalised"]);

// A judging round: the shortlist (each entry scored by k judges), the final (every judge scores
// every finalist) or the People's Choice vote.
export const judgingRounds = pgTable(
  "judging_rounds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    kind: roundKind("kind").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    judgesPerEntry: integer("judges_per_entry").notNull().default(3),
    status: roundStatus("status").notNull().default("open"),
    rankingBasis: rankingBasis("ranking_basis").notNull().default("normalised"),
    // The organiser's ordered tie-break chain: criteria, another round, then a written decision.
    tieBreak: jsonb("tie_break")
      .$type<
        (
          | { kind: "criterion"; criterionKey: string }
          | { kind: "round"; roundId: string }
          | { kind: "decision"; order: string[]; reason: string }
        )[]
      >()
      .notNull()
      .default(sql`'[]'::jsonb`),
    resultsPublishedAt: timestamp("results_published_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    index("judging_rounds_event_idx").on(table.eventId, table.position),
    check("judging_rounds_per_entry", sql`${table.judgesPerEntry} between 1 and 20`),
  ],
);

// A round's rubric. Once scoring has started a change makes a new version; each score keeps the
// version it was given against.
export const rubricVersions = pgTable(
  "rubric_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => judgingRounds.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    criteria: jsonb("criteria")
      .$type<
        {
          key: string;
          name: string;
          guidance: string;
          weight: number;
          scaleMin: number;
          scaleMax: number;
          descriptors: { score: number; text: string }[];
        }[]
      >()
      .notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("rubric_versions_key").on(table.roundId, table.version)],
);

export const judgeExpertise = pgEnum("judge_expertise", ["clinical", "technical", "other"]);

// What assignment and conflict detection need to know of a judge at one event.
export const judges = pgTable(
  "judges",
  {
    eventId: eventIdColumn(),
    userId: userIdColumn(),
    expertise: judgeExpertise("expertise").notNull().default("other"),
    organisation: text("organisation").notNull().default(""),
    // A room or table at the venue, to keep a judge's entries near them.
    room: text("room").notNull().default(""),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.eventId, table.userId] })],
);

// Conflicts a judge declared; the detected ones are worked out from people's details each time.
export const judgeConflicts = pgTable(
  "judge_conflicts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    judgeUserId: uuid("judge_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("judge_conflicts_key").on(table.judgeUserId, table.teamId)],
);

// The entries in a round: every eligible entry for the shortlist, the finalists for the final.
export const roundEntries = pgTable(
  "round_entries",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => judgingRounds.id, { onDelete: "cascade" }),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    // Where the team pitches at the venue (a room or a table): assignment keeps judges in theirs.
    room: text("room").notNull().default(""),
  },
  (table) => [primaryKey({ columns: [table.roundId, table.submissionId] })],
);

export const judgeAssignments = pgTable(
  "judge_assignments",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => judgingRounds.id, { onDelete: "cascade" }),
    judgeUserId: uuid("judge_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.roundId, table.judgeUserId, table.submissionId] }),
    index("judge_assignments_entry_idx").on(table.roundId, table.submissionId),
  ],
);

// One judge's scores for one entry in one round. `version` counts saves, so that a save from a
// stale tab or a second device is noticed rather than overwriting.
export const scores = pgTable(
  "scores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => judgingRounds.id, { onDelete: "cascade" }),
    judgeUserId: uuid("judge_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    rubricVersionId: uuid("rubric_version_id")
      .notNull()
      .references(() => rubricVersions.id, { onDelete: "restrict" }),
    // Criterion key -> the whole-number score given.
    criterionScores: jsonb("criterion_scores")
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    // Shown to the team, without the judge's name, once results are published.
    feedback: text("feedback").notNull().default(""),
    // For the judge and the organisers only.
    privateNote: text("private_note").notNull().default(""),
    teamAbsent: boolean("team_absent").notNull().default(false),
    // Set when an organiser reopens a judge's scores after the round was locked.
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("scores_key").on(table.roundId, table.judgeUserId, table.submissionId),
    index("scores_entry_idx").on(table.roundId, table.submissionId),
  ],
);

// People's Choice: one vote per registered participant per round, never for their own team.
export const votes = pgTable(
  "votes",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => judgingRounds.id, { onDelete: "cascade" }),
    userId: userIdColumn(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.roundId, table.userId] })],
);

// ---------------------------------------------------------------------------------------------
// Prize money. Amounts are integer pence. Beyond these checks the database itself refuses awards
// over a category's fund and shares that do not add up to their award (constraint triggers in
// drizzle/0007_prize_money_constraints.sql).

export const allocationStatus = pgEnum("allocation_status", ["draft", "proposed", "approved"]);

// The event's allocation of prize money: drafted by organisers, proposed by one, approved by
// another (or an administrator). `version` counts changes, so an approval is of what was seen.
export const prizeAllocations = pgTable(
  "prize_allocations",
  {
    eventId: uuid("event_id")
      .primaryKey()
      .references(() => events.id, { onDelete: "cascade" }),
    status: allocationStatus("status").notNull().default("draft"),
    version: integer("version").notNull().default(1),
    proposedByUserId: uuid("proposed_by_user_id").references(() => users.id, { onDelete: "restrict" }),
    proposedAt: timestamp("proposed_at", { withTimezone: true }),
    approvedByUserId: uuid("approved_by_user_id").references(() => users.id, { onDelete: "restrict" }),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check(
      "prize_allocations_proposed",
      sql`${table.status} = 'draft' or (${table.proposedByUserId} is not null and ${table.proposedAt} is not null)`,
    ),
    check(
      "prize_allocations_approved",
      sql`(${table.status} = 'approved') = (${table.approvedByUserId} is not null and ${table.approvedAt} is not null)`,
    ),
    // Two people: whoever proposed cannot approve.
    check("prize_allocations_two_people", sql`${table.approvedByUserId} <> ${table.proposedByUserId}`),
  ],
);

// A team given a place in a prize category, with the money that place (or its share of a tie) pays.
export const prizeAwards = pgTable(
  "prize_awards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => prizeCategories.id),
    place: integer("place").notNull(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    amountPence: integer("amount_pence").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("prize_awards_category_team_key").on(table.categoryId, table.teamId),
    index("prize_awards_event_idx").on(table.eventId),
    check("prize_awards_place", sql`${table.place} >= 1`),
    check("prize_awards_amount", sql`${table.amountPence} >= 0`),
  ],
);

export const payoutStatus = pgEnum("payout_status", PAYOUT_STATUSES);
export const payeeKind = pgEnum("payee_kind", ["person", "organisation"]);

// One member's part of an award, and where its payout stands. No bank details are kept here:
// finance collects those through its own process; this records status and reference only.
export const awardShares = pgTable(
  "award_shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    awardId: uuid("award_id")
      .notNull()
      .references(() => prizeAwards.id, { onDelete: "cascade" }),
    // Null only for a team imported without accounts: the whole award is one share to the team.
    userId: uuid("user_id").references(() => users.id, { onDelete: "restrict" }),
    // Members in the order they joined: the equal split's odd pence follow it.
    position: integer("position").notNull(),
    amountPence: integer("amount_pence").notNull(),
    // NHS staff often may not take a personal prize: their trust's charity or department can.
    payeeKind: payeeKind("payee_kind").notNull().default("person"),
    organisationName: text("organisation_name").notNull().default(""),
    status: payoutStatus("status").notNull().default("awaiting_details"),
    paidOn: date("paid_on", { mode: "string" }),
    paymentReference: text("payment_reference").notNull().default(""),
    statusReason: text("status_reason").notNull().default(""),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("award_shares_award_user_key").on(table.awardId, table.userId),
    check("award_shares_amount", sql`${table.amountPence} >= 0`),
    check("award_shares_organisation", sql`${table.payeeKind} = 'person' or btrim(${table.organisationName}) <> ''`),
    check(
      "award_shares_paid",
      sql`${table.status} <> 'paid' or (${table.paidOn} is not null and btrim(${table.paymentReference}) <> '')`,
    ),
    check(
      "award_shares_reason",
      sql`${table.status} not in ('declined', 'forfeited') or btrim(${table.statusReason}) <> ''`,
    ),
  ],
);

export const shareProposalStatus = pgEnum("share_proposal_status", ["open", "agreed", "declined", "withdrawn"]);

// Custom shares of an award, proposed by the captain; they replace the equal split once every
// member has accepted.
export const shareProposals = pgTable(
  "share_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    awardId: uuid("award_id")
      .notNull()
      .references(() => prizeAwards.id, { onDelete: "cascade" }),
    proposedByUserId: uuid("proposed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    // Member's user id -> pence.
    amounts: jsonb("amounts").$type<Record<string, number>>().notNull(),
    status: shareProposalStatus("status").notNull().default("open"),
    // Who declined, when one did.
    declinedByUserId: uuid("declined_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (table) => [
    // At most one open proposal per award.
    uniqueIndex("share_proposals_open_key")
      .on(table.awardId)
      .where(sql`${table.status} = 'open'`),
  ],
);

export const shareProposalAcceptances = pgTable(
  "share_proposal_acceptances",
  {
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => shareProposals.id, { onDelete: "cascade" }),
    userId: userIdColumn(),
    acceptedAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.proposalId, table.userId] })],
);

// ---------------------------------------------------------------------------------------------
// Follow-on support for winning teams, for the months their prize brings.

// A winning team's support window, from the announcement of the results.
export const supportEntitlements = pgTable(
  "support_entitlements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    // Null: no budget of hours, only the window.
    budgetMinutes: integer("budget_minutes"),
    // The team has been told its window ends in 30 days.
    endingReminderSentAt: timestamp("ending_reminder_sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("support_entitlements_team_key").on(table.eventId, table.teamId),
    check("support_entitlements_window", sql`${table.endsAt} > ${table.startsAt}`),
    check("support_entitlements_budget", sql`${table.budgetMinutes} is null or ${table.budgetMinutes} >= 0`),
  ],
);

export const supportCategory = pgEnum("support_category", SUPPORT_CATEGORIES);
export const supportPriority = pgEnum("support_priority", SUPPORT_PRIORITIES);
export const supportStatus = pgEnum("support_status", SUPPORT_STATUSES);

export const supportRequests = pgTable(
  "support_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entitlementId: uuid("entitlement_id")
      .notNull()
      .references(() => supportEntitlements.id, { onDelete: "cascade" }),
    eventId: eventIdColumn(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    category: supportCategory("category").notNull(),
    // Markdown, sanitised when rendered.
    description: text("description").notNull(),
    priority: supportPriority("priority").notNull().default("normal"),
    repositoryUrl: text("repository_url").notNull().default(""),
    status: supportStatus("status").notNull().default("open"),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    // The end of the last working day of the community's service level.
    firstResponseDueAt: timestamp("first_response_due_at", { withTimezone: true }).notNull(),
    firstRespondedAt: timestamp("first_responded_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("support_requests_event_idx").on(table.eventId, table.status),
    index("support_requests_team_idx").on(table.teamId),
  ],
);

export const supportMessageKind = pgEnum("support_message_kind", ["team", "reply", "note"]);

// The thread of a request: the team's messages, staff replies (emailed to the team) and internal
// notes the team never sees. Staff log the time each took.
export const supportMessages = pgTable(
  "support_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => supportRequests.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: supportMessageKind("kind").notNull(),
    // Markdown; may be empty for an entry that only logs time.
    body: text("body").notNull().default(""),
    minutesSpent: integer("minutes_spent").notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [
    index("support_messages_request_idx").on(table.requestId, table.id),
    check("support_messages_minutes", sql`${table.minutesSpent} between 0 and 1440`),
    check("support_messages_team_time", sql`${table.kind} <> 'team' or ${table.minutesSpent} = 0`),
  ],
);

export const milestoneKind = pgEnum("milestone_kind", MILESTONE_KINDS);

// Progress a winning team reports: shown on its project page and counted in the programme report.
export const supportMilestones = pgTable(
  "support_milestones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: eventIdColumn(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: milestoneKind("kind").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    achievedOn: date("achieved_on", { mode: "string" }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("support_milestones_team_idx").on(table.teamId, table.achievedOn)],
);

// One daily digest of overdue requests per community and day, whichever instance sends it first.
export const supportDigests = pgTable(
  "support_digests",
  {
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.communityId, table.day] })],
);

export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  hits: integer("hits").notNull(),
});

export const emailStatus = pgEnum("email_status", ["pending", "sending", "sent", "failed"]);

// Written in the same transaction as the change that causes the email; delivered by the worker.
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    status: emailStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    transport: text("transport"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [index("email_outbox_due_idx").on(table.status, table.nextAttemptAt)],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (table) => [index("audit_events_subject_idx").on(table.subjectType, table.subjectId)],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type EventRoleName = (typeof eventRoleName.enumValues)[number];
export type Community = typeof communities.$inferSelect;
export type Event = typeof events.$inferSelect;
export type Theme = typeof themes.$inferSelect;
export type PrizeCategory = typeof prizeCategories.$inferSelect;
export type PrizePlace = typeof prizePlaces.$inferSelect;
export type PrizeAllocation = typeof prizeAllocations.$inferSelect;
export type PrizeAward = typeof prizeAwards.$inferSelect;
export type AwardShare = typeof awardShares.$inferSelect;
export type ShareProposal = typeof shareProposals.$inferSelect;
export type SupportEntitlement = typeof supportEntitlements.$inferSelect;
export type SupportRequest = typeof supportRequests.$inferSelect;
export type Registration = typeof registrations.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Submission = typeof submissions.$inferSelect;
export type JudgingRound = typeof judgingRounds.$inferSelect;
export type RubricVersion = typeof rubricVersions.$inferSelect;
export type Score = typeof scores.$inferSelect;
export type ProfessionalRole = (typeof professionalRole.enumValues)[number];
