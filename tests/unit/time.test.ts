import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TIME_ZONE,
  formatDate,
  formatInstant,
  isCalendarDate,
  isValidTimeZone,
  parseLocalDateTime,
  resolveLocalDateTime,
  toLocalParts,
  zoneAbbreviation,
} from "~/domain/time";

const LONDON = "Europe/London";
const ok = (iso: string) => ({ kind: "ok", instant: new Date(iso) });

describe("parseLocalDateTime in Europe/London", () => {
  it("reads an ordinary winter and summer time", () => {
    expect(parseLocalDateTime("2026-03-14", "09:30", LONDON)).toEqual(ok("2026-03-14T09:30:00Z"));
    expect(parseLocalDateTime("2026-07-01", "09:30", LONDON)).toEqual(ok("2026-07-01T08:30:00Z"));
    expect(DEFAULT_TIME_ZONE).toBe(LONDON);
  });

  // Spring forward: at 01:00 GMT the clocks jump to 02:00 BST, so 01:00 to 01:59 never happen.
  describe.each([
    ["2026-03-29", "2026-03-29T00:59:00Z", "2026-03-29T01:00:00Z"],
    ["2027-03-28", "2027-03-28T00:59:00Z", "2027-03-28T01:00:00Z"],
  ])("when the clocks go forward on %s", (date, lastBefore, firstAfter) => {
    it("takes the last minute before the gap as GMT", () => {
      expect(parseLocalDateTime(date, "00:59", LONDON)).toEqual(ok(lastBefore));
    });

    it("finds no instant for any minute in the gap", () => {
      for (const time of ["01:00", "01:01", "01:30", "01:59"]) {
        expect(parseLocalDateTime(date, time, LONDON), time).toEqual({ kind: "nonexistent" });
      }
    });

    it("takes the first minute after the gap as BST", () => {
      expect(parseLocalDateTime(date, "02:00", LONDON)).toEqual(ok(firstAfter));
    });
  });

  // Fall back: at 02:00 BST the clocks go back to 01:00 GMT, so 01:00 to 01:59 happen twice.
  describe.each(["2026-10-25", "2027-10-31"])("when the clocks go back on %s", (date) => {
    it("takes the minute before the overlap as BST", () => {
      expect(parseLocalDateTime(date, "00:59", LONDON)).toEqual(ok(`${previousDay(date)}T23:59:00Z`));
    });

    it("gives both instants for a minute in the overlap, the BST one first", () => {
      for (const [time, bst, gmt] of [
        ["01:00", "00:00", "01:00"],
        ["01:30", "00:30", "01:30"],
        ["01:59", "00:59", "01:59"],
      ] as const) {
        expect(parseLocalDateTime(date, time, LONDON), time).toEqual({
          kind: "ambiguous",
          earlier: new Date(`${date}T${bst}:00Z`),
          later: new Date(`${date}T${gmt}:00Z`),
        });
      }
    });

    it("takes the minute after the overlap as GMT", () => {
      expect(parseLocalDateTime(date, "02:00", LONDON)).toEqual(ok(`${date}T02:00:00Z`));
    });
  });

  it("accepts H:MM and HH.MM, and ignores spaces around the inputs", () => {
    expect(parseLocalDateTime("2026-03-14", "9:30", LONDON)).toEqual(ok("2026-03-14T09:30:00Z"));
    expect(parseLocalDateTime("2026-03-14", "09.30", LONDON)).toEqual(ok("2026-03-14T09:30:00Z"));
    expect(parseLocalDateTime("2026-03-14", "9.30", LONDON)).toEqual(ok("2026-03-14T09:30:00Z"));
    expect(parseLocalDateTime(" 2026-03-14 ", " 23:59 ", LONDON)).toEqual(ok("2026-03-14T23:59:00Z"));
    expect(parseLocalDateTime("2026-03-14", "00:00", LONDON)).toEqual(ok("2026-03-14T00:00:00Z"));
  });

  it("calls impossible dates and times and badly written ones invalid", () => {
    const invalid = { kind: "invalid" };
    for (const [date, time] of [
      ["2026-02-30", "09:00"],
      ["2026-02-29", "09:00"],
      ["2026-04-31", "09:00"],
      ["2026-13-01", "09:00"],
      ["2026-00-10", "09:00"],
      ["2026-01-00", "09:00"],
      ["0000-01-01", "09:00"],
      ["2026-03-14", "25:00"],
      ["2026-03-14", "24:00"],
      ["2026-03-14", "12:60"],
      ["2026-03-14", "9:5"],
      ["2026-03-14", "0930"],
      ["2026-03-14", "09:30:00"],
      ["2026-03-14", "9:30am"],
      ["2026-03-14", "-1:30"],
      ["2026-03-14", ""],
      ["", "09:00"],
      ["14/03/2026", "09:00"],
      ["2026-3-14", "09:00"],
      ["2026-03-14T09:00", "09:00"],
      ["２０２６-03-14", "09:00"],
    ]) {
      expect(parseLocalDateTime(date!, time!, LONDON), `${date} ${time}`).toEqual(invalid);
    }
  });

  it("knows 29 February in a leap year", () => {
    expect(parseLocalDateTime("2028-02-29", "12:00", LONDON)).toEqual(ok("2028-02-29T12:00:00Z"));
  });

  it("throws for an unknown zone, which is a fault in the data and not in what was typed", () => {
    expect(() => parseLocalDateTime("2026-03-14", "09:30", "Europe/Atlantis")).toThrow(RangeError);
  });
});

function previousDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

describe("parseLocalDateTime in other zones", () => {
  it("handles southern hemisphere summer time in Australia/Sydney", () => {
    const sydney = "Australia/Sydney";
    // Clocks go forward at 02:00 AEST on 4 October 2026 and back at 03:00 AEDT on 5 April 2026.
    expect(parseLocalDateTime("2026-10-04", "01:59", sydney)).toEqual(ok("2026-10-03T15:59:00Z"));
    expect(parseLocalDateTime("2026-10-04", "02:30", sydney)).toEqual({ kind: "nonexistent" });
    expect(parseLocalDateTime("2026-10-04", "03:00", sydney)).toEqual(ok("2026-10-03T16:00:00Z"));
    expect(parseLocalDateTime("2026-04-05", "02:30", sydney)).toEqual({
      kind: "ambiguous",
      earlier: new Date("2026-04-04T15:30:00Z"),
      later: new Date("2026-04-04T16:30:00Z"),
    });
    expect(parseLocalDateTime("2026-01-15", "09:00", sydney)).toEqual(ok("2026-01-14T22:00:00Z"));
  });

  it("handles zones a half hour and three quarters of an hour from UTC", () => {
    expect(parseLocalDateTime("2026-03-14", "09:30", "Asia/Kolkata")).toEqual(ok("2026-03-14T04:00:00Z"));
    expect(parseLocalDateTime("2026-03-14", "09:30", "Asia/Kathmandu")).toEqual(ok("2026-03-14T03:45:00Z"));
    // Nepal moved from +05:30 to +05:45 at midnight on 1 January 1986.
    expect(parseLocalDateTime("1986-01-01", "00:10", "Asia/Kathmandu")).toEqual({ kind: "nonexistent" });
    expect(parseLocalDateTime("1986-01-01", "00:15", "Asia/Kathmandu")).toEqual(ok("1985-12-31T18:30:00Z"));
  });

  it("handles a change of half an hour on Lord Howe Island", () => {
    const lordHowe = "Australia/Lord_Howe";
    expect(parseLocalDateTime("2026-10-04", "02:15", lordHowe)).toEqual({ kind: "nonexistent" });
    expect(parseLocalDateTime("2026-04-05", "01:45", lordHowe)).toEqual({
      kind: "ambiguous",
      earlier: new Date("2026-04-04T14:45:00Z"),
      later: new Date("2026-04-04T15:15:00Z"),
    });
  });

  it("handles America/New_York and UTC", () => {
    expect(parseLocalDateTime("2026-03-08", "02:30", "America/New_York")).toEqual({ kind: "nonexistent" });
    expect(parseLocalDateTime("2026-11-01", "01:30", "America/New_York")).toEqual({
      kind: "ambiguous",
      earlier: new Date("2026-11-01T05:30:00Z"),
      later: new Date("2026-11-01T06:30:00Z"),
    });
    expect(parseLocalDateTime("2026-03-29", "01:30", "UTC")).toEqual(ok("2026-03-29T01:30:00Z"));
  });

  it("handles a whole day skipped when Samoa crossed the date line", () => {
    expect(parseLocalDateTime("2011-12-30", "12:00", "Pacific/Apia")).toEqual({ kind: "nonexistent" });
    expect(parseLocalDateTime("2011-12-31", "00:00", "Pacific/Apia")).toEqual(ok("2011-12-30T10:00:00Z"));
  });
});

