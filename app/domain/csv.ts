// CSV in and out (RFC 4180): the files organisers download and the files they upload.

// A spreadsheet runs a cell that starts with one of these as a formula, and a name or skill typed
// by a participant must never run on an organiser's computer. Tab and carriage return count too,
// as some spreadsheets skip them before looking for a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: neutralised against formulas, quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

/**
 * A whole CSV file: CRLF line ends, each line ended, and a byte order mark first so that Excel
 * reads names such as Siân as UTF-8.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[csvLine(header), ...rows.map(csvLine)].join("\r\n")}\r\n`;
}

export type CsvParseResult = { ok: true; rows: string[][] } | { ok: false; message: string; line: number };

/**
 * Reads CSV as spreadsheets write it: quoted fields may hold commas, doubled quotes and line
 * breaks; lines end in CRLF, LF or a lone CR. A leading byte order mark is dropped, and lines with
 * nothing on them are skipped, since editors often leave one at the end. Fields are not trimmed.
 * A quote in the middle of an unquoted field is kept as a character, as Excel does.
 */
export function parseCsv(text: string): CsvParseResult {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let line = 1;
  // Whether anything (even an empty quoted field) has been read on the current record, so that
  // an empty line is skipped but a line holding only "" is a row with one empty field.
  let started = false;
  let atFieldStart = true;
  let index = 0;

  const endField = () => {
    row.push(field);
    field = "";
    atFieldStart = true;
  };
  const endRecord = () => {
    if (started) {
      endField();
      rows.push(row);
    }
    row = [];
    field = "";
    started = false;
    atFieldStart = true;
  };

  while (index < source.length) {
    const char = source[index];
    // A quote opens a quoted field only at the start of a field; elsewhere (ab"c) it is text.
    if (char === '"' && atFieldStart) {
      const openedOn = line;
      index += 1;
      let closed = false;
      while (index < source.length) {
        const inner = source[index];
        if (inner === '"') {
          if (source[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          closed = true;
          break;
        }
        if (inner === "\n" || (inner === "\r" && source[index + 1] !== "\n")) line += 1;
        field += inner;
        index += 1;
      }
      if (!closed) {
        return {
          ok: false,
          line: openedOn,
          message: `The quoted value that starts on line ${openedOn} has no closing quote. Check the quotes on that line`,
        };
      }
      started = true;
      atFieldStart = false;
      const next = source[index];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
        return {
          ok: false,
          line,
          message: `A closing quote on line ${line} is followed by more text. Put the whole value inside the quotes`,
        };
      }
      continue;
    }
    if (char === ",") {
      started = true;
      endField();
      index += 1;
    } else if (char === "\r" || char === "\n") {
      endRecord();
      index += char === "\r" && source[index + 1] === "\n" ? 2 : 1;
      line += 1;
    } else {
      started = true;
      atFieldStart = false;
      field += char;
      index += 1;
    }
  }
  endRecord();
  return { ok: true, rows };
}
