// Reads the timeline form: each step is a date and a time in the event's zone. A time that the
// clocks skip is refused; a time that happens twice asks which of the two was meant.
import {
  MAX_GRACE_PERIOD_MINUTES,
  TIMELINE_STEPS,
  timelineErrors,
  type Timeline,
  type TimelineStepKey,
} from "./phases";
import { parseLocalDateTime, resolveLocalDateTime, zoneAbbreviation, type AmbiguityChoice } from "./time";

export interface AmbiguousStep {
  earlierLabel: string;
  laterLabel: string;
}

export interface TimelineFormResult {
  timeline: Timeline;
  /** Keyed by form field: `${step}Date`, `${step}Time`, `${step}Choice`, gracePeriodMinutes. */
  errors: Record<string, string>;
  /** Steps whose time happens twice: the form asks which. */
  ambiguous: Partial<Record<TimelineStepKey, AmbiguousStep>>;
}

export function readTimelineForm(values: Record<string, string | undefined>, timeZone: string): TimelineFormResult {
  const errors: Record<string, string> = {};
  const ambiguous: Partial<Record<TimelineStepKey, AmbiguousStep>> = {};
  const timeline = { gracePeriodMinutes: 0 } as Timeline;

  for (const step of TIMELINE_STEPS) {
    const date = (values[`${step.key}Date`] ?? "").trim();
    const time = (values[`${step.key}Time`] ?? "").trim();
    timeline[step.key] = null;
    if (date === "" && time === "") continue;
    if (date === "") {
      errors[`${step.key}Date`] = `Enter the date for ${step.label.toLowerCase()}`;
      continue;
    }
    if (time === "") {
      errors[`${step.key}Time`] = `Enter the time for ${step.label.toLowerCase()}`;
      continue;
    }
    const parsed = parseLocalDateTime(date, time, timeZone);
    const rawChoice = values[`${step.key}Choice`];
    const choice: AmbiguityChoice | undefined =
      rawChoice === "earlier" || rawChoice === "later" ? rawChoice : undefined;
    if (parsed.kind === "ambiguous") {
      ambiguous[step.key] = {
        earlierLabel: `${time} ${zoneAbbreviation(parsed.earlier, timeZone)} (the first time)`,
        laterLabel: `${time} ${zoneAbbreviation(parsed.later, timeZone)} (the second time)`,
      };
    }
    const resolved = resolveLocalDateTime(date, time, timeZone, choice);
    if ("error" in resolved) {
      const field = parsed.kind === "ambiguous" ? `${step.key}Choice` : `${step.key}Date`;
      errors[field] = `${step.label}: ${resolved.error}`;
      continue;
    }
    timeline[step.key] = resolved.instant;
  }

  const grace = (values.gracePeriodMinutes ?? "").trim();
  if (grace === "") {
    timeline.gracePeriodMinutes = 0;
  } else if (!/^\d+$/.test(grace) || Number(grace) > MAX_GRACE_PERIOD_MINUTES) {
    errors.gracePeriodMinutes = `Grace period must be a whole number of minutes from 0 to ${MAX_GRACE_PERIOD_MINUTES}`;
  } else {
    timeline.gracePeriodMinutes = Number(grace);
  }

  // Order is checked only between steps that were read without error.
  for (const [key, message] of Object.entries(timelineErrors(timeline))) {
    const field = key === "gracePeriodMinutes" ? key : `${key}Date`;
    errors[field] ??= message;
  }
  return { timeline, errors, ambiguous };
}
