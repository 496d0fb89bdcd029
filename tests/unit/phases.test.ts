import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computePhase,
  galleryOpen,
  type EventStatus,
  missingTimelineSteps,
  nextDeadline,
  type Phase,
  phaseFlags,
  phaseLabel,
  submissionCutoff,
  type EventClock,
  type Timeline,
  TIMELINE_STEPS,
  timelineErrors,
} from "~/domain/phases";

const SECOND = 1000;
const at = (iso: string) => new Date(iso);
const shift = (date: Date, seconds: number) => new Date(date.getTime() + seconds * SECOND);

// A hack day: registration, then a weekend of building, then judging and results.
// Their results are announced at the time planned.
const hackDay: EventClock = {
  registrationOpensAt: at("2026-01-05T09:00:00Z"),
  registrationClosesAt: at("2026-02-27T17:00:00Z"),
  submissionsOpenAt: at("2026-03-14T09:00:00Z"),
  submissionDeadlineAt: at("2026-03-15T14:00:00Z"),
  gracePeriodMinutes: 15,
  judgingOpensAt: at("2026-03-15T14:30:00Z"),
  judgingClosesAt: at("2026-03-15T16:00:00Z"),
  resultsPublishedAt: at("2026-03-15T16:30:00Z"),
  resultsAnnouncedAt: at("2026-03-15T16:30:00Z"),
};

// A Code4Health challenge: teams can still register for the first weeks while submissions are open.
const challenge: EventClock = {
  registrationOpensAt: at("2026-04-01T09:00:00Z"),
  registrationClosesAt: at("2026-05-01T17:00:00Z"),
  submissionsOpenAt: at("2026-04-01T09:00:00Z"),
  submissionDeadlineAt: at("2026-06-01T12:00:00Z"),
  gracePeriodMinutes: 0,
  judgingOpensAt: at("2026-06-02T09:00:00Z"),
  judgingClosesAt: at("2026-06-16T17:00:00Z"),
  resultsPublishedAt: at("2026-06-20T12:00:00Z"),
  resultsAnnouncedAt: at("2026-06-20T12:00:00Z"),
};

const emptyTimeline: EventClock = {
  registrationOpensAt: null,
  registrationClosesAt: null,
  submissionsOpenAt: null,
  submissionDeadlineAt: null,
  gracePeriodMinutes: 0,
  judgingOpensAt: null,
  judgingClosesAt: null,
  resultsPublishedAt: null,
  resultsAnnouncedAt: null,
};

const cutoff = at("2026-03-15T14:15:00Z");

describe("submissionCutoff", () => {
  it("is the deadline plus the grace period", () => {
    expect(submissionCutoff(hackDay)).toEqual(cutoff);
    expect(submissionCutoff(challenge)).toEqual(challenge.submissionDeadlineAt);
  });

  it("is null without a deadline", () => {
    expect(submissionCutoff(emptyTimeline)).toBeNull();
  });

  it("refuses a grace period the timeline rules would refuse", () => {
    expect(() => submissionCutoff({ ...hackDay, gracePeriodMinutes: -1 })).toThrow(RangeError);
    expect(() => submissionCutoff({ ...hackDay, gracePeriodMinutes: 1.5 })).toThrow(RangeError);
    expect(() => submissionCutoff({ ...hackDay, gracePeriodMinutes: 1441 })).toThrow(RangeError);
  });

  it("accepts a submission one second before the cutoff and refuses one at or after it", () => {
    expect(phaseFlags("published", hackDay, shift(cutoff, -1)).submissionsOpen).toBe(true);
    expect(phaseFlags("published", hackDay, cutoff).submissionsOpen).toBe(false);
    expect(phaseFlags("published", hackDay, shift(cutoff, 1)).submissionsOpen).toBe(false);
    // The deadline itself is within the grace period.
    expect(phaseFlags("published", hackDay, hackDay.submissionDeadlineAt!).submissionsOpen).toBe(true);
  });

  it("with no grace period, closes at the deadline", () => {
    const deadline = challenge.submissionDeadlineAt!;
    expect(phaseFlags("published", challenge, shift(deadline, -1)).submissionsOpen).toBe(true);
    expect(phaseFlags("published", challenge, deadline).submissionsOpen).toBe(false);
  });
});

