// Reading scores from paper score sheets typed into a spreadsheet: one row per judge, entry and
// criterion. Every row's problems are found before anything is saved, in words an organiser can
// act on in the spreadsheet.
import { isValidScore, type Criterion } from "./rubrics";

export const SCORE_IMPORT_COLUMNS = ["Judge email", "Entry", "Criterion", "Score"] as const;
export const MAX_SCORE_IMPORT_ROWS = 5000;

export interface ScoreImportContext {
  judges: readonly { userId: string; email: string }[];
  /** The round's entries; a row names one by its title or its team's name. */
  entries: readonly { submissionId: string; title: string; teamName: string }[];
  criteria: readonly Pick<Criterion, "key" | "name" | "scaleMin" | "scaleMax">[];
  /** `${judgeUserId}:${submissionId}` for each pair the judge may score. */
  scorable: ReadonlySet<string>;
}

export interface ImportedSheet {
  judgeUserId: string;
  submissionId: string;
  criterionScores: Record<string, number>;
  /** The spreadsheet rows it came from, counting the header as row 1. */
  rows: number[];
}

export type ScoreImportResult =
  { sheets: ImportedSheet[]; errors: { row: number; messages: string[] }[] } | { error: string };

// Headers compared as words alone, so "Judge e-mail" and "judge email" are one column.
function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const COLUMN_NAMES: Record<(typeof SCORE_IMPORT_COLUMNS)[number], string[]> = {
  "Judge email": ["judge email", "judge e mail", "email", "judge"],
  Entry: ["entry", "project", "team", "entry title", "project title"],
  Criterion: ["criterion", "criteria"],
  Score: ["score", "mark"],
};

export function readScoreImport(rows: string[][], context: ScoreImportContext): ScoreImportResult {
  const [header, ...body] = rows;
  const headings = (header ?? []).map(words);
  const index = Object.fromEntries(
    SCORE_IMPORT_COLUMNS.map((column) => [column, headings.findIndex((h) => COLUMN_NAMES[column].includes(h))]),
  ) as Record<(typeof SCORE_IMPORT_COLUMNS)[number], number>;
  const missing = SCORE_IMPORT_COLUMNS.filter((column) => index[column] < 0);
  if (missing.length > 0) {
    return {
      error: `The file's first row must name the columns ${SCORE_IMPORT_COLUMNS.join(", ")}. Missing: ${missing.join(", ")}`,
    };
  }
  const filled = body.flatMap((cells, i) => (cells.some((cell) => cell.trim() !== "") ? [{ cells, row: i + 2 }] : []));
  if (filled.length === 0) return { error: "The file has no scores" };
  if (filled.length > MAX_SCORE_IMPORT_ROWS) {
    return { error: `The file has ${filled.length} rows. Import at most ${MAX_SCORE_IMPORT_ROWS} at a time` };
  }

  const judgeByEmail = new Map(context.judges.map((judge) => [judge.email.toLowerCase(), judge.userId]));
  const entryByName = new Map<string, string[]>();
  for (const entry of context.entries) {
    for (const name of new Set([entry.title, entry.teamName].map((n) => n.trim().toLowerCase()).filter(Boolean))) {
      entryByName.set(name, [...(entryByName.get(name) ?? []), entry.submissionId]);
    }
  }
  const criterionByName = new Map<string, (typeof context.criteria)[number]>();
  for (const criterion of context.criteria) {
    criterionByName.set(criterion.name.trim().toLowerCase(), criterion);
    criterionByName.set(criterion.key.toLowerCase(), criterion);
  }

  const sheets = new Map<string, ImportedSheet>();
  const errors: { row: number; messages: string[] }[] = [];
  for (const { cells, row } of filled) {
    const cell = (column: (typeof SCORE_IMPORT_COLUMNS)[number]) => (cells[index[column]] ?? "").trim();
    const messages: string[] = [];
    const email = cell("Judge email");
    const judgeUserId = judgeByEmail.get(email.toLowerCase());
    if (!email) messages.push("Enter the judge's email address");
    else if (!judgeUserId) messages.push(`${email} is not a judge at this event`);

    const entryName = cell("Entry");
    const matches = entryByName.get(entryName.toLowerCase()) ?? [];
    if (!entryName) messages.push("Enter the entry's title or team name");
    else if (matches.length === 0) messages.push(`“${entryName}” is not an entry in this round`);
    else if (matches.length > 1) messages.push(`“${entryName}” names more than one entry. Use the entry's title`);

    const criterionName = cell("Criterion");
    const criterion = criterionByName.get(criterionName.toLowerCase());
    if (!criterionName) messages.push("Enter the criterion");
    else if (!criterion) messages.push(`“${criterionName}” is not a criterion of this round's rubric`);

    const scoreText = cell("Score");
    const score = /^\d+$/.test(scoreText) ? Number(scoreText) : NaN;
    if (!scoreText) messages.push("Enter the score");
    else if (criterion && !isValidScore(criterion, score)) {
      messages.push(`The score must be a whole number from ${criterion.scaleMin} to ${criterion.scaleMax}`);
    } else if (!criterion && Number.isNaN(score)) messages.push("The score must be a whole number");

    const submissionId = matches.length === 1 ? matches[0]! : undefined;
    if (judgeUserId && submissionId && !context.scorable.has(`${judgeUserId}:${submissionId}`)) {
      messages.push(`${email} is not assigned to “${entryName}”, or has a conflict with it`);
    }
    if (messages.length === 0 && judgeUserId && submissionId && criterion) {
      const key = `${judgeUserId}:${submissionId}`;
      const sheet = sheets.get(key) ?? { judgeUserId, submissionId, criterionScores: {}, rows: [] };
      const earlier = sheet.criterionScores[criterion.key];
      if (earlier !== undefined && earlier !== score) {
        messages.push(`This judge's score for “${criterion.name}” on this entry is already ${earlier} on another row`);
      } else {
        sheet.criterionScores[criterion.key] = score;
        sheet.rows.push(row);
        sheets.set(key, sheet);
      }
    }
    if (messages.length > 0) errors.push({ row, messages });
  }
  return { sheets: [...sheets.values()], errors };
}
