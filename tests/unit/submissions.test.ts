import { describe, expect, it } from "vitest";
import { parseCsv } from "~/domain/csv";
import { MAX_IMPORT_ROWS, readEntryImport, summaryFromStory, type ImportResult } from "~/domain/submission-import";
import {
  ENTRY_FIELD_LABELS,
  SUBMISSION_LIMITS,
  SUGGESTED_TECHNOLOGIES,
  canEditEntry,
  entryChanges,
  incompleteEntry,
  parseTechnologies,
  screenshotError,
  sniffImageType,
  teamCutoff,
  technologiesError,
  urlFieldError,
  type EntryFields,
  type EntryRequirements,
} from "~/domain/submissions";

const at = (iso: string) => new Date(iso);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);

describe("technologies", () => {
  it("splits on commas and lines, trims, and keeps each once whatever its case", () => {
    expect(parseTechnologies(" Python, fhir\nReact\r\n\n, python ,FHIR,  ")).toEqual(["Python", "FHIR", "React"]);
    expect(parseTechnologies("")).toEqual([]);
    expect(parseTechnologies(" , \n ")).toEqual([]);
  });

  it("spells a suggested technology the way the list does", () => {
    expect(parseTechnologies("fhir, snomed ct, SNOMED  CT, nhs login, DM+D, openehr, hl7 V2")).toEqual([
      "FHIR",
      "SNOMED CT",
      "NHS login",
      "dm+d",
      "openEHR",
      "HL7 v2",
    ]);
    expect(parseTechnologies("My own thing")).toEqual(["My own thing"]);
  });

  it("suggests the health standards teams use", () => {
    expect(SUGGESTED_TECHNOLOGIES).toEqual(
      expect.arrayContaining([
        "FHIR",
        "openEHR",
        "SNOMED CT",
        "NHS login",
        "dm+d",
        "HL7 v2",
        "DICOM",
        "ICD-10",
        "LOINC",
        "NHS Number",
        "GP Connect",
        "NHS App",
        "NHS.UK frontend",
        "OMOP",
        "Python",
        "TypeScript",
        "React",
      ]),
    );
    const keys = SUGGESTED_TECHNOLOGIES.map((name) => name.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    expect(SUGGESTED_TECHNOLOGIES.every((name) => name.length <= SUBMISSION_LIMITS.technology)).toBe(true);
  });

  it("limits how many and how long", () => {
    expect(technologiesError(Array.from({ length: 20 }, (_, i) => `t${i}`))).toBeNull();
    expect(technologiesError(Array.from({ length: 21 }, (_, i) => `t${i}`))).toBe(
      "List at most 20 technologies and standards",
    );
    expect(technologiesError(["x".repeat(41)])).toBe(
      `Each technology must be 40 characters or fewer: “${"x".repeat(40)}…” is too long`,
    );
  });
});

describe("screenshots", () => {
  it("knows PNG and JPEG by their first bytes alone", () => {
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(JPEG)).toBe("image/jpeg");
    expect(sniffImageType(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("<svg xmlns=...>"))).toBeNull();
    expect(sniffImageType(PNG.slice(0, 7))).toBeNull();
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it("says what is wrong with a file", () => {
    const file = (bytes: Uint8Array, size = bytes.length) => ({ bytes, size });
    expect(screenshotError(file(PNG), 0)).toBeNull();
    expect(screenshotError(file(JPEG), 4)).toBeNull();
    expect(screenshotError(file(new Uint8Array()), 0)).toBe("Choose a screenshot");
    expect(screenshotError(file(new TextEncoder().encode("<html>")), 0)).toBe(
      "A screenshot must be a PNG or JPEG image",
    );
    expect(screenshotError(file(PNG, 2 * 1024 * 1024), 0)).toBeNull();
    expect(screenshotError(file(PNG, 2 * 1024 * 1024 + 1), 0)).toBe("A screenshot must be 2 MB or smaller");
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(JPEG);
    expect(screenshotError({ bytes: big, size: 10 }, 0)).toBe("A screenshot must be 2 MB or smaller");
    expect(screenshotError(file(PNG), 5)).toBe(
      "An entry can have at most 5 screenshots. Remove one before adding another",
    );
  });
});

const complete: EntryFields = {
  title: "Sepsis Sentinel",
  summary: "Spots early signs of sepsis from ward observations",
  description: "We built a tool that reads NEWS2 scores...",
  themeId: "theme-1",
  repositoryUrl: "https://github.com/team/sepsis-sentinel",
  demoUrl: "",
  videoUrl: "",
  licence: "MIT",
  technologies: [],
  contributions: {},
  dataAttestation: true,
};

const requirements: EntryRequirements = {
  requiresOsiLicence: true,
  requiresDataAttestation: true,
  hasThemes: true,
  teamSize: 3,
  teamSizeMin: 2,
  repositoryReachable: true,
  screenshotCount: 0,
};

describe("incompleteEntry", () => {
  it("is empty for a complete entry, with the optional parts left out", () => {
    expect(incompleteEntry(complete, requirements)).toEqual({});
  });

  it("names every missing part in the order of the form", () => {
    const empty: EntryFields = {
      ...complete,
      title: " ",
      summary: "",
      description: "\n",
      themeId: null,
      repositoryUrl: "",
      licence: "",
      dataAttestation: false,
    };
    const problems = incompleteEntry(empty, { ...requirements, teamSize: 1, teamSizeMin: 2 });
    expect(Object.entries(problems)).toEqual([
      ["title", "Enter a title"],
      ["summary", "Enter a one-line summary"],
      ["description", "Describe what you built and the clinical problem it addresses"],
      ["themeId", "Choose the theme your entry addresses"],
      ["repositoryUrl", "Enter the address of your code repository"],
      ["licence", "Choose the licence your code is released under"],
      ["dataAttestation", "Confirm that your entry uses no real patient data"],
      ["team", "Your team needs at least 2 members to submit. It has 1"],
    ]);
  });

  it("asks for a theme and the attestation only when the event does", () => {
    const fields = { ...complete, themeId: null, dataAttestation: false };
    expect(incompleteEntry(fields, { ...requirements, hasThemes: false, requiresDataAttestation: false })).toEqual({});
    expect(incompleteEntry({ ...complete, themeId: "" }, requirements)).toEqual({
      themeId: "Choose the theme your entry addresses",
    });
  });

  it("needs the repository to be reachable", () => {
    expect(incompleteEntry(complete, { ...requirements, repositoryReachable: false })).toEqual({
      repositoryUrl:
        "The repository must be public and reachable before you submit. Check the address and that the repository is public",
    });
    expect(incompleteEntry({ ...complete, repositoryUrl: "https://github.com/team" }, requirements)).toEqual({
      repositoryUrl:
        "Enter the address of the repository, not of its owner: for example https://github.com/owner/project",
    });
    // The tests' own git server, allowed when the address was saved.
    expect(incompleteEntry({ ...complete, repositoryUrl: "http://127.0.0.1:4567/p.git" }, requirements)).toEqual({});
  });

  it("checks the licence against the event's rule", () => {
    expect(incompleteEntry({ ...complete, licence: "CC-BY-4.0" }, requirements)).toEqual({
      licence:
        "Creative Commons Attribution 4.0 International is not approved by the Open Source Initiative. This event needs an OSI-approved open-source licence, such as MIT or Apache-2.0",
    });
    expect(
      incompleteEntry({ ...complete, licence: "CC-BY-4.0" }, { ...requirements, requiresOsiLicence: false }),
    ).toEqual({});
    expect(incompleteEntry({ ...complete, licence: "Mine" }, { ...requirements, requiresOsiLicence: false })).toEqual({
      licence: "Choose a licence from the list (an SPDX identifier such as MIT or Apache-2.0)",
    });
  });

  it("counts the team against its minimum", () => {
    expect(incompleteEntry(complete, { ...requirements, teamSize: 2, teamSizeMin: 2 })).toEqual({});
    expect(incompleteEntry(complete, { ...requirements, teamSize: 0, teamSizeMin: 1 })).toEqual({
      team: "Your team needs at least 1 member to submit. It has 0",
    });
  });
});

describe("urlFieldError", () => {
  it("accepts nothing or an https address", () => {
    expect(urlFieldError("", "Demo")).toBeNull();
    expect(urlFieldError("  ", "Demo")).toBeNull();
    expect(urlFieldError("https://demo.example.org/app?x=1", "Demo")).toBeNull();
    expect(urlFieldError("https://youtu.be/abc", "Video")).toBeNull();
  });

  it("says what is wrong", () => {
    expect(urlFieldError("http://demo.example.org", "Demo")).toBe("Demo must start with https://");
    expect(urlFieldError("demo.example.org", "Demo")).toBe("Demo must start with https://");
    expect(urlFieldError("javascript:alert(1)", "Video")).toBe("Video must start with https://");
    expect(urlFieldError("https://", "Video")).toBe("Video must be a full web address, such as https://example.org");
    expect(urlFieldError("https://localhost/x", "Video")).toBe(
      "Video must be a full web address, such as https://example.org",
    );
    expect(urlFieldError("https://exa mple.org", "Video")).toBe(
      "Video must be a full web address, such as https://example.org",
    );
    expect(urlFieldError("https://me:pw@example.org", "Demo")).toBe("Demo must not contain a user name or password");
    expect(urlFieldError(`https://example.org/${"a".repeat(480)}`, "Demo")).toBeNull();
    expect(urlFieldError(`https://example.org/${"a".repeat(481)}`, "Demo")).toBe(
      "Demo must be 500 characters or fewer",
    );
  });
});

describe("entryChanges", () => {
  const names = {
    themes: { "theme-1": "Sepsis", "theme-2": "Frailty" },
    people: { u1: "Amara Okafor", u2: "Ben Hughes" },
  };

  it("labels every field", () => {
    expect(Object.values(ENTRY_FIELD_LABELS)).toEqual([
      "Title",
      "Summary",
      "Description",
      "Theme",
      "Repository",
      "Demo",
      "Video",
      "Licence",
      "Technologies and standards",
      "Who did what",
      "No real patient data",
    ]);
  });

  it("lists nothing when nothing changed", () => {
    expect(entryChanges(complete, { ...complete, technologies: [] }, names)).toEqual([]);
  });

  it("lists each changed field as display text", () => {
    const before: EntryFields = { ...complete, technologies: ["FHIR"], contributions: { u1: "Clinical lead" } };
    const after: EntryFields = {
      ...before,
      title: "Sepsis Sentinel 2",
      themeId: "theme-2",
      technologies: ["FHIR", "Python"],
      contributions: { u2: "Back end", u1: "Clinical lead", u3: "Design" },
      dataAttestation: false,
    };
    expect(entryChanges(before, after, names)).toEqual([
      { field: "title", label: "Title", before: "Sepsis Sentinel", after: "Sepsis Sentinel 2" },
      { field: "themeId", label: "Theme", before: "Sepsis", after: "Frailty" },
      { field: "technologies", label: "Technologies and standards", before: "FHIR", after: "FHIR, Python" },
      {
        field: "contributions",
        label: "Who did what",
        before: "Amara Okafor: Clinical lead",
        after: "A former team member: Design\nAmara Okafor: Clinical lead\nBen Hughes: Back end",
      },
      { field: "dataAttestation", label: "No real patient data", before: "Yes", after: "No" },
    ]);
  });

  it("ignores the order contributions were saved in and blank ones", () => {
    const before = { ...complete, contributions: { u1: "Lead", u2: "Code" } };
    const after = { ...complete, contributions: { u2: "Code ", u1: "Lead", u3: "  " } };
    expect(entryChanges(before, after, names)).toEqual([]);
  });

  it("lists the fields given on the first save", () => {
    expect(entryChanges(null, { ...complete, dataAttestation: false, themeId: "gone" }, names)).toEqual([
      { field: "title", label: "Title", before: "", after: "Sepsis Sentinel" },
      { field: "summary", label: "Summary", before: "", after: complete.summary },
      { field: "description", label: "Description", before: "", after: complete.description },
      { field: "themeId", label: "Theme", before: "", after: "gone" },
      { field: "repositoryUrl", label: "Repository", before: "", after: complete.repositoryUrl },
      { field: "licence", label: "Licence", before: "", after: "MIT" },
    ]);
  });

  it("shows a theme taken away as empty", () => {
    expect(entryChanges(complete, { ...complete, themeId: null }, names)).toEqual([
      { field: "themeId", label: "Theme", before: "Sepsis", after: "" },
    ]);
  });
});

describe("until when a team can edit", () => {
  const opens = at("2026-03-14T09:00:00Z");
  const cutoff = at("2026-03-15T14:15:00Z");
  const base = {
    submissionsOpenAt: opens,
    eventCutoff: cutoff,
    extensionUntil: null,
    eventStatus: "published",
    disqualified: false,
  };

  it("takes the later of the event's cutoff and the team's extension", () => {
    expect(teamCutoff(cutoff, null)).toEqual(cutoff);
    expect(teamCutoff(cutoff, at("2026-03-15T15:00:00Z"))).toEqual(at("2026-03-15T15:00:00Z"));
    expect(teamCutoff(cutoff, at("2026-03-15T13:00:00Z"))).toEqual(cutoff);
    expect(teamCutoff(null, at("2026-03-15T15:00:00Z"))).toBeNull();
    expect(teamCutoff(null, null)).toBeNull();
  });

  it("accepts a second before the cutoff and refuses at it and after", () => {
    expect(canEditEntry({ ...base, now: at("2026-03-15T14:14:59Z") })).toBe(true);
    expect(canEditEntry({ ...base, now: at("2026-03-15T14:15:00Z") })).toBe(false);
    expect(canEditEntry({ ...base, now: at("2026-03-15T14:15:01Z") })).toBe(false);
  });

  it("opens when submissions open, not before", () => {
    expect(canEditEntry({ ...base, now: at("2026-03-14T08:59:59Z") })).toBe(false);
    expect(canEditEntry({ ...base, now: at("2026-03-14T09:00:00Z") })).toBe(true);
    expect(canEditEntry({ ...base, submissionsOpenAt: null, now: at("2026-03-14T10:00:00Z") })).toBe(false);
  });

  it("moves the boundary to the end of the team's extension", () => {
    const extended = { ...base, extensionUntil: at("2026-03-15T16:00:00Z") };
    expect(canEditEntry({ ...extended, now: at("2026-03-15T14:15:00Z") })).toBe(true);
    expect(canEditEntry({ ...extended, now: at("2026-03-15T15:59:59Z") })).toBe(true);
    expect(canEditEntry({ ...extended, now: at("2026-03-15T16:00:00Z") })).toBe(false);
    expect(canEditEntry({ ...extended, now: at("2026-03-15T16:00:01Z") })).toBe(false);
  });

  it("leaves editing open when the event has no deadline yet", () => {
    expect(canEditEntry({ ...base, eventCutoff: null, now: at("2030-01-01T00:00:00Z") })).toBe(true);
  });

  it("refuses a disqualified team and an event that is not live", () => {
    const now = at("2026-03-15T10:00:00Z");
    expect(canEditEntry({ ...base, now })).toBe(true);
    expect(canEditEntry({ ...base, now, disqualified: true })).toBe(false);
    for (const eventStatus of ["draft", "cancelled", "archived"]) {
      expect(canEditEntry({ ...base, now, eventStatus })).toBe(false);
    }
  });
});

describe("summaryFromStory", () => {
  it("takes the first sentence, without Markdown headings", () => {
    expect(summaryFromStory("## Inspiration\nNurses spend **hours** on handover. We fixed that.")).toBe(
      "Nurses spend hours on handover.",
    );
    expect(summaryFromStory("No full stop here")).toBe("No full stop here");
    expect(summaryFromStory("")).toBe("");
  });

  it("cuts a long opening at a word, within 200 characters", () => {
    const long = `${"word ".repeat(60)}end.`;
    const summary = summaryFromStory(long);
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary.endsWith("word…")).toBe(true);
  });
});

// A Devpost "projects" export, as its organiser dashboard writes it: one row per project, the
// opt-in prizes in one cell, custom questions among the columns, and team members in threes.
const DEVPOST_HEADER = [
  "Project Title",
  "Submission Url",
  "Project Status",
  "Judging Status",
  "Highest Step Completed",
  "Project Created At",
  "About The Project",
  '"Try it out" Links',
  "Video Demo Link",
  "Opt-In Prizes",
  "Built With",
  "Notes",
  "Team Colleges/Universities",
  "Additional Team Member Count",
  "Submitter First Name",
  "Submitter Last Name",
  "Submitter Email",
  "Team Member 1 First Name",
  "Team Member 1 Last Name",
  "Team Member 1 Email",
  "Team Member 2 First Name",
  "Team Member 2 Last Name",
  "Team Member 2 Email",
];

function devpostRow(values: Partial<Record<string, string>>): string[] {
  return DEVPOST_HEADER.map((column) => values[column] ?? "");
}

const options = {
  themeTitles: ["Sepsis", "Frailty in the community"],
  existingTeamNames: ["The Early Birds"],
};

function imported(rows: string[][], extra: Partial<typeof options & { allowHttp: boolean }> = {}): ImportResult {
  const result = readEntryImport(rows, { ...options, ...extra });
  if ("error" in result) throw new Error(result.error);
  return result;
}

describe("readEntryImport from Devpost", () => {
  const sentinel = devpostRow({
    "Project Title": "Sepsis Sentinel",
    "Submission Url": "https://nhs-hack-day.devpost.com/submissions/1-sepsis-sentinel",
    "Project Status": "Submitted (Gallery/Visible)",
    "About The Project":
      "## Inspiration\nSepsis kills. We built an early warning tool.\n\n## What it does\nIt reads NEWS2.",
    '"Try it out" Links':
      "https://sentinel.example.org, https://github.com/sentinel/app/tree/main http://insecure.example.org",
    "Video Demo Link": "https://www.youtube.com/watch?v=abc",
    "Opt-In Prizes": "Best use of FHIR, sepsis",
    "Built With": "python, fhir, react",
    "Submitter First Name": "Amara",
    "Submitter Last Name": "Okafor",
    "Submitter Email": "Amara@Example.nhs.uk",
    "Team Member 1 First Name": "Ben",
    "Team Member 1 Email": "ben@example.org",
    "Team Member 2 Email": "amara@example.nhs.uk",
  });

  it("recognises the export by its columns and reads a project", () => {
    const result = imported([DEVPOST_HEADER, sentinel]);
    expect(result).toEqual({
      format: "devpost",
      errors: [],
      entries: [
        {
          row: 2,
          teamName: "Sepsis Sentinel",
          title: "Sepsis Sentinel",
          summary: "Sepsis kills.",
          description:
            "## Inspiration\nSepsis kills. We built an early warning tool.\n\n## What it does\nIt reads NEWS2.",
          repositoryUrl: "https://github.com/sentinel/app",
          demoUrl: "https://sentinel.example.org",
          videoUrl: "https://www.youtube.com/watch?v=abc",
          technologies: ["Python", "FHIR", "React"],
          themeTitle: "Sepsis",
          memberEmails: ["amara@example.nhs.uk", "ben@example.org"],
          licence: "",
        },
      ],
    });
  });

  it("reads the export through the CSV reader, header quotes and all", () => {
    const text =
      '\uFEFFProject Title,Submission Url,About The Project,"""Try it out"" Links",Video Demo Link,Built With,Submitter Email\r\n' +
      'Frail Finder,https://x.devpost.com/submissions/2,"Finds frailty, early. Really.",https://gitlab.com/ff/app.git,,"Python, R",cara@example.org\r\n';
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows[0]?.[3]).toBe('"Try it out" Links');
    const result = imported(parsed.rows);
    expect(result.format).toBe("devpost");
    expect(result.entries[0]).toMatchObject({
      title: "Frail Finder",
      summary: "Finds frailty, early.",
      repositoryUrl: "https://gitlab.com/ff/app",
      demoUrl: "",
      technologies: ["Python", "R"],
      memberEmails: ["cara@example.org"],
    });
  });

  it("matches column names in any case and ignores columns it does not know", () => {
    const header = ["PROJECT TITLE", "submission url", "try it out links", "Favourite biscuit", "tagline"];
    const result = imported([
      header,
      ["Ward Watch", "https://x/3", "https://ww.example.org", "Hobnob", "Ward rounds, faster"],
    ]);
    expect(result.entries[0]).toMatchObject({
      title: "Ward Watch",
      summary: "Ward rounds, faster",
      demoUrl: "https://ww.example.org",
      repositoryUrl: "",
    });
  });

  it("finds the repository in a question the organisers added", () => {
    const header = [...DEVPOST_HEADER, "Link to your GitHub repository"];
    const row = [
      ...devpostRow({ "Project Title": "Ward Watch", '"Try it out" Links': "https://ww.example.org" }),
      "https://github.com/ww/app",
    ];
    expect(imported([header, row]).entries[0]?.repositoryUrl).toBe("https://github.com/ww/app");
  });

  it("takes a theme from a prize only when one matches, without complaint when none does", () => {
    const row = devpostRow({ "Project Title": "No Theme", "Opt-In Prizes": "Best use of FHIR" });
    expect(imported([DEVPOST_HEADER, row])).toMatchObject({ errors: [], entries: [{ themeTitle: "" }] });
    const themed = devpostRow({ "Project Title": "Themed", "Opt-In Prizes": "FRAILTY IN THE COMMUNITY" });
    expect(imported([DEVPOST_HEADER, themed]).entries[0]?.themeTitle).toBe("Frailty in the community");
  });

  it("refuses a Theme question's answer that is not a theme", () => {
    const header = [...DEVPOST_HEADER, "Theme"];
    const row = [...devpostRow({ "Project Title": "Odd" }), "Dentistry"];
    expect(imported([header, row]).errors).toEqual([
      { row: 2, messages: ["Theme “Dentistry” is not one of this event's themes"] },
    ]);
  });

  it("reads one project repeated on a row per prize once", () => {
    const header = ["Opt-In Prize", ...DEVPOST_HEADER.filter((column) => column !== "Opt-In Prizes")];
    const row = (prize: string) => {
      const values = devpostRow({
        "Project Title": "Sepsis Sentinel",
        "Submission Url": "https://x.devpost.com/submissions/1",
      });
      return [prize, ...values.filter((_, index) => DEVPOST_HEADER[index] !== "Opt-In Prizes")];
    };
    const result = imported([header, row("Best use of FHIR"), row("Sepsis")]);
    expect(result.errors).toEqual([]);
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]?.themeTitle).toBe("Sepsis");
  });

  it("lists every problem on a row against its spreadsheet row", () => {
    const rows = [
      DEVPOST_HEADER,
      sentinel,
      devpostRow({}).map(() => ""), // a blank row still counts towards the numbering
      devpostRow({
        "Project Title": "Broken",
        '"Try it out" Links': "https://github.com/only-owner",
        "Video Demo Link": "http://video.example.org",
        "Submitter Email": "not-an-email",
      }),
      devpostRow({ "About The Project": "No title here." }),
      devpostRow({ "Project Title": "sepsis  sentinel" }),
      devpostRow({ "Project Title": "the early birds" }),
    ];
    const result = imported(rows);
    expect(result.entries.map((entry) => entry.row)).toEqual([2]);
    expect(result.errors).toEqual([
      {
        row: 4,
        messages: [
          "Repository: Enter the address of the repository, not of its owner: for example https://github.com/owner/project",
          "Video must start with https://",
          "“not-an-email” is not a valid email address",
        ],
      },
      { row: 5, messages: ["Enter a title"] },
      {
        row: 6,
        messages: ["The team name “sepsis sentinel” is also used on row 2. Each team can have one entry"],
      },
      {
        row: 7,
        messages: ["A team called “the early birds” already exists at this event. Choose a different team name"],
      },
    ]);
  });
});

