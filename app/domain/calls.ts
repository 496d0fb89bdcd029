// What a call for entry needs before it can be published, its prize fund, and its timeline as a
// calendar file.
import { sumPence } from "./money";
import { TIMELINE_STEPS, missingTimelineSteps, timelineErrors, type Timeline } from "./phases";

export interface CallDraft extends Timeline {
  title: string;
  summary: string;
  description: string;
  isOnline: boolean;
  venueName: string;
  venueAddress: string;
  eligibilityStatement: string;
  noPrizes: boolean;
  teamSizeMin: number;
  teamSizeMax: number;
}

export interface PrizeCategoryAmounts {
  name: string;
  placesPence: number[];
}

/**
 * What is missing before the call can be published, in the words an organiser would use; empty
 * when it is complete. Themes are optional: a challenge may be open to any idea.
 */
export function missingForPublish(call: CallDraft, prizes: PrizeCategoryAmounts[]): string[] {
  const missing: string[] = [];
  if (call.summary.trim() === "") missing.push("A one-line summary of the call");
  if (call.description.trim() === "") missing.push("A description of what the event is and why it matters");
  if (!call.isOnline && (call.venueName.trim() === "" || call.venueAddress.trim() === "")) {
    missing.push("The venue and its address, or that the event is online");
  }
  for (const step of missingTimelineSteps(call)) missing.push(`Timeline: ${step.toLowerCase()}`);
  if (Object.keys(timelineErrors(call)).length > 0) missing.push("Timeline: the dates must be in order");
  if (call.eligibilityStatement.trim() === "") missing.push("Who may enter (the eligibility statement)");
  const fundedCategories = prizes.filter((category) => category.placesPence.length > 0);
  if (!call.noPrizes && fundedCategories.length === 0) {
    missing.push('At least one prize category with an amount, or the choice "no prizes"');
  }
  if (call.teamSizeMin < 1 || call.teamSizeMax < call.teamSizeMin)
    missing.push("Team sizes: the most must be at least the fewest");
  return missing;
}

/** The whole prize fund in pence: every place of every category. */
export function prizeFundPence(prizes: PrizeCategoryAmounts[]): number {
  return sumPence(prizes.flatMap((category) => category.placesPence));
}

export function ordinal(place: number): string {
  const tens = place % 100;
  if (tens >= 11 && tens <= 13) return `${place}th`;
  return `${place}${({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[place % 10] ?? "th"}`;
}

function icsText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\r?\n/g, "\\n")
    .replace(/([,;])/g, "\\$1");
}

function icsInstant(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** RFC 5545 lines are at most 75 octets; longer ones continue on lines that start with a space. */
function foldLine(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  for (const character of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (new TextEncoder().encode(current + character).length > limit) {
      parts.push(current);
      current = character;
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/**
 * The timeline as an iCalendar file: one event a step, each an instant in UTC (calendars show
 * it in the reader's own zone). Stable UIDs, so importing again updates rather than duplicates.
 */
export function timelineCalendar(
  call: Timeline & { slug: string; title: string; summary: string },
  options: { url: string; generatedAt: Date; host: string },
): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//NHS Hack Day platform//Calls for entry//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icsText(call.title)}`,
  ];
  for (const step of TIMELINE_STEPS) {
    const at = call[step.key];
    if (!at) continue;
    lines.push(
      "BEGIN:VEVENT",
      `UID:${call.slug}-${step.key}@${options.host}`,
      `DTSTAMP:${icsInstant(options.generatedAt)}`,
      `DTSTART:${icsInstant(at)}`,
      `DTEND:${icsInstant(at)}`,
      `SUMMARY:${icsText(`${call.title}: ${step.label.toLowerCase()}`)}`,
      `DESCRIPTION:${icsText(`${call.summary}\n${options.url}`)}`,
      `URL:${options.url}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
