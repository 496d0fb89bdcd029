// Money as whole pence: reading amounts organisers type in pounds, writing them back, and adding them up safely.

/** £10,000,000: far above any prize or grant we pay, and low enough that a slip of the finger stands out. */
export const MAX_AMOUNT_PENCE = 1_000_000_000;

const ENTER_AN_AMOUNT = "Enter an amount in pounds, like 500 or 1,250.50";
const TOO_MANY_DECIMALS = "Enter an amount in pounds and pence, with no more than 2 numbers after the decimal point";
const NOT_NEGATIVE = "Enter an amount of £0 or more";
const TOO_LARGE = `Enter an amount of ${formatPence(MAX_AMOUNT_PENCE)} or less`;

// Pounds either as plain digits or grouped in threes by commas ("1,000", never "1,00" or "10,00,000"),
// then optionally a point and the pence. The sign and £ are taken off first.
const AMOUNT = /^(?<pounds>\d+|[1-9]\d{0,2}(?:,\d{3})+)?(?:\.(?<fraction>\d+))?$/;

/**
 * Reads an amount in pounds ("12", "12.5", "£1,000", "1,000.99") as whole pence. Works on the digits as text,
 * because 0.1 + 0.2 is not 0.3 in floating point and a prize must not lose a penny.
 */
export function parsePoundsToPence(input: string): { pence: number } | { error: string } {
  if (typeof input !== "string") return { error: ENTER_AN_AMOUNT };
  // One minus sign is allowed either side of the £, so that "-£5" and "£-5" are told they are negative
  // rather than that they are not amounts.
  const shape = /^(?<before>[-\u2212]?)\s*£?\s*(?<after>[-\u2212]?)\s*(?<amount>.*)$/.exec(input.trim());
  const { before = "", after = "", amount = "" } = shape?.groups ?? {};
  if (amount === "" || (before !== "" && after !== "")) return { error: ENTER_AN_AMOUNT };
  const match = AMOUNT.exec(amount);
  const { pounds = "", fraction } = match?.groups ?? {};
  if (!match || (pounds === "" && fraction === undefined)) return { error: ENTER_AN_AMOUNT };
  if (fraction !== undefined && fraction.length > 2) return { error: TOO_MANY_DECIMALS };

  const poundDigits = pounds.replaceAll(",", "").replace(/^0+(?=\d)/, "");
  // Anything wider than the cap's 8 digits of pounds is too large; checking the width first keeps Number()
  // away from digit strings it cannot hold exactly.
  if (poundDigits.length > String(MAX_AMOUNT_PENCE / 100).length) {
    return before || after ? { error: NOT_NEGATIVE } : { error: TOO_LARGE };
  }
  const pence = Number(poundDigits || "0") * 100 + Number((fraction ?? "").padEnd(2, "0"));
  if (pence > 0 && (before || after)) return { error: NOT_NEGATIVE };
  if (pence > MAX_AMOUNT_PENCE) return { error: TOO_LARGE };
  if (!Number.isSafeInteger(pence)) return { error: ENTER_AN_AMOUNT };
  return { pence };
}

function assertSafeInteger(pence: number): void {
  if (!Number.isSafeInteger(pence))
    throw new RangeError(`An amount of money must be a whole number of pence: ${pence}`);
}

/** "£1,000" for whole pounds, "£12.50" otherwise; negative amounts as "-£12.50". */
export function formatPence(pence: number): string {
  assertSafeInteger(pence);
  // Split the digits as text: dividing by 100 in floating point can round near the top of the safe range.
  const digits = String(Math.abs(pence)).padStart(3, "0");
  const pounds = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ",");
  const penceDigits = digits.slice(-2);
  const sign = pence < 0 ? "-" : "";
  return penceDigits === "00" ? `${sign}£${pounds}` : `${sign}£${pounds}.${penceDigits}`;
}

/** Adds amounts of pence, refusing anything that is not a whole, non-negative amount or a total too large to hold exactly. */
export function sumPence(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    assertSafeInteger(amount);
    if (amount < 0) throw new RangeError(`An amount of money to add up must not be negative: ${amount}`);
    if (amount > Number.MAX_SAFE_INTEGER - total) {
      throw new RangeError("The total is too large to hold exactly as a number of pence");
    }
    total += amount;
  }
  return total;
}