describe("results announced by the organisers, not by the date planned", () => {
  const unannounced = { ...hackDay, resultsAnnouncedAt: null };

  it("keeps results pending after the planned date until they are announced", () => {
    const later = shift(hackDay.resultsPublishedAt!, 3600);
    expect(computePhase("published", unannounced, later)).toBe("results_pending");
    expect(phaseFlags("published", unannounced, later).resultsPublished).toBe(false);
    expect(galleryOpen("published", { ...unannounced, galleryAfterDeadline: false }, later)).toBe(false);
  });

  it("publishes them at the announced time, before or after the date planned", () => {
    const early = shift(hackDay.resultsPublishedAt!, -600);
    const announced = { ...hackDay, resultsAnnouncedAt: early };
    expect(computePhase("published", announced, shift(early, -1))).toBe("results_pending");
    expect(computePhase("published", announced, early)).toBe("results_published");
  });

  it("counts down to a scheduled announcement rather than the date planned", () => {
    const scheduled = shift(hackDay.resultsPublishedAt!, 7200);
    expect(nextDeadline("published", { ...hackDay, resultsAnnouncedAt: scheduled }, hackDay.judgingClosesAt!)).toEqual({
      label: "Results announced",
      at: scheduled,
    });
  });
});

describe("computePhase for a published hack day", () => {
  // [instant, phase one second before, phase at and one second after]
  const boundaries: [keyof Timeline | "cutoff", Date, Phase, Phase][] = [
    ["registrationOpensAt", hackDay.registrationOpensAt!, "announced", "registration_open"],
    ["registrationClosesAt", hackDay.registrationClosesAt!, "registration_open", "registration_closed"],
    ["submissionsOpenAt", hackDay.submissionsOpenAt!, "registration_closed", "submissions_open"],
    ["submissionDeadlineAt", hackDay.submissionDeadlineAt!, "submissions_open", "submissions_open"],
    ["cutoff", cutoff, "submissions_open", "judging_pending"],
    ["judgingOpensAt", hackDay.judgingOpensAt!, "judging_pending", "judging"],
    ["judgingClosesAt", hackDay.judgingClosesAt!, "judging", "results_pending"],
    ["resultsPublishedAt", hackDay.resultsPublishedAt!, "results_pending", "results_published"],
  ];

  it.each(boundaries)("at %s moves from the phase before to the phase after", (_, instant, before, after) => {
    expect(computePhase("published", hackDay, shift(instant, -1))).toBe(before);
    expect(computePhase("published", hackDay, instant)).toBe(after);
    expect(computePhase("published", hackDay, shift(instant, 1))).toBe(after);
  });

  it("stays results_published ever after", () => {
    expect(computePhase("published", hackDay, at("2036-01-01T00:00:00Z"))).toBe("results_published");
  });

  it("is announced long before registration opens", () => {
    expect(computePhase("published", hackDay, at("2020-01-01T00:00:00Z"))).toBe("announced");
  });
});

describe("computePhase and phaseFlags for a challenge with registration and submissions open together", () => {
  const opening = challenge.submissionsOpenAt!;
  const registrationCloses = challenge.registrationClosesAt!;

  it("shows open for submissions while registration is also open", () => {
    const now = at("2026-04-15T12:00:00Z");
    expect(computePhase("published", challenge, now)).toBe("submissions_open");
    expect(phaseFlags("published", challenge, now)).toEqual({
      registrationOpen: true,
      submissionsOpen: true,
      judgingOpen: false,
      resultsPublished: false,
    });
  });

  it("opens both at the same instant", () => {
    expect(phaseFlags("published", challenge, shift(opening, -1))).toMatchObject({
      registrationOpen: false,
      submissionsOpen: false,
    });
    expect(computePhase("published", challenge, shift(opening, -1))).toBe("announced");
    expect(phaseFlags("published", challenge, opening)).toMatchObject({
      registrationOpen: true,
      submissionsOpen: true,
    });
  });

  it("closes registration and keeps submissions open", () => {
    expect(phaseFlags("published", challenge, shift(registrationCloses, -1)).registrationOpen).toBe(true);
    expect(phaseFlags("published", challenge, registrationCloses)).toMatchObject({
      registrationOpen: false,
      submissionsOpen: true,
    });
    expect(computePhase("published", challenge, registrationCloses)).toBe("submissions_open");
  });

  it("opens judging at its opening and closes it at its closing", () => {
    const opens = challenge.judgingOpensAt!;
    const closes = challenge.judgingClosesAt!;
    expect(phaseFlags("published", challenge, shift(opens, -1)).judgingOpen).toBe(false);
    expect(phaseFlags("published", challenge, opens).judgingOpen).toBe(true);
    expect(phaseFlags("published", challenge, shift(closes, -1)).judgingOpen).toBe(true);
    expect(phaseFlags("published", challenge, closes).judgingOpen).toBe(false);
  });

  it("publishes results at their instant", () => {
    const results = challenge.resultsPublishedAt!;
    expect(phaseFlags("published", challenge, shift(results, -1)).resultsPublished).toBe(false);
    expect(phaseFlags("published", challenge, results).resultsPublished).toBe(true);
  });

  it("never has more than one of submissions and judging open in a valid timeline", () => {
    fc.assert(
      fc.property(
        fc.date({ min: at("2025-01-01T00:00:00Z"), max: at("2027-01-01T00:00:00Z"), noInvalidDate: true }),
        (now) => {
          for (const timeline of [hackDay, challenge]) {
            const flags = phaseFlags("published", timeline, now);
            expect(flags.submissionsOpen && flags.judgingOpen).toBe(false);
            const phase = computePhase("published", timeline, now);
            if (flags.submissionsOpen) expect(phase).toBe("submissions_open");
            if (flags.judgingOpen) expect(phase).toBe("judging");
            expect(flags.resultsPublished).toBe(phase === "results_published");
          }
        },
      ),
    );
  });
});

