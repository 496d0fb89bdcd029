// Reads the amounts of a prize category's places, entered in pounds, as exact pence.
import { ordinal } from "./calls";
import { parsePoundsToPence } from "./money";

export const MAX_PLACES = 5;

export function placeField(place: number): string {
  return `place${place}`;
}

/** Amounts for 1st, 2nd ... in order; a place may be left blank only after the last one used. */
export function readPlaceAmounts(values: Record<string, string | undefined>): {
  placesPence: number[];
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const placesPence: number[] = [];
  let gapAt: number | null = null;
  for (let place = 1; place <= MAX_PLACES; place++) {
    const field = placeField(place);
    const raw = (values[field] ?? "").trim();
    if (raw === "") {
      gapAt ??= place;
      continue;
    }
    if (gapAt !== null) {
      errors[placeField(gapAt)] =
        `Enter the amount for ${ordinal(gapAt)} place, or leave ${ordinal(place)} place blank too`;
      continue;
    }
    const parsed = parsePoundsToPence(raw);
    if ("error" in parsed) errors[field] = `${ordinal(place)} place: ${parsed.error}`;
    else placesPence.push(parsed.pence);
  }
  if (placesPence.length === 0 && Object.keys(errors).length === 0) {
    errors[placeField(1)] = "Enter the amount for 1st place";
  }
  return { placesPence, errors };
}
