// Reading entries from a spreadsheet: a Devpost project export, for events that took entries on
// Devpost, or our own columns. Turns rows into entries to create, and says what is wrong with each
// row in words an organiser can act on in their spreadsheet.
import { emailField } from "./accounts";
import { findLicence, licenceError } from "./licences";
import { normaliseRepositoryUrl } from "./repositories";
import { SUBMISSION_LIMITS, parseTechnologies, technologiesError, urlFieldError } from "./submissions";
import { TEAM_NAME_MAX, normaliseTeamName } from "./teams";

export interface ImportedEntry {
  /** The row in the spreadsheet, counting the header as row 1. */
  row: number;
  teamName: string;
  title: string;
  summary: string;
  description: string;
  repositoryUrl: string;
  demoUrl: string;
  videoUrl: string;
  technologies: string[];
  /** The theme's title as the event spells it, or "" for none. */
  themeTitle: string;
  /** Lower case, each once. */
  memberEmails: string[];
  /** An SPDX identifier as the licence list spells it, or "". */
  licence: string;
}

export interface ImportResult {
  format: "devpost" | "platform";
  /** The rows with nothing wrong, in the file's order. */
  entries: ImportedEntry[];
  errors: { row: number; messages: string[] }[];
}

export const MAX_IMPORT_ROWS = 500;

export const PLATFORM_COLUMNS = [
  "Team",
  "Title",
  "Summary",
  "Description",
  "Theme",
  "Repository",
  "Demo",
  "Video",
  "Licence",
  "Technologies",
  "Member emails",
] as const;

const GIT_HOSTS = new Set(["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"]);

