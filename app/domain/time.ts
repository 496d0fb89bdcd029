// Wall-clock times in an event's time zone: instants are stored in UTC, but organisers type and read local times.

export const DEFAULT_TIME_ZONE = "Europe/London";

export type LocalDateTimeResult =
  | { kind: "ok"; instant: Date }
  | { kind: "nonexistent" }
  | { kind: "ambiguous"; earlier: Date; later: Date }
  | { kind: "invalid" };

/** Which of the two instants to take when a wall-clock time happens twice. */
export type AmbiguityChoice = "earlier" | "later";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
// No zone has ever been further than this from UTC (local mean times before standard time reached about
// ±15h 57m), so every instant that can show a given wall-clock time lies within this distance of it.
const WIDEST_OFFSET = 17 * HOUR;

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building a DateTimeFormat is far slower than using one, and parsing calls it dozens of times per zone.
const formatterCache = new Map<string, Intl.DateTimeFormat>();
function cachedFormatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = make();
    formatterCache.set(key, formatter);
  }
  return formatter;
}

// A fixed Gregorian calendar and Latin digits, so the parts read the same on every server whatever its locale.
const PARTS_LOCALE = "en-GB-u-ca-gregory-nu-latn";

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  return cachedFormatter(`wall:${timeZone}`, () => {
    return new Intl.DateTimeFormat(PARTS_LOCALE, {
      timeZone,
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
  });
}

export function isValidTimeZone(zone: string): boolean {
  // Intl also takes offsets such as "+01:00" on newer runtimes; an event's zone must be a named IANA zone,
  // so that its clock changes are known.
  if (typeof zone !== "string" || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function assertTimeZone(timeZone: string): void {
  // A bad zone is a fault in stored data, not something an organiser typed, so it must not read as "invalid input".
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
}

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError("Invalid instant");
}

// Date.UTC reads years 0-99 as 1900-1999, so set the full year explicitly.
function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function partValue(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((part) => part.type === type)?.value ?? "";
}

function wallClockAt(millis: number, timeZone: string): WallClock {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(millis));
  const number = (type: Intl.DateTimeFormatPartTypes) => Number(partValue(parts, type));
  const yearOfEra = number("year");
  return {
    year: partValue(parts, "era") === "BC" ? 1 - yearOfEra : yearOfEra,
    month: number("month"),
    day: number("day"),
    hour: number("hour"),
    minute: number("minute"),
    second: number("second"),
  };
}

/** The wall-clock time at an instant, written as if it were a UTC instant: this makes offsets plain subtraction. */
function localMillisAt(millis: number, timeZone: string): number {
  const clock = wallClockAt(millis, timeZone);
  return utcMillis(clock.year, clock.month, clock.day, clock.hour, clock.minute, clock.second);
}

function offsetAt(millis: number, timeZone: string): number {
  const wholeSecond = millis - (((millis % SECOND) + SECOND) % SECOND);
  return localMillisAt(wholeSecond, timeZone) - wholeSecond;
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month + 1, 0)).getUTCDate();
}

/** The typed date and time as local milliseconds, or null when they are not a real date and time. */
function parseLocalMillis(date: string, time: string): { millis: number; display: WallClock } | null {
  if (typeof date !== "string" || typeof time !== "string") return null;
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const timeMatch = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  if (!dateMatch || !timeMatch) return null;
  const [year, month, day] = dateMatch.slice(1).map(Number) as [number, number, number];
  const [hour, minute] = timeMatch.slice(1).map(Number) as [number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59) return null;
  return { millis: utcMillis(year, month, day, hour, minute), display: { year, month, day, hour, minute, second: 0 } };
}

function instantsShowing(localMillis: number, timeZone: string): number[] {
  // Every offset in force within a day either side: a candidate instant is the local time minus one of them,
  // and it is real only if the zone shows exactly that local time at it. Sampling every 6 hours finds every
  // offset that lasts longer than that, which all real ones do.
  const offsets = new Set<number>();
  for (let step = -4; step <= 4; step += 1) offsets.add(offsetAt(localMillis + step * 6 * HOUR, timeZone));
  const instants = [...offsets]
    .map((offset) => localMillis - offset)
    .filter((candidate) => localMillisAt(candidate, timeZone) === localMillis);
  return [...new Set(instants)].sort((a, b) => a - b);
}

