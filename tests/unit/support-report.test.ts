// The programme report's wording and its CSV rows: rounded figures with their units, shares as
// "n of m (x%)", times in the event's zone, and the service level settled as the report counts it.
import { describe, expect, it } from "vitest";
import {
  csvTime,
  hoursText,
  shareText,
  supportReportCsv,
  waitText,
  type ReportCsvInput,
} from "~/domain/support-report";

const HOUR = 3_600_000;

describe("the report's figures", () => {
  it("rounds hours to one decimal place and words them", () => {
    expect(hoursText(1)).toBe("1 hour");
    expect(hoursText(65 / 60)).toBe("1.1 hours");
    expect(hoursText(40)).toBe("40 hours");
    expect(hoursText(1234.56)).toBe("1,234.6 hours");
    expect(hoursText(0)).toBe("0 hours");
  });

  it("gives a long wait in days too, and shares rounded", () => {
    expect(waitText(5.25)).toBe("5.3 hours");
    expect(waitText(24)).toBe("1 day (24 hours)");
    expect(waitText(55)).toBe("2.3 days (55 hours)");
    expect(shareText(2, 3)).toBe("2 of 3 (67%)");
    expect(shareText(9, 9)).toBe("9 of 9 (100%)");
  });
});

describe("the report's CSV rows", () => {
  const created = new Date("2030-07-01T08:00:00Z");
  const due = new Date("2030-07-08T16:00:00Z");
  const base: ReportCsvInput = {
    event: "Leeds Challenge",
    team: "Breathe Easy",
    title: "=HYPERLINK(1)",
    category: "code_review",
    priority: "high",
    status: "open",
    createdAt: created,
    firstResponseDueAt: due,
    firstRespondedAt: null,
    resolvedAt: null,
    minutes: 0,
    timeZone: "Europe/London",
  };

  it("writes times in the event's zone with the zone's name", () => {
    expect(csvTime(created, "Europe/London")).toBe("2030-07-01 09:00 BST");
    expect(csvTime(new Date("2030-01-01T08:00:00Z"), "Europe/London")).toBe("2030-01-01 08:00 GMT");
    expect(csvTime(null, "Europe/London")).toBe("");
  });

  it("says whether the first response came within the service level", () => {
    const answered = new Date(created.getTime() + 26.5 * HOUR);
    const { header, rows } = supportReportCsv(
      [
        { ...base, firstRespondedAt: answered, minutes: 95, status: "resolved", resolvedAt: answered },
        { ...base, firstRespondedAt: new Date(due.getTime() + HOUR) },
        base,
        { ...base, status: "closed" },
      ],
      new Date(due.getTime() - HOUR),
    );
    expect(header).toHaveLength(13);
    expect(rows[0]).toEqual([
      "Leeds Challenge",
      "Breathe Easy",
      "=HYPERLINK(1)",
      "Code review",
      "High",
      "Resolved",
      "2030-07-01 09:00 BST",
      "2030-07-08 17:00 BST",
      "2030-07-02 11:30 BST",
      "26.5",
      "Yes",
      "1.58",
      "2030-07-02 11:30 BST",
    ]);
    expect(rows.map((row) => row[10])).toEqual(["Yes", "No", "Not yet due", ""]);
    // Once its due time has passed, the unanswered open request counts as missed.
    expect(supportReportCsv([base], new Date(due.getTime() + 1)).rows[0]![10]).toBe("No");
  });
});
