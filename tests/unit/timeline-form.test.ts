import { describe, expect, it } from "vitest";
import { readTimelineForm } from "~/domain/timeline-form";

const london = "Europe/London";
const complete = {
  registrationOpensAtDate: "2027-01-10",
  registrationOpensAtTime: "09:00",
  registrationClosesAtDate: "2027-03-01",
  registrationClosesAtTime: "17:00",
  submissionsOpenAtDate: "2027-03-27",
  submissionsOpenAtTime: "09:00",
  submissionDeadlineAtDate: "2027-03-28",
  submissionDeadlineAtTime: "14:00",
  gracePeriodMinutes: "15",
  judgingOpensAtDate: "2027-03-28",
  judgingOpensAtTime: "14:30",
  judgingClosesAtDate: "2027-03-28",
  judgingClosesAtTime: "16:30",
  resultsPublishedAtDate: "2027-03-28",
  resultsPublishedAtTime: "17:00",
};

describe("the timeline form", () => {
  it("reads every step as an instant in UTC, across the March clock change", () => {
    const result = readTimelineForm(complete, london);
    expect(result.errors).toEqual({});
    expect(result.timeline.registrationOpensAt).toEqual(new Date("2027-01-10T09:00:00Z"));
    expect(result.timeline.submissionsOpenAt).toEqual(new Date("2027-03-27T09:00:00Z")); // GMT
    expect(result.timeline.submissionDeadlineAt).toEqual(new Date("2027-03-28T13:00:00Z")); // BST
    expect(result.timeline.gracePeriodMinutes).toBe(15);
  });

  it("refuses 01:30 on the night the clocks go forward, naming the field", () => {
    const result = readTimelineForm({ ...complete, submissionDeadlineAtTime: "01:30" }, london);
    expect(result.errors.submissionDeadlineAtDate).toMatch(
      /^Submission deadline: The clocks go forward at that time, so 01:30 does not exist/,
    );
    expect(result.timeline.submissionDeadlineAt).toBeNull();
  });

  it("asks which 01:30 is meant on the night the clocks go back, and takes the answer", () => {
    const values = {
      registrationOpensAtDate: "2026-10-25",
      registrationOpensAtTime: "01:30",
    };
    const asked = readTimelineForm(values, london);
    expect(asked.errors.registrationOpensAtChoice).toMatch(/happens twice/);
    expect(asked.ambiguous.registrationOpensAt).toEqual({
      earlierLabel: "01:30 BST (the first time)",
      laterLabel: "01:30 GMT (the second time)",
    });
    const answered = readTimelineForm({ ...values, registrationOpensAtChoice: "later" }, london);
    expect(answered.errors).toEqual({});
    expect(answered.timeline.registrationOpensAt).toEqual(new Date("2026-10-25T01:30:00Z"));
  });

  it("names the field when a step is half filled or out of order", () => {
    const result = readTimelineForm(
      { ...complete, registrationClosesAtTime: "", judgingClosesAtDate: "2027-03-27", gracePeriodMinutes: "2000" },
      london,
    );
    expect(result.errors.registrationClosesAtTime).toBe("Enter the time for registration closes");
    expect(result.errors.gracePeriodMinutes).toMatch(/whole number of minutes/);
    expect(result.errors.judgingClosesAtDate).toMatch(/Judging closes must be/);
  });

  it("leaves blank steps empty without complaint (completeness is checked at publish)", () => {
    const result = readTimelineForm({}, london);
    expect(result.errors).toEqual({});
    expect(result.timeline.registrationOpensAt).toBeNull();
  });
});

describe("the countdown to the next deadline", () => {
  it("reads at a glance", async () => {
    const { timeRemaining } = await import("~/domain/time");
    const now = new Date("2027-03-01T10:00:00Z");
    const later = (ms: number) => new Date(now.getTime() + ms);
    expect(timeRemaining(now, later(3 * 86_400_000 + 4 * 3_600_000 + 5))).toBe("3 days and 4 hours");
    expect(timeRemaining(now, later(86_400_000))).toBe("1 day and 0 hours");
    expect(timeRemaining(now, later(2 * 3_600_000 + 60_000))).toBe("2 hours and 1 minute");
    expect(timeRemaining(now, later(30_000))).toBe("1 minute");
    expect(timeRemaining(now, now)).toBeNull();
  });
});