describe("events that are not published", () => {
  const instants = [
    at("2020-01-01T00:00:00Z"),
    at("2026-02-01T00:00:00Z"),
    at("2026-03-14T12:00:00Z"),
    at("2026-03-15T15:00:00Z"),
    at("2030-01-01T00:00:00Z"),
  ];

  it.each(["draft", "cancelled", "archived"] as const)("a %s event is in that phase whatever the dates", (status) => {
    for (const now of instants) expect(computePhase(status, hackDay, now)).toBe(status);
    expect(computePhase(status, emptyTimeline, instants[0]!)).toBe(status);
  });

  it.each(["draft", "cancelled", "archived"] as const)("a %s event has nothing open", (status) => {
    for (const now of instants) {
      expect(phaseFlags(status, hackDay, now)).toMatchObject({
        registrationOpen: false,
        submissionsOpen: false,
        judgingOpen: false,
      });
    }
  });

  it("an archived event keeps its published results on show, a draft or cancelled one shows none", () => {
    const later = at("2030-01-01T00:00:00Z");
    expect(phaseFlags("archived", hackDay, later).resultsPublished).toBe(true);
    expect(phaseFlags("archived", hackDay, at("2026-03-15T15:00:00Z")).resultsPublished).toBe(false);
    expect(phaseFlags("draft", hackDay, later).resultsPublished).toBe(false);
    expect(phaseFlags("cancelled", hackDay, later).resultsPublished).toBe(false);
  });

  it.each(["draft", "cancelled", "archived"] as const)("a %s event has no next deadline", (status) => {
    expect(nextDeadline(status, hackDay, at("2026-01-01T00:00:00Z"))).toBeNull();
  });
});

describe("a published event with steps missing", () => {
  it("is announced with no dates at all, and nothing is open", () => {
    const now = at("2026-03-14T12:00:00Z");
    expect(computePhase("published", emptyTimeline, now)).toBe("announced");
    expect(phaseFlags("published", emptyTimeline, now)).toEqual({
      registrationOpen: false,
      submissionsOpen: false,
      judgingOpen: false,
      resultsPublished: false,
    });
    expect(nextDeadline("published", emptyTimeline, now)).toBeNull();
  });

  it("keeps a window open when its closing is missing", () => {
    const timeline = { ...emptyTimeline, registrationOpensAt: at("2026-01-01T00:00:00Z") };
    expect(phaseFlags("published", timeline, at("2027-01-01T00:00:00Z")).registrationOpen).toBe(true);
    expect(computePhase("published", timeline, at("2027-01-01T00:00:00Z"))).toBe("registration_open");
  });

  it("treats an invalid date as missing", () => {
    const timeline = { ...hackDay, registrationOpensAt: new Date(Number.NaN) };
    expect(phaseFlags("published", timeline, at("2026-02-01T00:00:00Z")).registrationOpen).toBe(false);
    expect(missingTimelineSteps(timeline)).toEqual(["Registration opens"]);
  });
});

