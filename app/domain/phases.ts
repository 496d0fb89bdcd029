// Where an event is in its life, worked out from its timeline and the time now, so that it can never go stale.

export interface Timeline {
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  submissionsOpenAt: Date | null;
  submissionDeadlineAt: Date | null;
  gracePeriodMinutes: number;
  judgingOpensAt: Date | null;
  judgingClosesAt: Date | null;
  resultsPublishedAt: Date | null;
}

/**
 * The timeline as it stands, with when the results actually go public. The timeline's
 * resultsPublishedAt is the date planned and shown in the call; the results are public only once
 * the organisers have announced them (resultsAnnouncedAt, now or at a time they chose).
 */
export interface EventClock extends Timeline {
  resultsAnnouncedAt: Date | null;
}

/** The timeline's instants, without the grace period. */
export type TimelineStepKey = Exclude<keyof Timeline, "gracePeriodMinutes">;

export type EventStatus = "draft" | "published" | "cancelled" | "archived";

export type Phase =
  | "draft"
  | "cancelled"
  | "archived"
  /** Published, registration not open yet. */
  | "announced"
  | "registration_open"
  /** Registration closed, submissions not open yet. */
  | "registration_closed"
  | "submissions_open"
  /** After the deadline and its grace period, before judging opens. */
  | "judging_pending"
  | "judging"
  | "results_pending"
  | "results_published";

export interface PhaseFlags {
  registrationOpen: boolean;
  /** opens <= now < deadline + grace */
  submissionsOpen: boolean;
  judgingOpen: boolean;
  resultsPublished: boolean;
}

export const MAX_GRACE_PERIOD_MINUTES = 1440;

export const TIMELINE_STEPS: readonly { key: TimelineStepKey; label: string }[] = [
  { key: "registrationOpensAt", label: "Registration opens" },
  { key: "registrationClosesAt", label: "Registration closes" },
  { key: "submissionsOpenAt", label: "Submissions open" },
  { key: "submissionDeadlineAt", label: "Submission deadline" },
  { key: "judgingOpensAt", label: "Judging opens" },
  { key: "judgingClosesAt", label: "Judging closes" },
  { key: "resultsPublishedAt", label: "Results published" },
];

const MINUTE = 60_000;

function isGracePeriodValid(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= 0 && minutes <= MAX_GRACE_PERIOD_MINUTES;
}

// An invalid Date would compare false with everything and quietly keep a window shut, so it counts as missing.
function instant(date: Date | null | undefined): number | null {
  if (!date) return null;
  const time = date.getTime();
  return Number.isNaN(time) ? null : time;
}

/**
 * The last instant (exclusive) at which a submission is accepted: the deadline plus the grace period, so that
 * one uploading as the clock strikes is not lost. Throws for a grace period the timeline rules would refuse,
 * rather than silently moving a deadline.
 */
export function submissionCutoff(timeline: Timeline): Date | null {
  const deadline = instant(timeline.submissionDeadlineAt);
  if (deadline === null) return null;
  if (!isGracePeriodValid(timeline.gracePeriodMinutes)) {
    throw new RangeError(`Grace period must be a whole number of minutes: ${timeline.gracePeriodMinutes}`);
  }
  return new Date(deadline + timeline.gracePeriodMinutes * MINUTE);
}

// An opening at now is open and a closing at now is closed. A missing closing leaves the window open: a
// published event has every step, and an organiser part-way through editing should not see it shut early.
function isWithin(opens: number | null, closes: number | null, now: number): boolean {
  return opens !== null && opens <= now && (closes === null || now < closes);
}

function hasReached(at: number | null, now: number): boolean {
  return at !== null && at <= now;
}

