// The programme report of follow-on support as people read it: the figures worded and rounded for
// the report pages (a community's and the administrators'), and the rows of its CSV file. One
// place for both, so that the page and the file never disagree.
import {
  MILESTONE_KIND_NAMES,
  MILESTONE_KINDS,
  SUPPORT_CATEGORIES,
  SUPPORT_CATEGORY_NAMES,
  SUPPORT_PRIORITY_NAMES,
  SUPPORT_STATUSES,
  SUPPORT_STATUS_NAMES,
  isFinished,
  type MilestoneKind,
  type SupportCategory,
  type SupportPriority,
  type SupportReport,
  type SupportStatus,
} from "./support";
import { DEFAULT_TIME_ZONE, formatInstant, toLocalParts, zoneAbbreviation } from "./time";

const HOUR = 3_600_000;

/** Shorter names for the chart's labels, which cannot wrap; the tables use the full names. */
export const SUPPORT_CATEGORY_SHORT_NAMES: Record<SupportCategory, string> = {
  technical_mentoring: "Technical mentoring",
  code_review: "Code review",
  hosting_deployment: "Hosting and deployment",
  interoperability: "Interoperability and APIs",
  information_governance: "Information governance",
  clinical_safety: "Clinical safety",
  user_research: "User research",
  funding_procurement: "Funding and procurement",
  other: "Something else",
};

const numberFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** Hours to one decimal place, without a trailing ".0": "1.5", "40", "1,234.5". */
export function hoursNumber(hours: number): string {
  return numberFormat.format(Math.round(hours * 10) / 10);
}

/** "1 hour", "1.5 hours", "40 hours". */
export function hoursText(hours: number): string {
  const text = hoursNumber(hours);
  return `${text} ${text === "1" ? "hour" : "hours"}`;
}

/** Minutes as hours: "1.8 hours". */
export function minutesAsHours(minutes: number): string {
  return hoursText(minutes / 60);
}

/** A share as people read it: "7 of 9 (78%)". */
export function shareText(part: number, whole: number): string {
  return `${part} of ${whole} (${Math.round((part / whole) * 100)}%)`;
}

/** A wait in hours, with days beside it once it passes a day: "5.5 hours", "2.3 days (55 hours)". */
export function waitText(hours: number): string {
  if (hours < 24) return hoursText(hours);
  const days = hoursNumber(hours / 24);
  return `${days} ${days === "1" ? "day" : "days"} (${hoursText(hours)})`;
}

// ---------------------------------------------------------------------------------------------
// The page

/** A support window as the report has it (the model's EntitlementRow). */
export interface ReportWindow {
  id: string;
  eventTitle: string;
  teamName: string;
  startsAt: Date;
  endsAt: Date;
  budgetMinutes: number | null;
  usedMinutes: number;
  requests: number;
}

/** The programme report as the model gives it (its ProgrammeReport). */
export interface ReportInput extends SupportReport {
  budgetMinutes: number;
  usedMinutes: number;
  windows: readonly ReportWindow[];
  milestonesByKind: Readonly<Record<string, number>>;
  events: readonly { id: string; title: string; requests: number; usedMinutes: number }[];
}

export interface ReportBar {
  key: string;
  name: string;
  shortName: string;
  count: number;
}

export interface ReportView {
  requests: number;
  windows: number;
  /** The headline figures, as a summary list's keys and values. */
  headline: { key: string; value: string }[];
  /** Every category, most requests first (the order the chart and its table share). */
  categories: ReportBar[];
  statuses: { key: SupportStatus; name: string; count: number }[];
  teamWindows: {
    key: string;
    event: string;
    team: string;
    ends: string;
    ended: boolean;
    requests: number;
    used: string;
    budget: string;
    overBudget: boolean;
  }[];
  milestones: { key: MilestoneKind; name: string; count: number }[];
  milestoneTotal: number;
  events: { key: string; title: string; requests: number; used: string }[];
}