describe("phaseLabel", () => {
  it("says each phase in plain words", () => {
    expect(phaseLabel("registration_open")).toBe("Registration open");
    expect(phaseLabel("submissions_open")).toBe("Open for submissions");
    expect(phaseLabel("judging")).toBe("Judging");
    expect(phaseLabel("results_published")).toBe("Results published");
    expect(phaseLabel("cancelled")).toBe("Cancelled");
    expect(phaseLabel("announced")).toBe("Opening soon");
    expect(phaseLabel("registration_closed")).toBe("Registration closed");
    expect(phaseLabel("judging_pending")).toBe("Submissions closed");
    expect(phaseLabel("results_pending")).toBe("Judging finished, results coming soon");
    expect(phaseLabel("draft")).toBe("Draft");
    expect(phaseLabel("archived")).toBe("Archived");
  });
});

describe("nextDeadline", () => {
  const next = (timeline: EventClock, iso: string) => nextDeadline("published", timeline, at(iso));

  it("follows a hack day through its life", () => {
    expect(next(hackDay, "2025-12-01T00:00:00Z")).toEqual({
      label: "Registration opens",
      at: hackDay.registrationOpensAt,
    });
    expect(next(hackDay, "2026-01-10T00:00:00Z")).toEqual({
      label: "Registration closes",
      at: hackDay.registrationClosesAt,
    });
    expect(next(hackDay, "2026-03-01T00:00:00Z")).toEqual({ label: "Submissions open", at: hackDay.submissionsOpenAt });
    expect(next(hackDay, "2026-03-14T10:00:00Z")).toEqual({
      label: "Submission deadline",
      at: hackDay.submissionDeadlineAt,
    });
    expect(next(hackDay, "2026-03-15T14:30:00Z")).toEqual({ label: "Judging closes", at: hackDay.judgingClosesAt });
    expect(next(hackDay, "2026-03-15T16:00:00Z")).toEqual({
      label: "Results announced",
      at: hackDay.resultsPublishedAt,
    });
    expect(next(hackDay, "2026-03-15T16:30:00Z")).toBeNull();
  });

  it("counts an instant equal to now as passed", () => {
    expect(nextDeadline("published", hackDay, hackDay.registrationClosesAt!)).toEqual({
      label: "Submissions open",
      at: hackDay.submissionsOpenAt,
    });
    expect(nextDeadline("published", hackDay, shift(hackDay.registrationClosesAt!, -1))?.label).toBe(
      "Registration closes",
    );
  });

  it("shows the deadline itself, not the end of the grace period, and moves on during the grace period", () => {
    const deadline = hackDay.submissionDeadlineAt!;
    expect(nextDeadline("published", hackDay, shift(deadline, -1))).toEqual({
      label: "Submission deadline",
      at: deadline,
    });
    expect(nextDeadline("published", hackDay, deadline)?.label).toBe("Judging closes");
  });

  it("in a challenge, names registration closing before the submission deadline", () => {
    expect(next(challenge, "2026-04-15T00:00:00Z")).toEqual({
      label: "Registration closes",
      at: challenge.registrationClosesAt,
    });
    expect(next(challenge, "2026-05-02T00:00:00Z")).toEqual({
      label: "Submission deadline",
      at: challenge.submissionDeadlineAt,
    });
  });

  it("names the later step when two fall at the same instant", () => {
    expect(next(challenge, "2026-03-01T00:00:00Z")).toEqual({
      label: "Submissions open",
      at: challenge.submissionsOpenAt,
    });
    const together = { ...challenge, registrationClosesAt: challenge.submissionDeadlineAt };
    expect(next(together, "2026-05-02T00:00:00Z")?.label).toBe("Submission deadline");
  });

  it("skips missing steps", () => {
    const timeline = { ...emptyTimeline, resultsPublishedAt: at("2026-06-20T12:00:00Z") };
    expect(next(timeline, "2026-01-01T00:00:00Z")).toEqual({
      label: "Results announced",
      at: timeline.resultsPublishedAt,
    });
  });
});

describe("TIMELINE_STEPS", () => {
  it("lists the steps in order with their labels", () => {
    expect(TIMELINE_STEPS).toEqual([
      { key: "registrationOpensAt", label: "Registration opens" },
      { key: "registrationClosesAt", label: "Registration closes" },
      { key: "submissionsOpenAt", label: "Submissions open" },
      { key: "submissionDeadlineAt", label: "Submission deadline" },
      { key: "judgingOpensAt", label: "Judging opens" },
      { key: "judgingClosesAt", label: "Judging closes" },
      { key: "resultsPublishedAt", label: "Results published" },
    ]);
  });
});

