// Follow-on support for winners: the support window, the request workflow, service levels and the
// figures a programme manager reports.
import { parseLocalDateTime, toLocalParts } from "./time";

export const SUPPORT_CATEGORIES = [
  "technical_mentoring",
  "code_review",
  "hosting_deployment",
  "interoperability",
  "information_governance",
  "clinical_safety",
  "user_research",
  "funding_procurement",
  "other",
] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];

export const SUPPORT_CATEGORY_NAMES: Record<SupportCategory, string> = {
  technical_mentoring: "Technical mentoring",
  code_review: "Code review",
  hosting_deployment: "Hosting and deployment",
  interoperability: "Interoperability and API access (such as FHIR or openEHR test environments)",
  information_governance: "Information governance and data access",
  clinical_safety: "Clinical safety (DCB0129 / DCB0160)",
  user_research: "User research",
  funding_procurement: "Funding and procurement",
  other: "Something else",
};

export const SUPPORT_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type SupportPriority = (typeof SUPPORT_PRIORITIES)[number];
export const SUPPORT_PRIORITY_NAMES: Record<SupportPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

export const SUPPORT_STATUSES = ["open", "triaged", "in_progress", "waiting_on_team", "resolved", "closed"] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];
export const SUPPORT_STATUS_NAMES: Record<SupportStatus, string> = {
  open: "Open",
  triaged: "Triaged",
  in_progress: "In progress",
  waiting_on_team: "Waiting on the team",
  resolved: "Resolved",
  closed: "Closed",
};

export const MILESTONE_KINDS = [
  "pilot_started",
  "deployed",
  "funding_secured",
  "clinical_safety",
  "users_reached",
  "other",
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export const MILESTONE_KIND_NAMES: Record<MilestoneKind, string> = {
  pilot_started: "Pilot started",
  deployed: "Deployed in an NHS organisation",
  funding_secured: "Funding secured",
  clinical_safety: "Clinical safety case signed off",
  users_reached: "Reached its users",
  other: "Another milestone",
};

/** A team may reopen a resolved request for this long after it was resolved. */
export const REOPEN_DAYS = 14;
/** Teams are reminded this long before their window ends. */
export const ENDING_REMINDER_DAYS = 30;
export const DEFAULT_SUPPORT_MONTHS = 12;

const DAY = 86_400_000;

/**
 * The end of a window of `months` calendar months from `start`, in the zone's calendar: from 15 March
 * at 14:00, 12 months runs to 15 March a year later at 14:00. A start on the 31st ends on the last
 * day of a shorter month (31 January + 1 month = 28 or 29 February).
 */
export function windowEnd(start: Date, months: number, timeZone = "Europe/London"): Date {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`Not a number of months: ${months}`);
  const { date, time } = toLocalParts(start, timeZone);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const index = month - 1 + months;
  const endYear = year + Math.floor(index / 12);
  const endMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate();
  const endDate = `${String(endYear).padStart(4, "0")}-${String(endMonth).padStart(2, "0")}-${String(Math.min(day, lastDay)).padStart(2, "0")}`;
  const parsed = parseLocalDateTime(endDate, time, timeZone);
  if (parsed.kind === "ok") return parsed.instant;
  if (parsed.kind === "ambiguous") return parsed.later;
  // A time the clocks skip that day: the same instant of the day an hour on.
  const later = parseLocalDateTime(
    endDate,
    `${String(Number(time.slice(0, 2)) + 1).padStart(2, "0")}${time.slice(2)}`,
    timeZone,
  );
  return later.kind === "ok" ? later.instant : new Date(start.getTime() + months * 30 * DAY);
}

export function windowOpen(window: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  return window.startsAt.getTime() <= now.getTime() && now.getTime() < window.endsAt.getTime();
}

/** Statuses staff can move a request to from its current one. Closed is final except by reopening. */
const STAFF_MOVES: Record<SupportStatus, readonly SupportStatus[]> = {
  open: ["triaged", "in_progress", "waiting_on_team", "resolved", "closed"],
  triaged: ["in_progress", "waiting_on_team", "resolved", "closed"],
  in_progress: ["triaged", "waiting_on_team", "resolved", "closed"],
  waiting_on_team: ["in_progress", "resolved", "closed"],
  resolved: ["in_progress", "closed"],
  closed: ["in_progress"],
};