export function phaseFlags(status: EventStatus, timeline: EventClock, now: Date): PhaseFlags {
  const at = now.getTime();
  const resultsPublished = hasReached(instant(timeline.resultsAnnouncedAt), at);
  if (status !== "published") {
    // An archived event keeps its results on show; nothing else about a closed or unpublished event is open.
    return {
      registrationOpen: false,
      submissionsOpen: false,
      judgingOpen: false,
      resultsPublished: status === "archived" && resultsPublished,
    };
  }
  return {
    registrationOpen: isWithin(instant(timeline.registrationOpensAt), instant(timeline.registrationClosesAt), at),
    submissionsOpen: isWithin(instant(timeline.submissionsOpenAt), instant(submissionCutoff(timeline)), at),
    judgingOpen: isWithin(instant(timeline.judgingOpensAt), instant(timeline.judgingClosesAt), at),
    resultsPublished,
  };
}

/**
 * The one phase to show. The latest step reached wins, so a Code4Health challenge that keeps registration open
 * while submissions are open shows as open for submissions; phaseFlags says what is open underneath.
 */
export function computePhase(status: EventStatus, timeline: EventClock, now: Date): Phase {
  if (status !== "published") return status;
  const at = now.getTime();
  if (hasReached(instant(timeline.resultsAnnouncedAt), at)) return "results_published";
  if (hasReached(instant(timeline.judgingClosesAt), at)) return "results_pending";
  if (hasReached(instant(timeline.judgingOpensAt), at)) return "judging";
  if (hasReached(instant(submissionCutoff(timeline)), at)) return "judging_pending";
  if (hasReached(instant(timeline.submissionsOpenAt), at)) return "submissions_open";
  if (isWithin(instant(timeline.registrationOpensAt), instant(timeline.registrationClosesAt), at)) {
    return "registration_open";
  }
  if (hasReached(instant(timeline.registrationClosesAt), at)) return "registration_closed";
  return "announced";
}

const PHASE_LABELS: Record<Phase, string> = {
  draft: "Draft",
  cancelled: "Cancelled",
  archived: "Archived",
  announced: "Opening soon",
  registration_open: "Registration open",
  registration_closed: "Registration closed",
  submissions_open: "Open for submissions",
  judging_pending: "Submissions closed",
  judging: "Judging",
  results_pending: "Judging finished, results coming soon",
  results_published: "Results published",
};

export function phaseLabel(phase: Phase): string {
  return PHASE_LABELS[phase];
}

// What a visitor is counting down to, in timeline order. Judging opening is left out: visitors cannot act on it.
// The deadline is shown without its grace period, which is a courtesy and not a second deadline.
const VISITOR_DEADLINES: readonly { key: TimelineStepKey; label: string }[] = [
  { key: "registrationOpensAt", label: "Registration opens" },
  { key: "registrationClosesAt", label: "Registration closes" },
  { key: "submissionsOpenAt", label: "Submissions open" },
  { key: "submissionDeadlineAt", label: "Submission deadline" },
  { key: "judgingClosesAt", label: "Judging closes" },
  { key: "resultsPublishedAt", label: "Results announced" },
];

/** The next instant after now that a visitor cares about, or null when nothing is left to wait for. */
export function nextDeadline(status: EventStatus, timeline: EventClock, now: Date): { label: string; at: Date } | null {
  if (status !== "published") return null;
  const at = now.getTime();
  let next: { label: string; at: number } | null = null;
  for (const { key, label } of VISITOR_DEADLINES) {
    // Once the organisers have set the announcement, its time replaces the date planned.
    const when = instant(key === "resultsPublishedAt" ? (timeline.resultsAnnouncedAt ?? timeline[key]) : timeline[key]);
    // "<=" so that when two steps fall together the later one, which matters more, is named.
    if (when !== null && when > at && (next === null || when <= next.at)) next = { label, at: when };
  }
  return next && { label: next.label, at: new Date(next.at) };
}

interface OrderRule {
  before: TimelineStepKey;
  after: TimelineStepKey;
  strict: boolean;
  addsGrace: boolean;
}

// Each rule is checked where both steps are present. A challenge may keep registration open while submissions
// are open, so registration closing is tied to the deadline rather than to submissions opening.
const ORDER_RULES: readonly OrderRule[] = [
  { before: "registrationOpensAt", after: "registrationClosesAt", strict: true, addsGrace: false },
  { before: "registrationOpensAt", after: "submissionsOpenAt", strict: false, addsGrace: false },
  { before: "submissionsOpenAt", after: "submissionDeadlineAt", strict: true, addsGrace: false },
  { before: "registrationClosesAt", after: "submissionDeadlineAt", strict: false, addsGrace: false },
  { before: "submissionDeadlineAt", after: "judgingOpensAt", strict: false, addsGrace: true },
  { before: "judgingOpensAt", after: "judgingClosesAt", strict: true, addsGrace: false },
  { before: "judgingClosesAt", after: "resultsPublishedAt", strict: false, addsGrace: false },
];

