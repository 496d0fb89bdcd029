// Reads a submitted form with its one zod schema: the data when it is valid, otherwise the
// messages per field and the values typed (secrets left out) to show the form again.
import { data, unstable_parseMultipartFormData, type UploadHandlerPart } from "@remix-run/node";
import type { z } from "zod";
import { FORM_ERROR, HONEYPOT_FIELD, type FormFailure } from "~/components/form";
import { slugFrom } from "~/domain/fields";

type ParseResult<T> = { ok: true; data: T } | { ok: false; failure: FormFailure };

/** Several ticked boxes under one name travel in the values joined by this. */
export const LIST_SEPARATOR = ",";

export function formValues(
  formData: FormData,
  hide: readonly string[] = [],
  lists: readonly string[] = [],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of new Set(formData.keys())) {
    if (hide.includes(key) || key === HONEYPOT_FIELD) continue;
    if (lists.includes(key)) {
      values[key] = stringsOf(formData, key).join(LIST_SEPARATOR);
      continue;
    }
    const value = formData.get(key);
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

// An empty value in a list is nothing chosen (a hidden input that keeps the field present).
function stringsOf(formData: FormData, key: string): string[] {
  return formData.getAll(key).filter((value): value is string => typeof value === "string" && value !== "");
}

export function parseForm<Schema extends z.ZodTypeAny>(
  schema: Schema,
  formData: FormData,
  /** `lists`: fields posted several times (a group of checkboxes), read as arrays of strings. */
  options: { hide?: readonly string[]; lists?: readonly string[] } = {},
): ParseResult<z.output<Schema>> {
  const lists = options.lists ?? [];
  const values = formValues(formData, options.hide, lists);
  const honeypot = formData.get(HONEYPOT_FIELD);
  if (typeof honeypot === "string" && honeypot !== "") {
    return { ok: false, failure: { errors: { [FORM_ERROR]: "We could not accept this form. Try again." }, values } };
  }
  // The first value of each field: a repeated field never turns a string into a list, unless
  // the form says it is a list.
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (lists.includes(key)) {
      input[key] = stringsOf(formData, key);
      continue;
    }
    const value = formData.get(key);
    if (typeof value === "string") input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    // A wrong item of a list is reported against the list, which is what the page can point at.
    const first = String(issue.path[0] ?? "");
    const field = issue.path.length === 0 ? FORM_ERROR : lists.includes(first) ? first : issue.path.join(".");
    errors[field] ??= issue.message;
  }
  return { ok: false, failure: { errors, values } };
}

/** The 400 answer that shows the form again with its messages. */
export function rejectForm(failure: FormFailure) {
  return data(failure, { status: 400 });
}

export function formError(message: string, values: Record<string, string>, field: string = FORM_ERROR) {
  return rejectForm({ errors: { [field]: message }, values });
}

/**
 * The form a request sends. A body that cannot be read as one (a broken multipart body, say, which
 * no browser sends) is answered 400 with a message on the page, rather than a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: "We could not read this form. Go back to its page and send it again." }, { status: 400 });
  }
}

/** An address name (`slug`) left blank is made from another field, and shown again on error. */
export function withSuggestedSlug(formData: FormData, fromField: string): FormData {
  const slug = formData.get("slug");
  const source = formData.get(fromField);
  if (typeof source === "string" && (typeof slug !== "string" || slug.trim() === ""))
    formData.set("slug", slugFrom(source));
  return formData;
}

/** A file from a form with an upload: its first bytes, and how large it really was. */
export interface UploadedFile {
  name: string;
  size: number;
  bytes: Uint8Array;
}

/**
 * Reads a form that carries files (multipart). A file over `maxFileBytes` is not refused with an
 * exception, which would lose the rest of the form: its size is counted to the end and only its
 * first bytes kept, so the page can say it is too large and keep everything typed. Text fields
 * are limited too, since this form is read without the usual body parser.
 */
export async function readUploadForm(
  request: Request,
  maxFileBytes: number,
): Promise<{ formData: FormData; files: Map<string, UploadedFile> } | null> {
  const files = new Map<string, UploadedFile>();
  const handler = async ({ name, filename, data: stream }: UploadHandlerPart) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let kept = 0;
    const limit = typeof filename === "string" ? maxFileBytes + 1 : 100_000;
    for await (const chunk of stream) {
      size += chunk.byteLength;
      if (kept < limit) {
        const part = chunk.subarray(0, limit - kept);
        chunks.push(part);
        kept += part.byteLength;
      }
    }
    const bytes = new Uint8Array(kept);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    if (typeof filename !== "string") return new TextDecoder().decode(bytes);
    // An empty file input still sends a part, with no name and no bytes: nothing was chosen.
    if (filename !== "" || size > 0) files.set(name, { name: filename, size, bytes });
    return null;
  };
  try {
    return { formData: await unstable_parseMultipartFormData(request, handler), files };
  } catch {
    // Not multipart, or a broken body: the caller answers with a message, never a 500.
    return null;
  }
}

/**
 * The text of a CSV import, whichever of its two steps this is: the chosen file, to check and
 * show before anything is saved ("preview"), or the same text sent back to confirm ("confirm").
 */
export async function readCsvImport(
  request: Request,
  maxBytes: number,
): Promise<{ step: "preview" | "confirm"; text: string } | { error: string }> {
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const file = (await readUploadForm(request, maxBytes))?.files.get("file");
    if (!file) return { error: "Choose a CSV file" };
    if (file.size > maxBytes) return { error: `The file must be ${sizeText(maxBytes)} or smaller` };
    return { step: "preview", text: new TextDecoder().decode(file.bytes) };
  }
  const text = (await request.formData()).get("csv");
  return typeof text === "string" ? { step: "confirm", text } : { error: "Choose a CSV file" };
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/** An import's problems by spreadsheet row, keyed `row-N` as RowProblems (components) lists them. */
export function rowProblems(rows: readonly { row: number; messages: readonly string[] }[]): Record<string, string> {
  return Object.fromEntries(rows.map(({ row, messages }) => [`row-${row}`, `Row ${row}: ${messages.join(". ")}`]));
}