describe("resolveLocalDateTime", () => {
  it("gives the instant for an ordinary time", () => {
    expect(resolveLocalDateTime("2026-03-14", "09:30", LONDON)).toEqual({ instant: new Date("2026-03-14T09:30:00Z") });
  });

  it("says which time does not exist and the first time after the gap", () => {
    expect(resolveLocalDateTime("2027-03-28", "01:30", LONDON)).toEqual({
      error: "The clocks go forward at that time, so 01:30 does not exist on 28 March 2027. Enter 02:00 or later",
    });
    expect(resolveLocalDateTime("2026-03-29", "1.05", LONDON)).toEqual({
      error: "The clocks go forward at that time, so 01:05 does not exist on 29 March 2026. Enter 02:00 or later",
    });
    expect(resolveLocalDateTime("2026-10-04", "02:30", "Australia/Sydney")).toEqual({
      error: "The clocks go forward at that time, so 02:30 does not exist on 4 October 2026. Enter 03:00 or later",
    });
    expect(resolveLocalDateTime("2026-10-04", "02:15", "Australia/Lord_Howe")).toEqual({
      error: "The clocks go forward at that time, so 02:15 does not exist on 4 October 2026. Enter 02:30 or later",
    });
  });

  it("names the day after when the gap runs past midnight", () => {
    expect(resolveLocalDateTime("2011-12-30", "12:00", "Pacific/Apia")).toEqual({
      error:
        "The clocks go forward at that time, so 12:00 does not exist on 30 December 2011. " +
        "Enter 00:00 on 31 December 2011 or later",
    });
  });

  it("asks which of the two times is meant when the clocks go back", () => {
    expect(resolveLocalDateTime("2026-10-25", "01:30", LONDON)).toEqual({
      error:
        "01:30 on 25 October 2026 happens twice because the clocks go back. Choose BST (the first) or GMT (the second)",
    });
    expect(resolveLocalDateTime("2027-10-31", "1:00", LONDON)).toEqual({
      error:
        "01:00 on 31 October 2027 happens twice because the clocks go back. Choose BST (the first) or GMT (the second)",
    });
    expect(resolveLocalDateTime("2026-04-05", "02:30", "Australia/Sydney")).toEqual({
      error:
        "02:30 on 5 April 2026 happens twice because the clocks go back. Choose GMT+11 (the first) or GMT+10 (the second)",
    });
  });

  it("takes the chosen instant when the time happens twice", () => {
    expect(resolveLocalDateTime("2026-10-25", "01:30", LONDON, "earlier")).toEqual({
      instant: new Date("2026-10-25T00:30:00Z"),
    });
    expect(resolveLocalDateTime("2026-10-25", "01:30", LONDON, "later")).toEqual({
      instant: new Date("2026-10-25T01:30:00Z"),
    });
  });

  it("ignores a choice when the time happens once, and still refuses a time that does not exist", () => {
    expect(resolveLocalDateTime("2026-03-14", "09:30", LONDON, "later")).toEqual({
      instant: new Date("2026-03-14T09:30:00Z"),
    });
    expect(resolveLocalDateTime("2027-03-28", "01:30", LONDON, "earlier")).toHaveProperty("error");
  });

  it("asks for a real date and time when the input is not one", () => {
    expect(resolveLocalDateTime("2026-02-30", "09:00", LONDON)).toEqual({ error: "Enter a real date and time" });
    expect(resolveLocalDateTime("2026-03-14", "25:00", LONDON)).toEqual({ error: "Enter a real date and time" });
    expect(resolveLocalDateTime("", "", LONDON)).toEqual({ error: "Enter a real date and time" });
  });
});