describe("readEntryImport from our own columns", () => {
  const header = [
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
  ];

  it("reads each column", () => {
    const result = imported([
      header,
      [
        " The  Night Owls ",
        "Handover Helper",
        "Safer handovers",
        "Long text",
        "sepsis",
        "https://www.github.com/owls/handover.git",
        "https://demo.example.org",
        "https://vimeo.com/1",
        "apache-2.0",
        "FHIR; snomed ct, Python",
        "a@example.org; B@example.org,c@example.org  a@example.org",
      ],
    ]);
    expect(result).toEqual({
      format: "platform",
      errors: [],
      entries: [
        {
          row: 2,
          teamName: "The Night Owls",
          title: "Handover Helper",
          summary: "Safer handovers",
          description: "Long text",
          repositoryUrl: "https://github.com/owls/handover",
          demoUrl: "https://demo.example.org",
          videoUrl: "https://vimeo.com/1",
          technologies: ["FHIR", "SNOMED CT", "Python"],
          themeTitle: "Sepsis",
          memberEmails: ["a@example.org", "b@example.org", "c@example.org"],
          licence: "Apache-2.0",
        },
      ],
    });
  });

  it("needs only Team and Title, in any order", () => {
    const result = imported([
      ["title", "TEAM"],
      ["Just a title", "Team A"],
    ]);
    expect(result.entries[0]).toMatchObject({
      teamName: "Team A",
      title: "Just a title",
      repositoryUrl: "",
      licence: "",
    });
  });

  it("says what is wrong with each row", () => {
    const row = (values: Partial<Record<(typeof header)[number], string>>) =>
      header.map((column) => values[column] ?? "");
    const result = imported([
      header,
      row({ Title: "No team" }),
      row({ Team: "No title" }),
      row({
        Team: "Bad links",
        Title: "T",
        Repository: "http://github.com/a/b",
        Demo: "http://demo.example.org",
        Video: "ftp://v",
      }),
      row({ Team: "Bad theme", Title: "T", Theme: "Dentistry", Licence: "Proprietary", "Member emails": "x@" }),
      row({ Team: "bad LINKS", Title: "T" }),
      row({ Team: "Long", Title: "T".repeat(121), Summary: "S".repeat(201) }),
    ]);
    expect(result.entries).toEqual([]);
    expect(result.errors).toEqual([
      { row: 2, messages: ["Enter a team name"] },
      { row: 3, messages: ["Enter a title"] },
      {
        row: 4,
        messages: [
          "Repository: The repository's address must start with https://",
          "Demo must start with https://",
          "Video must start with https://",
        ],
      },
      {
        row: 5,
        messages: [
          "Theme “Dentistry” is not one of this event's themes",
          "Licence: Choose a licence from the list (an SPDX identifier such as MIT or Apache-2.0)",
          "“x@” is not a valid email address",
        ],
      },
      { row: 6, messages: ["The team name “bad LINKS” is also used on row 4. Each team can have one entry"] },
      {
        row: 7,
        messages: ["The title must be 120 characters or fewer", "The summary must be 200 characters or fewer"],
      },
    ]);
  });

  it("allows the tests' local git server only when asked to", () => {
    const rows = [
      ["Team", "Title", "Repository"],
      ["A", "T", "http://127.0.0.1:4567/p.git"],
    ];
    expect(imported(rows, { allowHttp: true }).entries[0]?.repositoryUrl).toBe("http://127.0.0.1:4567/p.git");
    expect(imported(rows).errors).toHaveLength(1);
  });
});