describe("timelineErrors", () => {
  it("finds nothing wrong with a valid hack day or challenge, or an empty draft", () => {
    expect(timelineErrors(hackDay)).toEqual({});
    expect(timelineErrors(challenge)).toEqual({});
    expect(timelineErrors(emptyTimeline)).toEqual({});
  });

  it("allows steps that may fall together to do so", () => {
    const together: Timeline = {
      registrationOpensAt: at("2026-04-01T09:00:00Z"),
      registrationClosesAt: at("2026-06-01T12:00:00Z"),
      submissionsOpenAt: at("2026-04-01T09:00:00Z"),
      submissionDeadlineAt: at("2026-06-01T12:00:00Z"),
      gracePeriodMinutes: 30,
      judgingOpensAt: at("2026-06-01T12:30:00Z"),
      judgingClosesAt: at("2026-06-10T12:00:00Z"),
      resultsPublishedAt: at("2026-06-10T12:00:00Z"),
    };
    expect(timelineErrors(together)).toEqual({});
  });

  it("registration must close after it opens", () => {
    expect(timelineErrors({ ...hackDay, registrationClosesAt: hackDay.registrationOpensAt })).toEqual({
      registrationClosesAt: "Registration closes must be after registration opens",
    });
  });

  it("submissions must not open before registration opens", () => {
    expect(timelineErrors({ ...hackDay, submissionsOpenAt: shift(hackDay.registrationOpensAt!, -1) })).toEqual({
      submissionsOpenAt: "Submissions open must be at or after registration opens",
    });
  });

  it("the deadline must be after submissions open", () => {
    expect(timelineErrors({ ...hackDay, submissionDeadlineAt: hackDay.submissionsOpenAt })).toEqual({
      submissionDeadlineAt: "Submission deadline must be after submissions open",
    });
  });

  it("registration must not close after the deadline", () => {
    expect(timelineErrors({ ...challenge, registrationClosesAt: shift(challenge.submissionDeadlineAt!, 1) })).toEqual({
      submissionDeadlineAt: "Submission deadline must be at or after registration closes",
    });
  });

  it("judging must not open before the deadline plus the grace period", () => {
    expect(timelineErrors({ ...hackDay, judgingOpensAt: shift(cutoff, -1) })).toEqual({
      judgingOpensAt: "Judging opens must be at or after the submission deadline plus the grace period",
    });
    expect(timelineErrors({ ...hackDay, judgingOpensAt: cutoff })).toEqual({});
    expect(timelineErrors({ ...challenge, judgingOpensAt: shift(challenge.submissionDeadlineAt!, -1) })).toEqual({
      judgingOpensAt: "Judging opens must be at or after the submission deadline",
    });
  });

  it("a longer grace period can push the cutoff past judging opening", () => {
    expect(timelineErrors({ ...hackDay, gracePeriodMinutes: 31 })).toEqual({
      judgingOpensAt: "Judging opens must be at or after the submission deadline plus the grace period",
    });
  });

  it("judging must close after it opens", () => {
    expect(timelineErrors({ ...hackDay, judgingClosesAt: hackDay.judgingOpensAt })).toEqual({
      judgingClosesAt: "Judging closes must be after judging opens",
    });
  });

  it("results must not be published before judging closes", () => {
    expect(timelineErrors({ ...hackDay, resultsPublishedAt: shift(hackDay.judgingClosesAt!, -1) })).toEqual({
      resultsPublishedAt: "Results published must be at or after judging closes",
    });
  });

  it.each([-1, 1441, 1.5, Number.NaN, Infinity])("refuses a grace period of %d minutes", (minutes) => {
    expect(timelineErrors({ ...hackDay, gracePeriodMinutes: minutes })).toMatchObject({
      gracePeriodMinutes: "Grace period must be a whole number of minutes from 0 to 1440",
    });
  });

  it.each([0, 1440])("accepts a grace period of %d minutes", (minutes) => {
    expect(timelineErrors({ ...emptyTimeline, gracePeriodMinutes: minutes })).toEqual({});
  });

  it("checks present steps against each other across missing ones", () => {
    const timeline: Timeline = {
      ...emptyTimeline,
      registrationOpensAt: at("2026-04-01T09:00:00Z"),
      submissionDeadlineAt: at("2026-03-01T09:00:00Z"),
      resultsPublishedAt: at("2026-02-01T09:00:00Z"),
    };
    expect(timelineErrors(timeline)).toEqual({
      submissionDeadlineAt: "Submission deadline must be after registration opens",
      // Judging must open and then close in between, so results must come strictly after the deadline.
      resultsPublishedAt: "Results published must be after the submission deadline",
    });
  });

  it("does not complain about missing steps", () => {
    expect(timelineErrors({ ...hackDay, submissionsOpenAt: null, judgingOpensAt: null })).toEqual({});
  });

  it("reports every field that is out of order", () => {
    const errors = timelineErrors({
      ...hackDay,
      registrationClosesAt: shift(hackDay.registrationOpensAt!, -60),
      judgingClosesAt: hackDay.judgingOpensAt,
      gracePeriodMinutes: -5,
    });
    expect(Object.keys(errors).sort()).toEqual(["gracePeriodMinutes", "judgingClosesAt", "registrationClosesAt"]);
  });

  it("finds nothing wrong with any timeline whose steps are in order", () => {
    const steps = fc.tuple(
      fc.integer({ min: 0, max: 10_000 }),
      fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 7, maxLength: 7 }),
      fc.integer({ min: 0, max: 1440 }),
      fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    );
    fc.assert(
      fc.property(steps, ([start, gaps, grace, present]) => {
        // Build rO < rC, rO <= sO < sD, rC <= sD, sD + grace <= jO < jC <= rP in minutes.
        const minute = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000);
        const [a, b, c, d, e, f, g] = gaps as [number, number, number, number, number, number, number];
        const registrationOpens = start;
        const registrationCloses = registrationOpens + 1 + a;
        const submissionsOpen = registrationOpens + b;
        const deadline = Math.max(submissionsOpen + 1, registrationCloses) + c;
        const judgingOpens = deadline + grace + d;
        const judgingCloses = judgingOpens + 1 + e;
        const results = judgingCloses + f + g;
        const values = [
          registrationOpens,
          registrationCloses,
          submissionsOpen,
          deadline,
          judgingOpens,
          judgingCloses,
          results,
        ];
        const timeline = { ...emptyTimeline, gracePeriodMinutes: grace } as Timeline;
        TIMELINE_STEPS.forEach(({ key }, index) => {
          timeline[key] = present[index] ? minute(values[index]!) : null;
        });
        expect(timelineErrors(timeline)).toEqual({});
      }),
    );
  });
});

