// Working days in England: Monday to Friday, less the bank holidays, which are kept here as data
// (gov.uk's published dates, with the substitute days when a holiday falls at a weekend) rather
// than computed, because the government moves them (an extra day for a coronation, say).
import { parseLocalDateTime, toLocalParts } from "./time";

export const BANK_HOLIDAYS_ENGLAND: ReadonlySet<string> = new Set([
  // 2025
  "2025-01-01",
  "2025-04-18",
  "2025-04-21",
  "2025-05-05",
  "2025-05-26",
  "2025-08-25",
  "2025-12-25",
  "2025-12-26",
  // 2026: Boxing Day is a Saturday, so Monday 28 December is the holiday.
  "2026-01-01",
  "2026-04-03",
  "2026-04-06",
  "2026-05-04",
  "2026-05-25",
  "2026-08-31",
  "2026-12-25",
  "2026-12-28",
  // 2027: Christmas Day and Boxing Day fall at the weekend; Monday 27 and Tuesday 28 December instead.
  "2027-01-01",
  "2027-03-26",
  "2027-03-29",
  "2027-05-03",
  "2027-05-31",
  "2027-08-30",
  "2027-12-27",
  "2027-12-28",
  // 2028: New Year's Day is a Saturday, so Monday 3 January.
  "2028-01-03",
  "2028-04-14",
  "2028-04-17",
  "2028-05-01",
  "2028-05-29",
  "2028-08-28",
  "2028-12-25",
  "2028-12-26",
  // 2029
  "2029-01-01",
  "2029-03-30",
  "2029-04-02",
  "2029-05-07",
  "2029-05-28",
  "2029-08-27",
  "2029-12-25",
  "2029-12-26",
  // 2030
  "2030-01-01",
  "2030-04-19",
  "2030-04-22",
  "2030-05-06",
  "2030-05-27",
  "2030-08-26",
  "2030-12-25",
  "2030-12-26",
]);

/** The years the bank holidays above cover; outside them only weekends are skipped. */
export const BANK_HOLIDAY_YEARS = { first: 2025, last: 2030 } as const;

const DAY = 86_400_000;

function toUtcDate(isoDate: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The calendar date after this one ("YYYY-MM-DD"). */
export function nextDate(date: string): string {
  return isoDate(new Date(toUtcDate(date).getTime() + DAY));
}

export function isWorkingDay(date: string, holidays: ReadonlySet<string> = BANK_HOLIDAYS_ENGLAND): boolean {
  const weekday = toUtcDate(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The date of the `count`th working day after `date` (not counting `date` itself). */
export function addWorkingDays(
  date: string,
  count: number,
  holidays: ReadonlySet<string> = BANK_HOLIDAYS_ENGLAND,
): string {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Not a number of working days: ${count}`);
  let day = date;
  let left = count;
  while (left > 0) {
    day = nextDate(day);
    if (isWorkingDay(day, holidays)) left -= 1;
  }
  return day;
}

/** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(
  from: string,
  to: string,
  holidays: ReadonlySet<string> = BANK_HOLIDAYS_ENGLAND,
): number {
  let count = 0;
  for (let day = nextDate(from); day <= to; day = nextDate(day)) if (isWorkingDay(day, holidays)) count += 1;
  return count;
}

/**
 * When a first response to something raised at `raisedAt` is due: by the end of the `workingDays`th
 * working day after the day it was raised, in the zone's calendar. Raised on Friday with 5 working
 * days, it is due by the end of the next Friday; raised on a Saturday, by the end of the Friday after.
 */
export function responseDueAt(raisedAt: Date, workingDays: number, timeZone = "Europe/London"): Date {
  const raisedOn = toLocalParts(raisedAt, timeZone).date;
  const lastDay = addWorkingDays(raisedOn, workingDays);
  const endOfDay = parseLocalDateTime(nextDate(lastDay), "00:00", timeZone);
  // Midnight is never skipped by the clocks in the zones we serve; fall back to UTC midnight if it were.
  return endOfDay.kind === "ok" ? endOfDay.instant : new Date(toUtcDate(nextDate(lastDay)).getTime());
}

/**
 * The working day ("YYYY-MM-DD") by whose end a response is due, from the instant `responseDueAt`
 * gave: that instant is the midnight after it, which people would misread as the next day.
 */
export function responseDueDate(dueAt: Date, timeZone = "Europe/London"): string {
  return toLocalParts(new Date(dueAt.getTime() - 60_000), timeZone).date;
}