/** The report's figures worded for the page: rounded, with their units, ready to show. */
export function supportReportView(report: ReportInput, now: Date): ReportView {
  const { onTime, settled } = report.withinServiceLevel;
  const budgeted = report.windows.filter((window) => window.budgetMinutes !== null);
  const usedInBudgeted = budgeted.reduce((sum, window) => sum + window.usedMinutes, 0);
  const budgetLine =
    budgeted.length === 0
      ? "No team's window has a budget of hours"
      : `${minutesAsHours(usedInBudgeted)} used of ${minutesAsHours(report.budgetMinutes)}` +
        (report.budgetMinutes > 0 ? ` (${Math.round((usedInBudgeted / report.budgetMinutes) * 100)}%)` : "") +
        `, in the ${budgeted.length === 1 ? "1 window" : `${budgeted.length} windows`} with a budget`;
  const milestones = MILESTONE_KINDS.map((key) => ({
    key,
    name: MILESTONE_KIND_NAMES[key],
    count: report.milestonesByKind[key] ?? 0,
  }));
  return {
    requests: report.requests,
    windows: report.windows.length,
    headline: [
      { key: "Teams with follow-on support", value: String(report.windows.length) },
      { key: "Requests logged", value: String(report.requests) },
      {
        key: "Median time to a first response",
        value:
          report.medianHoursToFirstResponse === null
            ? "No request has had a response yet"
            : waitText(report.medianHoursToFirstResponse),
      },
      {
        key: "First responses within the service level",
        value: settled === 0 ? "No first response has been due yet" : shareText(onTime, settled),
      },
      { key: "Waiting past their due time now", value: String(report.overdue) },
      { key: "Time logged by support staff", value: minutesAsHours(report.usedMinutes) },
      { key: "Time against the budgets", value: budgetLine },
    ],
    categories: SUPPORT_CATEGORIES.map((key) => ({
      key,
      name: SUPPORT_CATEGORY_NAMES[key],
      shortName: SUPPORT_CATEGORY_SHORT_NAMES[key],
      count: report.byCategory[key],
    })).sort((a, b) => b.count - a.count),
    statuses: SUPPORT_STATUSES.map((key) => ({ key, name: SUPPORT_STATUS_NAMES[key], count: report.byStatus[key] })),
    teamWindows: report.windows.map((window) => ({
      key: window.id,
      event: window.eventTitle,
      team: window.teamName,
      // The windows carry no event's zone: shown in the platform's, with its name.
      ends: formatInstant(window.endsAt, DEFAULT_TIME_ZONE),
      ended: window.endsAt.getTime() <= now.getTime(),
      requests: window.requests,
      used: minutesAsHours(window.usedMinutes),
      budget: window.budgetMinutes === null ? "No budget" : minutesAsHours(window.budgetMinutes),
      overBudget: window.budgetMinutes !== null && window.usedMinutes > window.budgetMinutes,
    })),
    milestones,
    milestoneTotal: milestones.reduce((sum, row) => sum + row.count, 0),
    events: report.events.map((event) => ({
      key: event.id,
      title: event.title,
      requests: event.requests,
      used: minutesAsHours(event.usedMinutes),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The CSV file

/** One request in the programme report, as the model reads it (programmeReport's rows). */
export interface ReportCsvInput {
  event: string;
  team: string;
  title: string;
  category: SupportCategory;
  priority: SupportPriority;
  status: SupportStatus;
  createdAt: Date;
  firstResponseDueAt: Date;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  minutes: number;
  timeZone: string;
}

export const SUPPORT_REPORT_CSV_HEADER = [
  "Event",
  "Team",
  "Request",
  "Category",
  "Priority",
  "Status",
  "Logged at",
  "First response due",
  "First answered at",
  "Hours to first response",
  "Within service level",
  "Hours logged",
  "Resolved at",
] as const;

/** An instant in the event's zone, sortable and unambiguous: "2030-03-14 09:30 GMT". */
export function csvTime(instant: Date | null, timeZone: string): string {
  if (!instant) return "";
  const { date, time } = toLocalParts(instant, timeZone);
  return `${date} ${time} ${zoneAbbreviation(instant, timeZone)}`;
}

/**
 * Whether the first response came within the service level: "Yes" or "No" once it is settled
 * (answered, or still unanswered past its due time), "Not yet due" while it is not; empty for a
 * request finished without any reply. The same rule as the report's share.
 */
function withinServiceLevel(row: ReportCsvInput, now: Date): string {
  if (row.firstRespondedAt) return row.firstRespondedAt.getTime() <= row.firstResponseDueAt.getTime() ? "Yes" : "No";
  if (isFinished(row.status)) return "";
  return row.firstResponseDueAt.getTime() < now.getTime() ? "No" : "Not yet due";
}

/** The report's CSV: one row per request, times in each event's own zone. */
export function supportReportCsv(
  rows: readonly ReportCsvInput[],
  now: Date,
): { header: readonly string[]; rows: string[][] } {
  return {
    header: SUPPORT_REPORT_CSV_HEADER,
    rows: rows.map((row) => [
      row.event,
      row.team,
      row.title,
      SUPPORT_CATEGORY_NAMES[row.category],
      SUPPORT_PRIORITY_NAMES[row.priority],
      SUPPORT_STATUS_NAMES[row.status],
      csvTime(row.createdAt, row.timeZone),
      csvTime(row.firstResponseDueAt, row.timeZone),
      csvTime(row.firstRespondedAt, row.timeZone),
      row.firstRespondedAt ? ((row.firstRespondedAt.getTime() - row.createdAt.getTime()) / HOUR).toFixed(1) : "",
      withinServiceLevel(row, now),
      (row.minutes / 60).toFixed(2),
      csvTime(row.resolvedAt, row.timeZone),
    ]),
  };
}
