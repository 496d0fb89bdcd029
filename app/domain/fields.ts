// zod pieces that many forms share, each with a message that names its field.
import { z } from "zod";

/** Text that must be given: trimmed, with no control characters except line breaks. */
export function requiredText(label: string, max: number) {
  return z
    .string({ required_error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .refine(
      (text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text),
      `${label} must not contain control characters`,
    );
}

export function optionalText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .refine(
      (text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text),
      `${label} must not contain control characters`,
    )
    .default("");
}

/** A ticked checkbox posts "yes"; an unticked one posts nothing. */
export const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "yes");

/** Lower-case letters, digits and single hyphens: the part of an address that names a thing. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether text could be an address name at all (what a lookup by address name checks first). */
export function isSlug(text: string): boolean {
  return text.length <= 60 && SLUG.test(text);
}

export function slugField(label: string) {
  return z
    .string({ required_error: `Enter ${label.toLowerCase()}` })
    .trim()
    .toLowerCase()
    .min(3, `${label} must be 3 characters or more`)
    .max(60, `${label} must be 60 characters or fewer`)
    .regex(SLUG, `${label} must use only lower-case letters, numbers and single hyphens, like leeds-hack-day-2027`);
}

/** Suggests an address name from a title: "Leeds Hack Day 2027" -> "leeds-hack-day-2027". */
export function slugFrom(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

export function optionalWebAddress(label: string) {
  return z
    .string()
    .trim()
    .max(500, `${label} must be 500 characters or fewer`)
    .refine(
      (value) => value === "" || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(value),
      `Enter ${label.toLowerCase()} starting with https://`,
    )
    .default("");
}

export function wholeNumber(label: string, min: number, max: number) {
  return z
    .string({ required_error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .regex(/^\d+$/, `${label} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label} must be between ${min} and ${max.toLocaleString("en-GB")}`);
}