// How each step reads in the middle of a sentence: "must be after the submission deadline".
const IN_A_SENTENCE: Record<TimelineStepKey, string> = {
  registrationOpensAt: "registration opens",
  registrationClosesAt: "registration closes",
  submissionsOpenAt: "submissions open",
  submissionDeadlineAt: "the submission deadline",
  judgingOpensAt: "judging opens",
  judgingClosesAt: "judging closes",
  resultsPublishedAt: "results are published",
};

/** A bound on a step from an earlier present step, reached through rules whose middle steps are missing. */
interface Bound {
  from: TimelineStepKey;
  strict: boolean;
  addsGrace: boolean;
}

// With a step missing, its neighbours must still be in order (registration opening after the deadline is wrong
// even before submissions opening is filled in), so look through missing steps to the present ones behind them.
function boundsOn(step: TimelineStepKey, timeline: Timeline): Bound[] {
  const bounds: Bound[] = [];
  for (const rule of ORDER_RULES.filter(({ after }) => after === step)) {
    if (instant(timeline[rule.before]) !== null) {
      bounds.push({ from: rule.before, strict: rule.strict, addsGrace: rule.addsGrace });
      continue;
    }
    for (const bound of boundsOn(rule.before, timeline)) {
      bounds.push({
        from: bound.from,
        strict: bound.strict || rule.strict,
        addsGrace: bound.addsGrace || rule.addsGrace,
      });
    }
  }
  return bounds;
}

/**
 * Each step must come after the ones before it; every message names its field. Missing steps are not errors
 * here, because a draft is filled in over time: publishing checks completeness with missingTimelineSteps.
 */
export function timelineErrors(timeline: Timeline): Partial<Record<keyof Timeline, string>> {
  const errors: Partial<Record<keyof Timeline, string>> = {};
  const graceValid = isGracePeriodValid(timeline.gracePeriodMinutes);
  if (!graceValid) {
    errors.gracePeriodMinutes = `Grace period must be a whole number of minutes from 0 to ${MAX_GRACE_PERIOD_MINUTES}`;
  }
  const graceMillis = graceValid ? timeline.gracePeriodMinutes * MINUTE : 0;
  for (const { key: step, label } of TIMELINE_STEPS) {
    const at = instant(timeline[step]);
    if (at === null) continue;
    for (const bound of boundsOn(step, timeline)) {
      const earliest = instant(timeline[bound.from])! + (bound.addsGrace ? graceMillis : 0);
      if (bound.strict ? at > earliest : at >= earliest) continue;
      const relation = bound.strict ? "after" : "at or after";
      const grace = bound.addsGrace && graceMillis > 0 ? " plus the grace period" : "";
      errors[step] = `${label} must be ${relation} ${IN_A_SENTENCE[bound.from]}${grace}`;
      break;
    }
  }
  return errors;
}

/** Labels of the steps that have no time yet, in timeline order. */
export function missingTimelineSteps(timeline: Timeline): string[] {
  return TIMELINE_STEPS.filter(({ key }) => instant(timeline[key]) === null).map(({ label }) => label);
}

/**
 * Whether the event's entries are on public show: once results are published, or from the
 * deadline (with its grace period) when the organiser chose to show them then.
 */
export function galleryOpen(
  status: EventStatus,
  timeline: EventClock & { galleryAfterDeadline: boolean },
  now: Date,
): boolean {
  if (phaseFlags(status, timeline, now).resultsPublished) return true;
  if (status !== "published" && status !== "archived") return false;
  const cutoff = instant(submissionCutoff(timeline));
  return timeline.galleryAfterDeadline && cutoff !== null && cutoff <= now.getTime();
}
