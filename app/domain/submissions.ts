// A team's entry: what it must hold before it can be submitted, its screenshots, what changed
// between two saves, and until when the team may edit it.
import { licenceError } from "./licences";
import { normaliseRepositoryUrl } from "./repositories";
import { meetsMinimum } from "./teams";

export const SUBMISSION_LIMITS = {
  title: 120,
  summary: 200,
  description: 20000,
  url: 500,
  technologies: 20,
  technology: 40,
  contribution: 1000,
  screenshots: 5,
  screenshotBytes: 2 * 1024 * 1024,
  screenshotDescription: 250,
} as const;

/** Offered as the team types, and the spelling used when a team types one in another case. */
export const SUGGESTED_TECHNOLOGIES: readonly string[] = [
  "FHIR",
  "HL7 v2",
  "openEHR",
  "SNOMED CT",
  "dm+d",
  "ICD-10",
  "OPCS-4",
  "LOINC",
  "DICOM",
  "OMOP",
  "NHS Number",
  "NHS login",
  "NHS App",
  "NHS.UK frontend",
  "GP Connect",
  "Personal Demographics Service",
  "Electronic Prescription Service",
  "NHS Spine",
  "Open Data",
  "Synthea",
  "Python",
  "R",
  "TypeScript",
  "JavaScript",
  "React",
  "Node.js",
  "Java",
  "C#",
  "Kotlin",
  "Swift",
  "Flutter",
  "PostgreSQL",
  "Docker",
  "Machine learning",
  "Large language models",
];

const CANONICAL_TECHNOLOGY = new Map(SUGGESTED_TECHNOLOGIES.map((name) => [name.toLowerCase(), name]));

/** The technologies typed into one box, one a line or separated by commas, each once. */
export function parseTechnologies(input: string): string[] {
  const seen = new Set<string>();
  const technologies: string[] = [];
  for (const piece of input.split(/[,\r\n]+/)) {
    const typed = piece.trim().replace(/\s+/g, " ");
    if (typed === "") continue;
    const key = typed.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    technologies.push(CANONICAL_TECHNOLOGY.get(key) ?? typed);
  }
  return technologies;
}

/** Why this list of technologies is too long, or null when it fits. */
export function technologiesError(technologies: readonly string[]): string | null {
  if (technologies.length > SUBMISSION_LIMITS.technologies) {
    return `List at most ${SUBMISSION_LIMITS.technologies} technologies and standards`;
  }
  const long = technologies.find((technology) => technology.length > SUBMISSION_LIMITS.technology);
  if (long !== undefined) {
    return `Each technology must be ${SUBMISSION_LIMITS.technology} characters or fewer: “${long.slice(0, SUBMISSION_LIMITS.technology)}…” is too long`;
  }
  return null;
}

export type ImageType = "image/png" | "image/jpeg";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/**
 * What kind of image the bytes are, from their first bytes alone. The file's name and the type
 * the browser declares are the sender's word, and a screenshot is shown to judges and the public.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, JPEG_SIGNATURE)) return "image/jpeg";
  return null;
}

/** Why this file cannot be added as a screenshot to an entry that already has existingCount, or null. */
export function screenshotError(file: { size: number; bytes: Uint8Array }, existingCount: number): string | null {
  if (file.size === 0 || file.bytes.length === 0) return "Choose a screenshot";
  if (existingCount >= SUBMISSION_LIMITS.screenshots) {
    return `An entry can have at most ${SUBMISSION_LIMITS.screenshots} screenshots. Remove one before adding another`;
  }
  if (sniffImageType(file.bytes) === null) return "A screenshot must be a PNG or JPEG image";
  if (Math.max(file.size, file.bytes.length) > SUBMISSION_LIMITS.screenshotBytes) {
    return "A screenshot must be 2 MB or smaller";
  }
  return null;
}

export interface EntryFields {
  title: string;
  summary: string;
  description: string;
  themeId: string | null;
  repositoryUrl: string;
  demoUrl: string;
  videoUrl: string;
  licence: string;
  technologies: string[];
  /** What each member did, by user id. */
  contributions: Record<string, string>;
  dataAttestation: boolean;
}

