// Registering for an event: the form's rules, eligibility, who gets a place and who waits, the
// order of the waiting list, and the organisers' CSV of registrations.
import { z } from "zod";
import { csvDocument } from "./csv";
import { checkbox, optionalText } from "./fields";
import {
  MAX_SKILL_LENGTH,
  MAX_SKILLS,
  ROLE_VALUES,
  parseSkills,
  roleLabel,
  type ProfessionalRoleValue,
} from "./participants";
import type { EventStatus } from "./phases";
import { formatInstant, toLocalParts, zoneAbbreviation } from "./time";

// Kept here too for the callers that found it here first; csv.ts is where it lives.
export { csvField } from "./csv";

export type RegistrationStatus = "registered" | "waitlisted" | "withdrawn";

export const MAX_BIO_LENGTH = 600;
const MAX_ORGANISATION_LENGTH = 200;
const MAX_ACCESS_NEEDS_LENGTH = 1000;

/** One eligibility question as it was asked, with the entrant's answer: stored with the registration. */
export interface EligibilityAnswer {
  question: string;
  answer: "yes";
}

/** The form field for the answer to the question at this index: question1, question2 ... */
export function answerField(index: number): string {
  return `question${index + 1}`;
}

/** Why an answer to an eligibility question does not let the person enter, or null when it does. */
export function eligibilityProblem(question: string, answer: string | undefined): string | null {
  if (answer === "yes") return null;
  if (answer === "no") return `You can only enter if you can answer yes to: ${question}`;
  return `Answer yes or no to: ${question}`;
}

/** What is stored once every answer is yes: the questions' own words, which organisers may later change. */
export function eligibilityAnswers(questions: readonly string[]): EligibilityAnswer[] {
  return questions.map((question) => ({ question, answer: "yes" }));
}

/** The answers to show again on the form: yes to each question the person already answered yes to. */
export function previousAnswers(questions: readonly string[], stored: unknown): Record<string, "yes"> {
  const answered = new Set(
    Array.isArray(stored)
      ? stored.flatMap((entry: unknown) =>
          typeof entry === "object" && entry !== null && "question" in entry && typeof entry.question === "string"
            ? [entry.question]
            : [],
        )
      : [],
  );
  return Object.fromEntries(
    questions.flatMap((question, index) => (answered.has(question) ? [[answerField(index), "yes" as const]] : [])),
  );
}

const skillsField = optionalText("Skills", 1000)
  .transform(parseSkills)
  .superRefine((skills, context) => {
    if (skills.length > MAX_SKILLS) {
      context.addIssue({ code: "custom", message: `Skills must be ${MAX_SKILLS} or fewer` });
    }
    const long = skills.find((skill) => skill.length > MAX_SKILL_LENGTH);
    if (long) {
      context.addIssue({
        code: "custom",
        message: `Each skill must be ${MAX_SKILL_LENGTH} characters or fewer: “${long.slice(0, MAX_SKILL_LENGTH)}…” is too long`,
      });
    }
  });

/**
 * The registration form for an event with these eligibility questions: the profile, and a yes or
 * no for each question (as question1, question2 ...), every one of which must be yes.
 */
export function registrationSchema(questions: readonly string[]) {
  const answers = Object.fromEntries(
    questions.map((question, index) => [
      answerField(index),
      z
        .string()
        .optional()
        .superRefine((answer, context) => {
          const problem = eligibilityProblem(question, answer);
          if (problem) context.addIssue({ code: "custom", message: problem });
        }),
    ]),
  );
  return z.object({
    professionalRole: z.enum(ROLE_VALUES, { errorMap: () => ({ message: "Select your professional role" }) }),
    organisation: optionalText("Organisation", MAX_ORGANISATION_LENGTH),
    skills: skillsField,
    bio: optionalText("Short bio", MAX_BIO_LENGTH),
    accessNeeds: optionalText("Access or dietary needs", MAX_ACCESS_NEEDS_LENGTH),
    showProfile: checkbox,
    lookingForTeam: checkbox,
    ...answers,
  });
}

/**
 * What saving the registration form does. A registration already held can be changed for as long
 * as the event is live, so that needs and skills stay current; a new one (or one after withdrawing)
 * needs registration to be open.
 */
export function registrationDecision(
  eventStatus: EventStatus,
  registrationOpen: boolean,
  current: RegistrationStatus | null,
): "register" | "update" | "closed" {
  if (current === "registered" || current === "waitlisted") return eventStatus === "published" ? "update" : "closed";
  return registrationOpen ? "register" : "closed";
}

/** Why the person cannot withdraw, or null when they can: they hold a place or a place in line at a live event. */
export function withdrawalRefusal(
  eventStatus: EventStatus,
  current: RegistrationStatus | null,
  teamsLocked = false,
): string | null {
  if (current !== "registered" && current !== "waitlisted") {
    return "You are not registered for this event, so there is nothing to withdraw from";
  }
  if (eventStatus !== "published") return "This event is no longer running, so there is nothing to withdraw from";
  // Withdrawing takes a person out of their team, and teams are fixed once entries are in.
  if (teamsLocked) {
    return "You cannot withdraw after the submission deadline, because teams are locked. Contact the organisers";
  }
  return null;
}

