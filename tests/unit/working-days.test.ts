import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BANK_HOLIDAYS_ENGLAND,
  addWorkingDays,
  isWorkingDay,
  responseDueAt,
  responseDueDate,
  workingDaysBetween,
} from "~/domain/working-days";
import { formatMinutes, isOverdue, parseMinutes, reopenRefusal, supportReport, windowEnd } from "~/domain/support";

const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

describe("bank holidays in England, 2025 to 2030", () => {
  it("are all on weekdays (weekend ones have their substitute day instead)", () => {
    for (const date of BANK_HOLIDAYS_ENGLAND) expect([1, 2, 3, 4, 5]).toContain(weekday(date));
    expect(BANK_HOLIDAYS_ENGLAND.size).toBe(48);
  });
});

describe("working days", () => {
  it("skips weekends", () => {
    // Friday 6 March 2026 + 1 working day is Monday 9 March.
    expect(addWorkingDays("2026-03-06", 1)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-07", 1)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-02", 5)).toBe("2026-03-09");
    expect(isWorkingDay("2026-03-07")).toBe(false);
  });

  it("skips Christmas, Boxing Day and New Year", () => {
    // Wednesday 24 December 2025: Thursday 25 and Friday 26 are holidays, then the weekend.
    expect(addWorkingDays("2025-12-24", 1)).toBe("2025-12-29");
    // Wednesday 31 December 2025: 1 January is a holiday.
    expect(addWorkingDays("2025-12-31", 1)).toBe("2026-01-02");
  });

  it("skips Good Friday and Easter Monday", () => {
    // Thursday 2 April 2026: Good Friday 3rd, the weekend, Easter Monday 6th.
    expect(addWorkingDays("2026-04-02", 1)).toBe("2026-04-07");
    expect(workingDaysBetween("2026-04-02", "2026-04-07")).toBe(1);
    // Easter falls in March in 2027.
    expect(addWorkingDays("2027-03-25", 1)).toBe("2027-03-30");
  });

  it("skips a bank holiday that moves to a Monday when it falls at a weekend", () => {
    // Boxing Day 2026 is a Saturday: the holiday is Monday 28 December.
    expect(isWorkingDay("2026-12-28")).toBe(false);
    expect(addWorkingDays("2026-12-24", 1)).toBe("2026-12-29");
    // Christmas 2027 is a Saturday and Boxing Day a Sunday: Monday 27 and Tuesday 28 instead.
    expect(addWorkingDays("2027-12-24", 1)).toBe("2027-12-29");
    // New Year's Day 2028 is a Saturday: Monday 3 January.
    expect(addWorkingDays("2027-12-31", 1)).toBe("2028-01-04");
  });

  it("counts the same way forwards and back (10,000 cases)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2030-11-30T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 }),
        (start, count) => {
          const from = start.toISOString().slice(0, 10);
          const to = addWorkingDays(from, count);
          expect(workingDaysBetween(from, to)).toBe(count);
          if (count > 0) expect(isWorkingDay(to)).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe("first response due", () => {
  it("is the end of the fifth working day after the day raised, in UK time", () => {
    // Raised on Friday 6 March 2026 at 16:00 GMT: due by the end of Friday 13 March.
    expect(responseDueAt(new Date("2026-03-06T16:00:00Z"), 5).toISOString()).toBe("2026-03-14T00:00:00.000Z");
    // Raised on a Saturday in summer time: due by the end of the Friday after, BST.
    expect(responseDueAt(new Date("2026-06-06T10:00:00Z"), 5).toISOString()).toBe("2026-06-12T23:00:00.000Z");
    // 22:30 UTC on Monday is 23:30 BST, still Monday in the UK: due by the end of Tuesday.
    expect(responseDueAt(new Date("2026-06-08T22:30:00Z"), 1).toISOString()).toBe("2026-06-09T23:00:00.000Z");
    // 23:10 UTC on Monday is 00:10 BST on Tuesday: due by the end of Wednesday.
    expect(responseDueAt(new Date("2026-06-08T23:10:00Z"), 1).toISOString()).toBe("2026-06-10T23:00:00.000Z");
  });

  it("over Easter takes the holidays out", () => {
    // Raised Thursday 2 April 2026, 5 working days: 7, 8, 9, 10, 13 April.
    expect(responseDueAt(new Date("2026-04-02T09:00:00Z"), 5).toISOString()).toBe("2026-04-13T23:00:00.000Z");
  });

  it("is overdue only while unanswered and unresolved", () => {
    const due = new Date("2026-03-14T00:00:00Z");
    const after = new Date("2026-03-14T00:00:01Z");
    expect(isOverdue({ status: "open", firstRespondedAt: null, firstResponseDueAt: due }, after)).toBe(true);
    expect(isOverdue({ status: "open", firstRespondedAt: null, firstResponseDueAt: due }, due)).toBe(false);
    expect(isOverdue({ status: "resolved", firstRespondedAt: null, firstResponseDueAt: due }, after)).toBe(false);
    expect(isOverdue({ status: "open", firstRespondedAt: due, firstResponseDueAt: due }, after)).toBe(false);
  });
});

describe("the support window", () => {
  it("runs whole calendar months in UK time", () => {
    expect(windowEnd(new Date("2026-03-15T14:00:00Z"), 12).toISOString()).toBe("2027-03-15T14:00:00.000Z");
    // 15:00 BST on 1 June to 15:00 GMT on 1 December.
    expect(windowEnd(new Date("2026-06-01T14:00:00Z"), 6).toISOString()).toBe("2026-12-01T15:00:00.000Z");
    // From 31 January, one month ends on the last day of February.
    expect(windowEnd(new Date("2027-01-31T12:00:00Z"), 1).toISOString()).toBe("2027-02-28T12:00:00.000Z");
    expect(windowEnd(new Date("2028-01-31T12:00:00Z"), 1).toISOString()).toBe("2028-02-29T12:00:00.000Z");
  });

  it("lets a team reopen a resolved request for 14 days", () => {
    const resolvedAt = new Date("2026-05-01T10:00:00Z");
    expect(reopenRefusal({ status: "resolved", resolvedAt }, new Date("2026-05-15T10:00:00Z"))).toBeNull();
    expect(reopenRefusal({ status: "resolved", resolvedAt }, new Date("2026-05-15T10:00:01Z"))).toMatch(/14 days/);
    expect(reopenRefusal({ status: "closed", resolvedAt }, new Date("2026-05-02T10:00:00Z"))).toMatch(/resolved/);
  });
});

describe("time logged", () => {
  it("reads minutes and hours as people type them", () => {
    expect(parseMinutes("45")).toBe(45);
    expect(parseMinutes("45m")).toBe(45);
    expect(parseMinutes("1h 30m")).toBe(90);
    expect(parseMinutes("1.5 hours")).toBe(90);
    expect(parseMinutes("2h")).toBe(120);
    expect(parseMinutes("")).toBe(0);
    expect(parseMinutes("lots")).toBeNull();
    expect(formatMinutes(90)).toBe("1 hour 30 minutes");
    expect(formatMinutes(120)).toBe("2 hours");
    expect(formatMinutes(0)).toBe("0 minutes");
  });
});

describe("the programme report", () => {
  it("counts by category and status, the median first response and the share on time", () => {
    const now = new Date("2026-06-30T00:00:00Z");
    const base = { createdAt: new Date("2026-06-01T09:00:00Z"), firstResponseDueAt: new Date("2026-06-06T00:00:00Z") };
    const report = supportReport(
      [
        { ...base, category: "code_review", status: "resolved", firstRespondedAt: new Date("2026-06-01T11:00:00Z") },
        { ...base, category: "code_review", status: "in_progress", firstRespondedAt: new Date("2026-06-01T13:00:00Z") },
        { ...base, category: "clinical_safety", status: "open", firstRespondedAt: new Date("2026-06-10T09:00:00Z") },
        { ...base, category: "hosting_deployment", status: "open", firstRespondedAt: null },
      ],
      now,
    );
    expect(report.requests).toBe(4);
    expect(report.byCategory.code_review).toBe(2);
    expect(report.byStatus.open).toBe(2);
    expect(report.medianHoursToFirstResponse).toBe(4);
    expect(report.withinServiceLevel).toEqual({ onTime: 2, settled: 4 });
    expect(report.overdue).toBe(1);
  });
});

describe("the day a response is due", () => {
  it("is the working day whose end responseDueAt gives, not the day of that midnight", () => {
    expect(responseDueDate(new Date("2026-03-14T00:00:00.000Z"))).toBe("2026-03-13");
    expect(responseDueDate(new Date("2026-06-12T23:00:00.000Z"))).toBe("2026-06-12");
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2030-12-01T00:00:00Z"), noInvalidDate: true }),
        (raised) => {
          const day = responseDueDate(responseDueAt(raised, 5));
          return isWorkingDay(day);
        },
      ),
    );
  });
});