export interface EntryRequirements {
  requiresOsiLicence: boolean;
  requiresDataAttestation: boolean;
  hasThemes: boolean;
  teamSize: number;
  teamSizeMin: number;
  /** Whether the last check of the repository found it public and answering. */
  repositoryReachable: boolean;
  screenshotCount: number;
}

export const ENTRY_FIELD_LABELS: Record<keyof EntryFields, string> = {
  title: "Title",
  summary: "Summary",
  description: "Description",
  themeId: "Theme",
  repositoryUrl: "Repository",
  demoUrl: "Demo",
  videoUrl: "Video",
  licence: "Licence",
  technologies: "Technologies and standards",
  contributions: "Who did what",
  dataAttestation: "No real patient data",
};

/** What stops a draft from being submitted, as field -> message, in the order of the form. Empty when complete. */
export function incompleteEntry(fields: EntryFields, requirements: EntryRequirements): Record<string, string> {
  const problems: Record<string, string> = {};
  if (fields.title.trim() === "") problems.title = "Enter a title";
  if (fields.summary.trim() === "") problems.summary = "Enter a one-line summary";
  if (fields.description.trim() === "") {
    problems.description = "Describe what you built and the clinical problem it addresses";
  }
  if (requirements.hasThemes && (fields.themeId === null || fields.themeId === "")) {
    problems.themeId = "Choose the theme your entry addresses";
  }
  if (fields.repositoryUrl.trim() === "") {
    problems.repositoryUrl = "Enter the address of your code repository";
  } else {
    // The address was checked strictly when saved (where the tests' local server may be allowed);
    // this only catches one that could never be fetched.
    const repository = normaliseRepositoryUrl(fields.repositoryUrl, { allowHttp: true });
    if (!repository.ok) problems.repositoryUrl = repository.message;
    else if (!requirements.repositoryReachable) {
      problems.repositoryUrl =
        "The repository must be public and reachable before you submit. Check the address and that the repository is public";
    }
  }
  if (fields.licence.trim() === "") {
    problems.licence = "Choose the licence your code is released under";
  } else {
    const licence = licenceError(fields.licence, { requireOsi: requirements.requiresOsiLicence });
    if (licence !== null) problems.licence = licence;
  }
  if (requirements.requiresDataAttestation && !fields.dataAttestation) {
    problems.dataAttestation = "Confirm that your entry uses no real patient data";
  }
  if (!meetsMinimum(requirements.teamSize, requirements.teamSizeMin)) {
    const members = requirements.teamSizeMin === 1 ? "member" : "members";
    problems.team = `Your team needs at least ${requirements.teamSizeMin} ${members} to submit. It has ${requirements.teamSize}`;
  }
  return problems;
}

/** Why an optional link (a demo, a video) will not do, or null when it will or is empty. */
export function urlFieldError(value: string, label: string): string | null {
  const text = value.trim();
  if (text === "") return null;
  if (text.length > SUBMISSION_LIMITS.url) return `${label} must be ${SUBMISSION_LIMITS.url} characters or fewer`;
  if (!/^https:\/\//i.test(text)) return `${label} must start with https://`;
  const incomplete = `${label} must be a full web address, such as https://example.org`;
  if (/\s/.test(text)) return incomplete;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return incomplete;
  }
  if (!parsed.hostname.includes(".")) return incomplete;
  if (parsed.username !== "" || parsed.password !== "") return `${label} must not contain a user name or password`;
  return null;
}

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** An entry with nothing filled in: what a team starts from. */
export function emptyEntry(): EntryFields {
  return { ...EMPTY_ENTRY, technologies: [], contributions: {} };
}

const EMPTY_ENTRY: EntryFields = {
  title: "",
  summary: "",
  description: "",
  themeId: null,
  repositoryUrl: "",
  demoUrl: "",
  videoUrl: "",
  licence: "",
  technologies: [],
  contributions: {},
  dataAttestation: false,
};