describe("missingTimelineSteps", () => {
  it("lists the labels of steps with no time, in order", () => {
    expect(missingTimelineSteps(hackDay)).toEqual([]);
    expect(missingTimelineSteps({ ...hackDay, submissionsOpenAt: null, resultsPublishedAt: null })).toEqual([
      "Submissions open",
      "Results published",
    ]);
    expect(missingTimelineSteps(emptyTimeline)).toEqual(TIMELINE_STEPS.map(({ label }) => label));
  });
});

describe("every status", () => {
  it("has a phase with a label", () => {
    const statuses: EventStatus[] = ["draft", "published", "cancelled", "archived"];
    for (const status of statuses) {
      expect(phaseLabel(computePhase(status, hackDay, at("2026-03-14T12:00:00Z")))).toMatch(/^[A-Z]/);
    }
  });
});

describe("galleryOpen", () => {
  const withGallery = (galleryAfterDeadline: boolean) => ({ ...hackDay, galleryAfterDeadline });

  it("opens when results are published", () => {
    expect(galleryOpen("published", withGallery(false), shift(hackDay.resultsPublishedAt!, -1))).toBe(false);
    expect(galleryOpen("published", withGallery(false), hackDay.resultsPublishedAt!)).toBe(true);
    expect(galleryOpen("archived", withGallery(false), hackDay.resultsPublishedAt!)).toBe(true);
  });

  it("opens at the deadline plus grace when the organiser chose so", () => {
    expect(galleryOpen("published", withGallery(true), shift(cutoff, -1))).toBe(false);
    expect(galleryOpen("published", withGallery(true), cutoff)).toBe(true);
    expect(galleryOpen("published", withGallery(false), cutoff)).toBe(false);
  });

  it("stays shut for drafts and cancelled events", () => {
    expect(galleryOpen("draft", withGallery(true), hackDay.resultsPublishedAt!)).toBe(false);
    expect(galleryOpen("cancelled", withGallery(true), hackDay.resultsPublishedAt!)).toBe(false);
  });
});