describe("readEntryImport refusing a file", () => {
  it("refuses a file whose first row is not a header it knows", () => {
    expect(
      readEntryImport(
        [
          ["Name", "Email"],
          ["A", "a@example.org"],
        ],
        options,
      ),
    ).toEqual({
      error:
        "The file's first row must name the columns. We recognise a Devpost project export or these columns: Team, Title, Summary, Description, Theme, Repository, Demo, Video, Licence, Technologies, Member emails",
    });
  });

  it("refuses a file with no entries", () => {
    expect(readEntryImport([], options)).toEqual({ error: "The file has no entries" });
    expect(readEntryImport([["Team", "Title"]], options)).toEqual({ error: "The file has no entries" });
    expect(
      readEntryImport(
        [
          ["Team", "Title"],
          ["", " "],
        ],
        options,
      ),
    ).toEqual({ error: "The file has no entries" });
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} entries`, () => {
    const body = (count: number) => Array.from({ length: count }, (_, i) => [`Team ${i}`, `Title ${i}`]);
    expect(imported([["Team", "Title"], ...body(500)]).entries).toHaveLength(500);
    expect(readEntryImport([["Team", "Title"], ...body(501)], options)).toEqual({
      error: "The file has 501 entries. Import at most 500 at a time by splitting it into smaller files",
    });
  });
});