// Anyone no longer in the names map has left the team since they wrote their part.
const FORMER_MEMBER = "A former team member";

function lookUp(names: Record<string, string>, id: string): string | undefined {
  return Object.hasOwn(names, id) ? names[id] : undefined;
}

function displayValue(
  field: keyof EntryFields,
  entry: EntryFields,
  names: { themes: Record<string, string>; people: Record<string, string> },
): string {
  switch (field) {
    case "themeId":
      return entry.themeId === null || entry.themeId === ""
        ? ""
        : (lookUp(names.themes, entry.themeId) ?? entry.themeId);
    case "technologies":
      return entry.technologies.join(", ");
    case "contributions":
      return Object.entries(entry.contributions)
        .filter(([, text]) => text.trim() !== "")
        .map(([userId, text]) => ({ name: lookUp(names.people, userId) ?? FORMER_MEMBER, text: text.trim() }))
        .sort((a, b) => a.name.localeCompare(b.name, "en-GB") || a.text.localeCompare(b.text, "en-GB"))
        .map(({ name, text }) => `${name}: ${text}`)
        .join("\n");
    case "dataAttestation":
      return entry.dataAttestation ? "Yes" : "No";
    default:
      return entry[field];
  }
}

/**
 * What changed between two saves, for the version history: one entry per changed field, values as
 * display text. The first save (before is null) lists each field given a value.
 */
export function entryChanges(
  before: EntryFields | null,
  after: EntryFields,
  names: { themes: Record<string, string>; people: Record<string, string> },
): FieldChange[] {
  const previous = before ?? EMPTY_ENTRY;
  const changes: FieldChange[] = [];
  for (const field of Object.keys(ENTRY_FIELD_LABELS) as (keyof EntryFields)[]) {
    const was = displayValue(field, previous, names);
    const now = displayValue(field, after, names);
    if (was !== now) changes.push({ field, label: ENTRY_FIELD_LABELS[field], before: was, after: now });
  }
  return changes;
}

/**
 * The instant (exclusive) after which the team can no longer edit: the later of the event's cutoff
 * (deadline plus grace, from submissionCutoff in phases.ts) and the team's extension. Null when
 * the event has no deadline, which leaves editing open, as phases.ts treats a missing closing.
 */
export function teamCutoff(eventCutoff: Date | null, extensionUntil: Date | null): Date | null {
  if (eventCutoff === null) return null;
  if (extensionUntil === null || extensionUntil.getTime() <= eventCutoff.getTime()) return eventCutoff;
  return extensionUntil;
}

export const DEADLINE_PASSED = "The submission deadline has passed. Your entry can no longer be changed";
export const ENTRY_DISQUALIFIED = "This entry has been disqualified and can no longer be changed";
export const SUBMISSIONS_NOT_OPEN = "Submissions are not open yet";
export const NOT_TAKING_ENTRIES = "This event is not taking entries";

/**
 * Why the team may not change its entry now, or null when it may: the event is live, submissions
 * have opened, its cutoff (with any extension) has not come, and the entry is not disqualified.
 */
export function entryEditRefusal(args: {
  now: Date;
  submissionsOpenAt: Date | null;
  eventCutoff: Date | null;
  extensionUntil: Date | null;
  eventStatus: string;
  disqualified: boolean;
}): string | null {
  if (args.disqualified) return ENTRY_DISQUALIFIED;
  if (args.eventStatus !== "published") return NOT_TAKING_ENTRIES;
  if (args.submissionsOpenAt === null || args.now.getTime() < args.submissionsOpenAt.getTime()) {
    return SUBMISSIONS_NOT_OPEN;
  }
  const cutoff = teamCutoff(args.eventCutoff, args.extensionUntil);
  return cutoff === null || args.now.getTime() < cutoff.getTime() ? null : DEADLINE_PASSED;
}

/** Whether the team may change its entry now (see entryEditRefusal). */
export function canEditEntry(args: Parameters<typeof entryEditRefusal>[0]): boolean {
  return entryEditRefusal(args) === null;
}