describe("isValidTimeZone", () => {
  it("accepts IANA zone names", () => {
    for (const zone of [
      LONDON,
      "UTC",
      "Australia/Sydney",
      "Asia/Kolkata",
      "America/Argentina/Buenos_Aires",
      "Etc/GMT+5",
    ]) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
  });

  it("refuses anything else, including bare offsets", () => {
    for (const zone of ["", "Europe/Atlantis", "Mars/Olympus_Mons", "+01:00", "GMT+1 ", " Europe/London", "London"]) {
      expect(isValidTimeZone(zone), zone).toBe(false);
    }
  });
});

describe("toLocalParts", () => {
  it("gives the date and time the zone's clocks show", () => {
    expect(toLocalParts(new Date("2026-03-14T09:30:00Z"), LONDON)).toEqual({ date: "2026-03-14", time: "09:30" });
    expect(toLocalParts(new Date("2026-07-14T23:30:00Z"), LONDON)).toEqual({ date: "2026-07-15", time: "00:30" });
    expect(toLocalParts(new Date("2026-07-14T23:30:00Z"), "Asia/Kolkata")).toEqual({
      date: "2026-07-15",
      time: "05:00",
    });
    expect(toLocalParts(new Date("2026-01-01T03:00:00Z"), "America/New_York")).toEqual({
      date: "2025-12-31",
      time: "22:00",
    });
  });

  it("shows midnight as 00:00, never 24:00", () => {
    expect(toLocalParts(new Date("2026-01-01T00:00:00Z"), LONDON)).toEqual({ date: "2026-01-01", time: "00:00" });
  });

  it("gives both instants of an overlap the same wall-clock time", () => {
    expect(toLocalParts(new Date("2026-10-25T00:30:00Z"), LONDON)).toEqual({ date: "2026-10-25", time: "01:30" });
    expect(toLocalParts(new Date("2026-10-25T01:30:00Z"), LONDON)).toEqual({ date: "2026-10-25", time: "01:30" });
  });

  it("throws for an invalid instant", () => {
    expect(() => toLocalParts(new Date(Number.NaN), LONDON)).toThrow(RangeError);
  });

  it("round-trips through parseLocalDateTime for any minute in 2020-2035", () => {
    const zones = [LONDON, "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"];
    const from = Date.UTC(2020, 0, 1) / 60_000;
    const to = Date.UTC(2036, 0, 1) / 60_000 - 1;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(...zones), (minutes, zone) => {
        const instant = new Date(minutes * 60_000);
        const { date, time } = toLocalParts(instant, zone);
        const result = parseLocalDateTime(date, time, zone);
        if (result.kind === "ok") return result.instant.getTime() === instant.getTime();
        if (result.kind === "ambiguous") {
          return [result.earlier.getTime(), result.later.getTime()].includes(instant.getTime());
        }
        return false;
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips at the minutes either side of every London clock change in 2026 and 2027", () => {
    for (const change of ["2026-03-29T01:00Z", "2026-10-25T01:00Z", "2027-03-28T01:00Z", "2027-10-31T01:00Z"]) {
      for (const step of [-61, -60, -59, -1, 0, 1, 59, 60, 61]) {
        const instant = new Date(new Date(change).getTime() + step * 60_000);
        const { date, time } = toLocalParts(instant, LONDON);
        const result = parseLocalDateTime(date, time, LONDON);
        const instants =
          result.kind === "ok" ? [result.instant] : result.kind === "ambiguous" ? [result.earlier, result.later] : [];
        expect(instants, `${instant.toISOString()}`).toContainEqual(instant);
      }
    }
  });
});

describe("formatInstant and zoneAbbreviation", () => {
  it("writes the date, 24-hour time and the zone's short name", () => {
    const winter = new Date("2026-03-14T09:30:00Z");
    expect(formatInstant(winter, LONDON, { withWeekday: true })).toBe("Saturday 14 March 2026 at 09:30 GMT");
    expect(formatInstant(winter, LONDON)).toBe("14 March 2026 at 09:30 GMT");
    expect(formatInstant(new Date("2026-07-04T16:05:00Z"), LONDON)).toBe("4 July 2026 at 17:05 BST");
    expect(formatInstant(new Date("2026-07-04T23:00:00Z"), LONDON)).toBe("5 July 2026 at 00:00 BST");
  });

  it("tells apart the two 01:30s when the clocks go back", () => {
    expect(formatInstant(new Date("2026-10-25T00:30:00Z"), LONDON)).toBe("25 October 2026 at 01:30 BST");
    expect(formatInstant(new Date("2026-10-25T01:30:00Z"), LONDON)).toBe("25 October 2026 at 01:30 GMT");
  });

  it("uses whatever short name Intl gives for other zones", () => {
    expect(formatInstant(new Date("2026-01-15T12:00:00Z"), "Australia/Sydney", { withWeekday: true })).toBe(
      "Thursday 15 January 2026 at 23:00 GMT+11",
    );
    expect(formatInstant(new Date("2026-01-15T12:00:00Z"), "Asia/Kolkata")).toBe("15 January 2026 at 17:30 GMT+5:30");
    expect(formatInstant(new Date("2026-01-15T12:00:00Z"), "UTC")).toBe("15 January 2026 at 12:00 UTC");
  });

  it("names the zone at an instant", () => {
    expect(zoneAbbreviation(new Date("2026-01-15T12:00:00Z"), LONDON)).toBe("GMT");
    expect(zoneAbbreviation(new Date("2026-07-15T12:00:00Z"), LONDON)).toBe("BST");
    expect(zoneAbbreviation(new Date("2026-03-29T00:59:59Z"), LONDON)).toBe("GMT");
    expect(zoneAbbreviation(new Date("2026-03-29T01:00:00Z"), LONDON)).toBe("BST");
    expect(zoneAbbreviation(new Date("2026-07-15T12:00:00Z"), "Australia/Sydney")).toBe("GMT+10");
  });

  it("throws for an invalid instant or zone", () => {
    expect(() => formatInstant(new Date("nonsense"), LONDON)).toThrow(RangeError);
    expect(() => formatInstant(new Date(), "Nowhere/Special")).toThrow(RangeError);
    expect(() => zoneAbbreviation(new Date(), "Nowhere/Special")).toThrow(RangeError);
  });
});

describe("formatDate and isCalendarDate", () => {
  it("writes a calendar date as people read it, with the weekday when asked", () => {
    expect(formatDate("2030-06-07")).toBe("7 June 2030");
    expect(formatDate("2030-06-07", { withWeekday: true })).toBe("Friday 7 June 2030");
    expect(formatDate("2028-02-29", { withWeekday: true })).toBe("Tuesday 29 February 2028");
  });

  it("knows a real date from a nonsense one and leaves nonsense as it is", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2026-02-31")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-1-1")).toBe(false);
    expect(isCalendarDate("tomorrow")).toBe(false);
    expect(isCalendarDate("0099-01-01")).toBe(true);
    expect(formatDate("2026-02-31")).toBe("2026-02-31");
  });
});