/**
 * Every UTC instant at which the zone's clocks show exactly this date and time. "nonexistent" is a time
 * skipped when the clocks go forward; "ambiguous" is one that happens twice when they go back.
 * Throws RangeError for an unknown zone, which is a fault in the event's data rather than the input.
 */
export function parseLocalDateTime(date: string, time: string, timeZone: string): LocalDateTimeResult {
  assertTimeZone(timeZone);
  const local = parseLocalMillis(date, time);
  return local ? classify(local.millis, timeZone) : { kind: "invalid" };
}

function classify(localMillis: number, timeZone: string): Exclude<LocalDateTimeResult, { kind: "invalid" }> {
  const instants = instantsShowing(localMillis, timeZone);
  const first = instants[0];
  const last = instants[instants.length - 1];
  if (first === undefined || last === undefined) return { kind: "nonexistent" };
  if (first === last) return { kind: "ok", instant: new Date(first) };
  return { kind: "ambiguous", earlier: new Date(first), later: new Date(last) };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function clockTime(clock: WallClock): string {
  return `${pad(clock.hour)}:${pad(clock.minute)}`;
}

function longDate(clock: WallClock): string {
  return `${clock.day} ${MONTH_NAMES[clock.month - 1]} ${clock.year}`;
}

function sameDay(a: WallClock, b: WallClock): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** The first wall-clock time after the gap that swallows this local time. */
function firstTimeAfterGap(localMillis: number, timeZone: string): WallClock {
  // Local time as a function of the instant jumps over the gap. Keep localAt(low) <= local < localAt(high) and
  // halve the interval down to a second: high is then the moment the clocks went forward.
  const localAt = (instant: number) => localMillisAt(instant, timeZone);
  let low = localMillis - WIDEST_OFFSET;
  let high = localMillis + WIDEST_OFFSET;
  while (high - low > SECOND) {
    const middle = low + Math.floor((high - low) / 2 / SECOND) * SECOND;
    if (localAt(middle) <= localMillis) low = middle;
    else high = middle;
  }
  return wallClockAt(high, timeZone);
}

/**
 * The instant an organiser meant by a date and time in the event's zone, or a message that says what to do.
 * Messages name no field: the caller puts the field's label in front.
 */
export function resolveLocalDateTime(
  date: string,
  time: string,
  timeZone: string,
  choice?: AmbiguityChoice,
): { instant: Date } | { error: string } {
  assertTimeZone(timeZone);
  const local = parseLocalMillis(date, time);
  if (!local) return { error: "Enter a real date and time" };
  const { millis, display } = local;
  const result = classify(millis, timeZone);
  switch (result.kind) {
    case "ok":
      return { instant: result.instant };
    case "ambiguous": {
      if (choice === "earlier") return { instant: result.earlier };
      if (choice === "later") return { instant: result.later };
      const [first, second] = distinctZoneNames(result.earlier, result.later, timeZone);
      return {
        error:
          `${clockTime(display)} on ${longDate(display)} happens twice because the clocks go back. ` +
          `Choose ${first} (the first) or ${second} (the second)`,
      };
    }
    case "nonexistent": {
      const after = firstTimeAfterGap(millis, timeZone);
      const when = sameDay(after, display) ? clockTime(after) : `${clockTime(after)} on ${longDate(after)}`;
      return {
        error:
          `The clocks go forward at that time, so ${clockTime(display)} does not exist on ${longDate(display)}. ` +
          `Enter ${when} or later`,
      };
    }
  }
}

function zoneNameFormatter(timeZone: string, style: "short" | "longOffset"): Intl.DateTimeFormat {
  return cachedFormatter(`name:${style}:${timeZone}`, () => {
    return new Intl.DateTimeFormat(PARTS_LOCALE, { timeZone, timeZoneName: style });
  });
}

/** The zone's short name at an instant as people in Britain write it: "GMT", "BST"; elsewhere often "GMT+10". */
export function zoneAbbreviation(instant: Date, timeZone: string): string {
  assertInstant(instant);
  assertTimeZone(timeZone);
  return partValue(zoneNameFormatter(timeZone, "short").formatToParts(instant), "timeZoneName");
}

// Two names an organiser can tell apart: where a zone uses one short name on both sides of a change,
// the offsets differ even though the names do not.
function distinctZoneNames(earlier: Date, later: Date, timeZone: string): [string, string] {
  const first = zoneAbbreviation(earlier, timeZone);
  const second = zoneAbbreviation(later, timeZone);
  if (first !== second) return [first, second];
  const offsetName = (instant: Date) =>
    partValue(zoneNameFormatter(timeZone, "longOffset").formatToParts(instant), "timeZoneName");
  return [offsetName(earlier), offsetName(later)];
}

/** The date ("YYYY-MM-DD") and time ("HH:MM") that the zone's clocks show at an instant, for form inputs. */
export function toLocalParts(instant: Date, timeZone: string): { date: string; time: string } {
  assertInstant(instant);
  assertTimeZone(timeZone);
  const clock = wallClockAt(instant.getTime(), timeZone);
  return { date: `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`, time: clockTime(clock) };
}

function displayFormatter(timeZone: string): Intl.DateTimeFormat {
  return cachedFormatter(`display:${timeZone}`, () => {
    return new Intl.DateTimeFormat(PARTS_LOCALE, {
      timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
  });
}

/**
 * An instant as people read it: "Saturday 14 March 2026 at 09:30 GMT". Always 24-hour and always with the
 * zone's name, because participants join from other zones and a time without one is a guess.
 */
export function formatInstant(instant: Date, timeZone: string, options: { withWeekday?: boolean } = {}): string {
  assertInstant(instant);
  assertTimeZone(timeZone);
  // Assembled from parts because the words ICU puts between them ("at", commas) change between versions.
  const parts = displayFormatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => partValue(parts, type);
  const day = `${part("day")} ${part("month")} ${part("year")}`;
  const prefix = options.withWeekday ? `${part("weekday")} ` : "";
  return `${prefix}${day} at ${part("hour")}:${part("minute")} ${part("timeZoneName")}`;
}

/** How long until an instant, as a countdown people read at a glance: "3 days and 4 hours". */
export function timeRemaining(now: Date, until: Date): string | null {
  const remaining = until.getTime() - now.getTime();
  if (remaining <= 0) return null;
  const days = Math.floor(remaining / 86_400_000);
  const hours = Math.floor((remaining % 86_400_000) / 3_600_000);
  const minutes = Math.floor((remaining % 3_600_000) / 60_000);
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (days > 0) return `${plural(days, "day")} and ${plural(hours, "hour")}`;
  if (hours > 0) return `${plural(hours, "hour")} and ${plural(minutes, "minute")}`;
  return plural(Math.max(minutes, 1), "minute");
}

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** The UTC midnight of a calendar date ("YYYY-MM-DD"), or null when there is no such day (31 February). */
function calendarDay(isoDate: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** Whether the text is a real calendar date written "YYYY-MM-DD", as a date input sends it. */
export function isCalendarDate(isoDate: string): boolean {
  return calendarDay(isoDate) !== null;
}

/**
 * A calendar date ("YYYY-MM-DD", as a date column or input holds it) as people read it:
 * "7 June 2030", or "Friday 7 June 2030". Anything else is returned as it is.
 */
export function formatDate(isoDate: string, options: { withWeekday?: boolean } = {}): string {
  const date = calendarDay(isoDate);
  if (!date) return isoDate;
  const prefix = options.withWeekday ? `${WEEKDAY_NAMES[date.getUTCDay()]} ` : "";
  return `${prefix}${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