/** Why registration is not open, in words for the person trying to register. */
export function registrationClosedMessage(
  event: { status: EventStatus; registrationOpensAt: Date | null; registrationClosesAt: Date | null; timeZone: string },
  now: Date,
): string {
  if (event.status === "cancelled") return "This event has been cancelled, so you cannot register";
  if (event.status === "archived") return "This event has finished, so you cannot register";
  if (event.status === "draft") return "This event has not been published yet, so you cannot register";
  if (event.registrationOpensAt && now < event.registrationOpensAt) {
    return `Registration has not opened yet. It opens on ${formatInstant(event.registrationOpensAt, event.timeZone)}`;
  }
  if (event.registrationClosesAt && now >= event.registrationClosesAt) {
    return `Registration closed on ${formatInstant(event.registrationClosesAt, event.timeZone)}`;
  }
  return "Registration is not open";
}

/** Places free for people on the waiting list or new registrations. No limit is never full. */
export function freePlaces(capacity: number | null, registeredCount: number): number {
  return capacity === null ? Number.POSITIVE_INFINITY : Math.max(0, capacity - registeredCount);
}

/**
 * When a person joins the waiting list: now, or just after the last person in line when the clock
 * has not moved on (or has gone back), so that the order of joining is always the order of the list.
 */
export function waitlistTime(now: Date, lastInLine: Date | null): Date {
  if (lastInLine === null || now.getTime() > lastInLine.getTime()) return now;
  return new Date(lastInLine.getTime() + 1);
}

interface InLine {
  id: string;
  waitlistedAt: Date | null;
}

/** The waiting list in the order places are offered: who joined first; the id only settles a tie. */
export function waitingListOrder<Entry extends InLine>(entries: readonly Entry[]): Entry[] {
  const joined = (entry: InLine) => entry.waitlistedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...entries].sort((a, b) => joined(a) - joined(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Each waiting person's number in line, from 1. */
export function waitingListPositions(entries: readonly InLine[]): Map<string, number> {
  return new Map(waitingListOrder(entries).map((entry, index) => [entry.id, index + 1]));
}

export function statusLabel(status: RegistrationStatus, position: number | null): string {
  if (status === "registered") return "Registered";
  if (status === "withdrawn") return "Withdrawn";
  return position === null ? "Waiting list" : `Waiting list, number ${position}`;
}

/**
 * A search typed into an organiser's page and sent in the address: never refused, so a strange
 * address still shows the page. Control characters (which PostgreSQL text cannot hold) are dropped.
 */
export const searchQuery = z
  .string()
  .default("")
  .transform((text) =>
    text
      .replace(/[\u0000-\u001f\u007f]/g, " ")
      .trim()
      .slice(0, 100),
  )
  .catch("");

/** When someone was checked in, as read at the door: "09:12 BST". */
export function checkInTime(at: Date, timeZone: string): string {
  return `${toLocalParts(at, timeZone).time} ${zoneAbbreviation(at, timeZone)}`;
}

export interface RegistrationRow {
  name: string;
  email: string;
  professionalRole: ProfessionalRoleValue;
  organisation: string;
  skills: string[];
  status: RegistrationStatus;
  position: number | null;
  lookingForTeam: boolean;
  showProfile: boolean;
  accessNeeds: string;
  createdAt: Date;
  checkedInAt: Date | null;
}

/**
 * The registrations as CSV (RFC 4180: CRLF line ends). Times are in the event's zone. Access and
 * dietary needs are a column only when asked for, since they often say something about health.
 * Starts with a byte order mark so that Excel reads names such as Siân as UTF-8.
 */
export function registrationsCsv(
  rows: readonly RegistrationRow[],
  options: { timeZone: string; includeNeeds: boolean },
): string {
  const when = (at: Date | null) => {
    if (!at) return "";
    const local = toLocalParts(at, options.timeZone);
    return `${local.date} ${local.time} ${zoneAbbreviation(at, options.timeZone)}`;
  };
  const header = [
    "Name",
    "Email",
    "Professional role",
    "Organisation",
    "Skills",
    "Status",
    "Waiting list number",
    "Looking for a team",
    "Profile shown to participants",
    "Registered at",
    "Checked in at",
    ...(options.includeNeeds ? ["Access and dietary needs"] : []),
  ];
  const lines = rows.map((row) => [
    row.name,
    row.email,
    roleLabel(row.professionalRole),
    row.organisation,
    row.skills.join("; "),
    statusLabel(row.status, null),
    row.position === null ? "" : String(row.position),
    row.lookingForTeam ? "Yes" : "No",
    row.showProfile ? "Yes" : "No",
    when(row.createdAt),
    when(row.checkedInAt),
    ...(options.includeNeeds ? [row.accessNeeds] : []),
  ]);
  return csvDocument(header, lines);
}
