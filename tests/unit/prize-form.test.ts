import { describe, expect, it } from "vitest";
import { missingForPublish, ordinal, prizeFundPence, timelineCalendar } from "~/domain/calls";
import { readPlaceAmounts } from "~/domain/prize-form";

describe("prize places", () => {
  it("reads amounts in pounds as exact pence, in place order", () => {
    expect(readPlaceAmounts({ place1: "£1,000", place2: "500.50", place3: "" })).toEqual({
      placesPence: [100000, 50050],
      errors: {},
    });
  });

  it("names the place whose amount is wrong or missing", () => {
    expect(readPlaceAmounts({ place1: "0.005" }).errors.place1).toMatch(
      /^1st place: .*2 numbers after the decimal point/,
    );
    expect(readPlaceAmounts({ place1: "-5" }).errors.place1).toMatch(/^1st place: Enter an amount of £0 or more/);
    expect(readPlaceAmounts({ place2: "100" }).errors.place1).toBe(
      "Enter the amount for 1st place, or leave 2nd place blank too",
    );
    expect(readPlaceAmounts({}).errors.place1).toBe("Enter the amount for 1st place");
  });

  it("adds up the prize fund exactly", () => {
    expect(
      prizeFundPence([
        { name: "Overall", placesPence: [100000, 50050] },
        { name: "Clinical impact", placesPence: [25001] },
      ]),
    ).toBe(175051);
  });

  it("writes places as people say them", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "101st",
    ]);
  });
});

const complete = {
  title: "Leeds Hack Day",
  summary: "A weekend of building",
  description: "Why it matters",
  isOnline: false,
  venueName: "Nexus",
  venueAddress: "Leeds LS2 3AA",
  eligibilityStatement: "Anyone working with the NHS",
  noPrizes: false,
  teamSizeMin: 2,
  teamSizeMax: 6,
  registrationOpensAt: new Date("2027-01-01T09:00:00Z"),
  registrationClosesAt: new Date("2027-03-01T09:00:00Z"),
  submissionsOpenAt: new Date("2027-03-27T09:00:00Z"),
  submissionDeadlineAt: new Date("2027-03-28T13:00:00Z"),
  gracePeriodMinutes: 10,
  judgingOpensAt: new Date("2027-03-28T13:30:00Z"),
  judgingClosesAt: new Date("2027-03-28T15:30:00Z"),
  resultsPublishedAt: new Date("2027-03-28T16:00:00Z"),
};

describe("publishing a call", () => {
  it("is possible when the call is complete", () => {
    expect(missingForPublish(complete, [{ name: "Overall", placesPence: [50000] }])).toEqual([]);
    expect(missingForPublish({ ...complete, noPrizes: true }, [])).toEqual([]);
    expect(
      missingForPublish({ ...complete, isOnline: true, venueName: "", venueAddress: "" }, [
        { name: "x", placesPence: [1] },
      ]),
    ).toEqual([]);
  });

  it("lists everything that is missing", () => {
    const missing = missingForPublish(
      {
        ...complete,
        summary: "",
        venueAddress: "",
        eligibilityStatement: "",
        judgingOpensAt: null,
        resultsPublishedAt: new Date("2026-01-01T00:00:00Z"),
      },
      [],
    );
    expect(missing).toEqual([
      "A one-line summary of the call",
      "The venue and its address, or that the event is online",
      "Timeline: judging opens",
      "Timeline: the dates must be in order",
      "Who may enter (the eligibility statement)",
      'At least one prize category with an amount, or the choice "no prizes"',
    ]);
  });
});

describe("the calendar file", () => {
  it("has one event per step of the timeline, in UTC, with stable ids", () => {
    const ics = timelineCalendar(
      { ...complete, slug: "leeds-2027", judgingOpensAt: null },
      {
        url: "https://hackday.example/events/leeds-2027",
        generatedAt: new Date("2026-11-21T12:00:00Z"),
        host: "hackday.example",
      },
    );
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(6);
    expect(ics).toContain("UID:leeds-2027-submissionDeadlineAt@hackday.example");
    expect(ics).toContain("DTSTART:20270328T130000Z");
    expect(ics).toContain("SUMMARY:Leeds Hack Day: submission deadline");
    expect(ics.split("\r\n").every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });
});
