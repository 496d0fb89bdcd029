import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPence, MAX_AMOUNT_PENCE, parsePoundsToPence, sumPence } from "~/domain/money";

const ENTER_AN_AMOUNT = "Enter an amount in pounds, like 500 or 1,250.50";
const TOO_MANY_DECIMALS = "Enter an amount in pounds and pence, with no more than 2 numbers after the decimal point";
const NOT_NEGATIVE = "Enter an amount of £0 or more";
const TOO_LARGE = "Enter an amount of £10,000,000 or less";

describe("parsePoundsToPence", () => {
  it.each([
    ["12", 1200],
    ["12.5", 1250],
    ["12.50", 1250],
    ["12.05", 1205],
    ["£1,000", 100000],
    ["1,000.99", 100099],
    [" £ 25 ", 2500],
    ["£25", 2500],
    ["0", 0],
    ["0.00", 0],
    ["0.01", 1],
    [".5", 50],
    ["£.99", 99],
    ["007", 700],
    ["1000000", 100000000],
    ["1,234,567.89", 123456789],
    ["10,000,000", MAX_AMOUNT_PENCE],
    ["10000000.00", MAX_AMOUNT_PENCE],
    ["-0", 0],
  ])("reads %j as %i pence", (input, pence) => {
    expect(parsePoundsToPence(input)).toEqual({ pence });
  });

  it("reads amounts that floating point would get wrong exactly", () => {
    // 1.15 * 100 is 114.99999999999999 and 4.35 * 100 is 434.99999999999994 in floating point.
    expect(parsePoundsToPence("1.15")).toEqual({ pence: 115 });
    expect(parsePoundsToPence("4.35")).toEqual({ pence: 435 });
    expect(parsePoundsToPence("0.29")).toEqual({ pence: 29 });
  });

  it.each(["", "   ", "£", " £ "])("asks for an amount when given %j", (input) => {
    expect(parsePoundsToPence(input)).toEqual({ error: ENTER_AN_AMOUNT });
  });

  it.each(["0.005", "12.500", "1.999", "£1,000.001"])("refuses more than 2 decimal places in %j", (input) => {
    expect(parsePoundsToPence(input)).toEqual({ error: TOO_MANY_DECIMALS });
  });

  it.each(["-5", "-£5", "£-5", "- 5", "−5", "-0.01", "-1,000"])("refuses the negative amount %j", (input) => {
    expect(parsePoundsToPence(input)).toEqual({ error: NOT_NEGATIVE });
  });

  it.each([
    "abc",
    "12abc",
    "£12p",
    "five",
    "1e3",
    "Infinity",
    "NaN",
    "0x10",
    "1,00",
    "10,00,000",
    "1,0000",
    ",100",
    "1,000,00",
    "0,100",
    "1 000",
    "12.",
    "1.2.3",
    "£ £5",
    "5£",
    "--5",
    "-£-5",
    "+5",
    "١٢",
    "12,50",
  ])("refuses %j as not an amount", (input) => {
    expect(parsePoundsToPence(input)).toEqual({ error: ENTER_AN_AMOUNT });
  });

  it.each(["10,000,000.01", "10000001", "99,999,999.99", "100000000", "99999999999999999999999", "9007199254740993"])(
    "refuses the amount %j above the cap",
    (input) => {
      expect(parsePoundsToPence(input)).toEqual({ error: TOO_LARGE });
    },
  );

  it("reads back any amount it formats", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (pence) => {
        expect(parsePoundsToPence(formatPence(pence))).toEqual({ pence });
      }),
      { numRuns: 1000 },
    );
  });

  it("reads pounds and pence written without the £ or commas", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }), (pounds, pence) => {
        const input = `${pounds}.${String(pence).padStart(2, "0")}`;
        expect(parsePoundsToPence(input)).toEqual({ pence: pounds * 100 + pence });
      }),
    );
  });

  it("never returns anything but a whole number of pence within the cap, or an error", () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const result = parsePoundsToPence(input);
        if ("pence" in result) {
          expect(Number.isSafeInteger(result.pence)).toBe(true);
          expect(result.pence).toBeGreaterThanOrEqual(0);
          expect(result.pence).toBeLessThanOrEqual(MAX_AMOUNT_PENCE);
        } else {
          expect(result.error).toMatch(/^Enter an amount/);
        }
      }),
    );
  });
});

describe("formatPence", () => {
  it.each([
    [0, "£0"],
    [1, "£0.01"],
    [50, "£0.50"],
    [1250, "£12.50"],
    [1205, "£12.05"],
    [100000, "£1,000"],
    [100099, "£1,000.99"],
    [123456789, "£1,234,567.89"],
    [MAX_AMOUNT_PENCE, "£10,000,000"],
    [Number.MAX_SAFE_INTEGER, "£90,071,992,547,409.91"],
    [-1250, "-£12.50"],
    [-100, "-£1"],
  ])("writes %i pence as %s", (pence, text) => {
    expect(formatPence(pence)).toBe(text);
  });

  it.each([1.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])("refuses %d, which is not whole pence", (pence) => {
    expect(() => formatPence(pence)).toThrow(RangeError);
  });
});

describe("sumPence", () => {
  it("adds whole amounts", () => {
    expect(sumPence([])).toBe(0);
    expect(sumPence([1250, 100000, 1])).toBe(101251);
    expect(sumPence([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses an amount that is not a whole non-negative number of pence", () => {
    for (const amount of [-1, 0.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => sumPence([100, amount]), String(amount)).toThrow(RangeError);
    }
  });

  it("refuses a total that cannot be held exactly", () => {
    expect(() => sumPence([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumPence([2 ** 52, 2 ** 52])).toThrow(RangeError);
  });

  it("gives the same total in any order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 50 }), (amounts) => {
        const total = sumPence(amounts);
        expect(sumPence([...amounts].reverse())).toBe(total);
        expect(total).toBe(amounts.reduce((sum, amount) => sum + amount, 0));
      }),
    );
  });
});