// Headers compared as words alone, so that "Try it out" Links (with its quotes), try it out links
// and TRY IT OUT LINKS are one column.
function columnKey(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

interface Columns {
  /** The cell of the first column with one of these names, trimmed; "" when there is none. */
  cell(row: readonly string[], ...names: string[]): string;
  has(...names: string[]): boolean;
  /** Indexes of the columns whose key matches. */
  matching(pattern: RegExp): number[];
}

function columns(header: readonly string[]): Columns {
  const keys = header.map(columnKey);
  const indexOf = (names: readonly string[]) => {
    for (const name of names) {
      const index = keys.indexOf(columnKey(name));
      if (index !== -1) return index;
    }
    return -1;
  };
  return {
    cell(row, ...names) {
      const index = indexOf(names);
      return index === -1 ? "" : (row[index] ?? "").trim();
    },
    has: (...names) => indexOf(names) !== -1,
    matching: (pattern) => keys.flatMap((key, index) => (pattern.test(key) ? [index] : [])),
  };
}

/**
 * The entries in a spreadsheet whose first row names its columns. A Devpost export is known by its
 * own column names; otherwise the columns must be ours (PLATFORM_COLUMNS, in any order, Team and
 * Title at least). Unknown columns are ignored. Refuses the whole file only when it cannot be read
 * as entries at all; otherwise each row's problems are listed against its row number.
 */
export function readEntryImport(
  rows: string[][],
  options: { themeTitles: string[]; existingTeamNames: string[]; allowHttp?: boolean },
): ImportResult | { error: string } {
  const [header, ...body] = rows;
  if (header === undefined) return { error: "The file has no entries" };
  const table = columns(header);
  const isDevpost =
    table.has("Project Title") &&
    table.has("Submission Url", "About The Project", "Try it out Links", "Submitter Email", "Built With");
  const isPlatform = !isDevpost && table.has("Team") && table.has("Title");
  if (!isDevpost && !isPlatform) {
    return {
      error: `The file's first row must name the columns. We recognise a Devpost project export or these columns: ${PLATFORM_COLUMNS.join(", ")}`,
    };
  }
  // Row numbers are the spreadsheet's, so blank rows count towards them even though they are skipped.
  const filled = body.flatMap((cells, index) =>
    cells.some((cell) => cell.trim() !== "") ? [{ cells, row: index + 2 }] : [],
  );
  if (filled.length === 0) return { error: "The file has no entries" };
  if (filled.length > MAX_IMPORT_ROWS) {
    return {
      error: `The file has ${filled.length.toLocaleString("en-GB")} entries. Import at most ${MAX_IMPORT_ROWS} at a time by splitting it into smaller files`,
    };
  }

  const themes = new Map(options.themeTitles.map((title) => [title.trim().toLowerCase(), title]));
  const taken = new Set(options.existingTeamNames.map((name) => normaliseTeamName(name).toLowerCase()));
  const inFile = new Map<string, number>();
  const context: RowContext = { themes, allowHttp: options.allowHttp === true };
  const result: ImportResult = { format: isDevpost ? "devpost" : "platform", entries: [], errors: [] };
  // Some Devpost exports repeat a project on one row per prize it opted into.
  const devpostRows = new Map<string, ImportedEntry>();

  for (const { cells, row } of filled) {
    const submissionUrl = isDevpost ? table.cell(cells, "Submission Url") : "";
    const earlier = submissionUrl === "" ? undefined : devpostRows.get(submissionUrl);
    if (earlier !== undefined) {
      if (earlier.themeTitle === "") earlier.themeTitle = devpostTheme(table, cells, context).themeTitle;
      continue;
    }
    const { entry, messages } = isDevpost
      ? readDevpostRow(table, cells, row, context)
      : readPlatformRow(table, cells, row, context);

    if (entry.teamName !== "") {
      const key = entry.teamName.toLowerCase();
      const first = inFile.get(key);
      if (first !== undefined) {
        messages.push(`The team name “${entry.teamName}” is also used on row ${first}. Each team can have one entry`);
      } else {
        inFile.set(key, row);
        if (taken.has(key)) {
          messages.push(`A team called “${entry.teamName}” already exists at this event. Choose a different team name`);
        }
      }
      if (entry.teamName.length > TEAM_NAME_MAX) {
        messages.push(`The team name must be ${TEAM_NAME_MAX} characters or fewer`);
      }
    }
    if (submissionUrl !== "") devpostRows.set(submissionUrl, entry);
    if (messages.length > 0) result.errors.push({ row, messages });
    else result.entries.push(entry);
  }
  return result;
}

interface RowContext {
  themes: Map<string, string>;
  allowHttp: boolean;
}

interface RowReading {
  entry: ImportedEntry;
  messages: string[];
}

function lengthErrors(entry: ImportedEntry): string[] {
  const messages: string[] = [];
  if (entry.title === "") messages.push("Enter a title");
  else if (entry.title.length > SUBMISSION_LIMITS.title) {
    messages.push(`The title must be ${SUBMISSION_LIMITS.title} characters or fewer`);
  }
  if (entry.summary.length > SUBMISSION_LIMITS.summary) {
    messages.push(`The summary must be ${SUBMISSION_LIMITS.summary} characters or fewer`);
  }
  if (entry.description.length > SUBMISSION_LIMITS.description) {
    messages.push(
      `The description must be ${SUBMISSION_LIMITS.description.toLocaleString("en-GB")} characters or fewer`,
    );
  }
  const technologies = technologiesError(entry.technologies);
  if (technologies !== null) messages.push(technologies);
  return messages;
}

function repositoryError(url: string, allowHttp: boolean): { url: string; message: string | null } {
  if (url === "") return { url, message: null };
  const result = normaliseRepositoryUrl(url, { allowHttp });
  return result.ok ? { url: result.repository.url, message: null } : { url, message: `Repository: ${result.message}` };
}

function emailsIn(values: readonly string[]): { emails: string[]; messages: string[] } {
  const emails: string[] = [];
  const messages: string[] = [];
  for (const value of values) {
    if (value === "") continue;
    const parsed = emailField.safeParse(value);
    if (!parsed.success) messages.push(`“${value}” is not a valid email address`);
    else if (!emails.includes(parsed.data)) emails.push(parsed.data);
  }
  return { emails, messages };
}

function licenceIn(value: string): { licence: string; message: string | null } {
  const problem = licenceError(value, { requireOsi: false });
  if (problem !== null) return { licence: value, message: `Licence: ${problem}` };
  return { licence: findLicence(value)?.id ?? "", message: null };
}

function themeNamed(title: string, context: RowContext): { themeTitle: string; message: string | null } {
  if (title === "") return { themeTitle: "", message: null };
  const theme = context.themes.get(title.toLowerCase());
  return theme === undefined
    ? { themeTitle: "", message: `Theme “${title}” is not one of this event's themes` }
    : { themeTitle: theme, message: null };
}

// A Devpost project names its theme through a Theme question the organisers added, or through the
// prizes it opted into, which also list sponsors' prizes that are not themes.
function devpostTheme(
  table: Columns,
  cells: readonly string[],
  context: RowContext,
): { themeTitle: string; message: string | null } {
  const asked = table.cell(cells, "Theme");
  if (asked !== "") return themeNamed(asked, context);
  const prizes = table.cell(cells, "Opt-In Prizes", "Opt-In Prize");
  for (const prize of prizes.split(/[,\n]/)) {
    const theme = context.themes.get(prize.trim().toLowerCase());
    if (theme !== undefined) return { themeTitle: theme, message: null };
  }
  return { themeTitle: "", message: null };
}

function links(text: string): string[] {
  return text.split(/[\s,]+/).filter((link) => link !== "");
}

function isGitHostLink(link: string): boolean {
  try {
    return GIT_HOSTS.has(new URL(link).hostname.replace(/^www\./, ""));
  } catch {
    return false;
  }
}

/** The story's opening sentence, or its first 200 characters, without Markdown headings such as "## Inspiration". */
export function summaryFromStory(story: string): string {
  const text = story
    .split(/\r?\n/)
    .filter((line) => !/^\s*#/.test(line))
    .join(" ")
    .replace(/[*_`]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  const limit = SUBMISSION_LIMITS.summary;
  if (sentence.length <= limit) return sentence;
  const cut = sentence.slice(0, limit - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > limit / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:]+$/, "")}…`;
}

function readDevpostRow(table: Columns, cells: readonly string[], row: number, context: RowContext): RowReading {
  const messages: string[] = [];
  const title = table.cell(cells, "Project Title");
  const description = table.cell(cells, "About The Project");
  const tagline = table.cell(cells, "Tagline", "Elevator Pitch");

  const tried = links(table.cell(cells, "Try it out Links"));
  // Hackathons often add their own question for the code's address.
  const asked = table
    .matching(/\b(repo|repository|github|gitlab|source code)\b/)
    .flatMap((index) => links((cells[index] ?? "").trim()));
  const repositoryLink = [...tried, ...asked].find(isGitHostLink) ?? "";
  const repository = repositoryError(repositoryLink, context.allowHttp);
  if (repository.message !== null) messages.push(repository.message);
  const demoUrl = tried.find((link) => !isGitHostLink(link) && urlFieldError(link, "Demo") === null) ?? "";

  const videoUrl = table.cell(cells, "Video Demo Link");
  const videoProblem = urlFieldError(videoUrl, "Video");
  if (videoProblem !== null) messages.push(videoProblem);

  const theme = devpostTheme(table, cells, context);
  if (theme.message !== null) messages.push(theme.message);

  const emailColumns = [...table.matching(/^submitter email$/), ...table.matching(/^team member \d+ email$/)].map(
    (index) => (cells[index] ?? "").trim(),
  );
  const members = emailsIn(emailColumns);
  messages.push(...members.messages);

  const licence = licenceIn(table.cell(cells, "Licence", "License"));
  if (licence.message !== null) messages.push(licence.message);

  const entry: ImportedEntry = {
    row,
    teamName: normaliseTeamName(title),
    title,
    summary: tagline !== "" ? tagline : summaryFromStory(description),
    description,
    repositoryUrl: repository.url,
    demoUrl,
    videoUrl,
    technologies: parseTechnologies(table.cell(cells, "Built With")),
    themeTitle: theme.themeTitle,
    memberEmails: members.emails,
    licence: licence.licence,
  };
  return { entry, messages: [...lengthErrors(entry), ...messages] };
}

function readPlatformRow(table: Columns, cells: readonly string[], row: number, context: RowContext): RowReading {
  const messages: string[] = [];
  const teamName = normaliseTeamName(table.cell(cells, "Team"));

  const repository = repositoryError(table.cell(cells, "Repository"), context.allowHttp);
  if (repository.message !== null) messages.push(repository.message);
  const demoUrl = table.cell(cells, "Demo");
  const demoProblem = urlFieldError(demoUrl, "Demo");
  if (demoProblem !== null) messages.push(demoProblem);
  const videoUrl = table.cell(cells, "Video");
  const videoProblem = urlFieldError(videoUrl, "Video");
  if (videoProblem !== null) messages.push(videoProblem);

  const theme = themeNamed(table.cell(cells, "Theme"), context);
  if (theme.message !== null) messages.push(theme.message);
  const licence = licenceIn(table.cell(cells, "Licence", "License"));
  if (licence.message !== null) messages.push(licence.message);
  const members = emailsIn(table.cell(cells, "Member emails").split(/[;,\s]+/));
  messages.push(...members.messages);

  const entry: ImportedEntry = {
    row,
    teamName,
    title: table.cell(cells, "Title"),
    summary: table.cell(cells, "Summary"),
    description: table.cell(cells, "Description"),
    repositoryUrl: repository.url,
    demoUrl,
    videoUrl,
    // Semicolons too, as our other CSV files separate lists with them.
    technologies: parseTechnologies(table.cell(cells, "Technologies").replace(/;/g, ",")),
    themeTitle: theme.themeTitle,
    memberEmails: members.emails,
    licence: licence.licence,
  };
  const missingTeam = teamName === "" ? ["Enter a team name"] : [];
  return { entry, messages: [...missingTeam, ...lengthErrors(entry), ...messages] };
}