export function staffStatusMoves(from: SupportStatus): readonly SupportStatus[] {
  return STAFF_MOVES[from];
}

export function isFinished(status: SupportStatus): boolean {
  return status === "resolved" || status === "closed";
}

/** Why the team cannot reopen this request now, or null when it can. */
export function reopenRefusal(request: { status: SupportStatus; resolvedAt: Date | null }, now: Date): string | null {
  if (request.status !== "resolved" || !request.resolvedAt) return "Only a resolved request can be reopened";
  if (now.getTime() - request.resolvedAt.getTime() > REOPEN_DAYS * DAY) {
    return `A request can be reopened for ${REOPEN_DAYS} days after it is resolved. Log a new request instead`;
  }
  return null;
}

/** Still waiting for its first response after the service level's due time. */
export function isOverdue(
  request: { status: SupportStatus; firstRespondedAt: Date | null; firstResponseDueAt: Date },
  now: Date,
): boolean {
  return (
    request.firstRespondedAt === null &&
    !isFinished(request.status) &&
    request.firstResponseDueAt.getTime() < now.getTime()
  );
}

/** Reads "1h 30m", "90", "1.5h", "45m" as minutes; null when it is not a time. */
export function parseMinutes(input: string): number | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, " ");
  if (text === "") return 0;
  if (/^\d{1,4}$/.test(text)) return Number(text);
  const decimalHours = /^(\d{1,2}(?:\.\d{1,2})?) ?(?:h|hr|hrs|hour|hours)$/.exec(text);
  if (decimalHours) return Math.round(Number(decimalHours[1]) * 60);
  const parts = /^(?:(\d{1,2}) ?(?:h|hr|hrs|hour|hours))? ?(?:(\d{1,3}) ?(?:m|min|mins|minute|minutes))?$/.exec(text);
  if (parts && (parts[1] || parts[2])) return Number(parts[1] ?? 0) * 60 + Number(parts[2] ?? 0);
  return null;
}

/** "1 hour 30 minutes", "45 minutes", "2 hours". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [
    hours > 0 ? `${hours} ${hours === 1 ? "hour" : "hours"}` : "",
    rest > 0 || hours === 0 ? `${rest} ${rest === 1 ? "minute" : "minutes"}` : "",
  ].filter(Boolean);
  return parts.join(" ");
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface ReportRequest {
  category: SupportCategory;
  status: SupportStatus;
  createdAt: Date;
  firstResponseDueAt: Date;
  firstRespondedAt: Date | null;
}

export interface SupportReport {
  requests: number;
  byCategory: Record<SupportCategory, number>;
  byStatus: Record<SupportStatus, number>;
  /** Over requests that have had a first response; null when none has. */
  medianHoursToFirstResponse: number | null;
  /** Requests whose first response is settled (given, or overdue now): the share on time. */
  withinServiceLevel: { onTime: number; settled: number };
  overdue: number;
}

/** The programme figures over a set of requests. */
export function supportReport(requests: readonly ReportRequest[], now: Date): SupportReport {
  const byCategory = Object.fromEntries(SUPPORT_CATEGORIES.map((key) => [key, 0])) as Record<SupportCategory, number>;
  const byStatus = Object.fromEntries(SUPPORT_STATUSES.map((key) => [key, 0])) as Record<SupportStatus, number>;
  const hours: number[] = [];
  let onTime = 0;
  let settled = 0;
  let overdue = 0;
  for (const request of requests) {
    byCategory[request.category] += 1;
    byStatus[request.status] += 1;
    if (request.firstRespondedAt) {
      hours.push((request.firstRespondedAt.getTime() - request.createdAt.getTime()) / 3_600_000);
      settled += 1;
      if (request.firstRespondedAt.getTime() <= request.firstResponseDueAt.getTime()) onTime += 1;
    } else if (isOverdue(request, now)) {
      settled += 1;
      overdue += 1;
    }
  }
  return {
    requests: requests.length,
    byCategory,
    byStatus,
    medianHoursToFirstResponse: median(hours),
    withinServiceLevel: { onTime, settled },
    overdue,
  };
}
