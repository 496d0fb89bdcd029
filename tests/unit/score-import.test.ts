import { describe, expect, it } from "vitest";
import { readScoreImport, type ScoreImportContext } from "~/domain/score-import";

const context: ScoreImportContext = {
  judges: [
    { userId: "ada", email: "ada@leedsth.nhs.uk" },
    { userId: "bob", email: "bob@example.org" },
  ],
  entries: [
    { submissionId: "s1", title: "Breathe Easy", teamName: "Lung Crew" },
    { submissionId: "s2", title: "Ward Watch", teamName: "Night Shift" },
    { submissionId: "s3", title: "Same Name", teamName: "Twin A" },
    { submissionId: "s4", title: "Same Name", teamName: "Twin B" },
  ],
  criteria: [
    { key: "clinical-need", name: "Clinical need and impact", scaleMin: 1, scaleMax: 5 },
    { key: "presentation", name: "Presentation", scaleMin: 1, scaleMax: 5 },
  ],
  scorable: new Set(["ada:s1", "ada:s2", "bob:s1", "ada:s3", "ada:s4"]),
};

const HEADER = ["Judge email", "Entry", "Criterion", "Score"];

describe("reading paper score sheets", () => {
  it("gathers rows into one sheet per judge and entry, naming entries by title or team and criteria by name or key", () => {
    const result = readScoreImport(
      [
        HEADER,
        ["ADA@leedsth.nhs.uk", "Breathe Easy", "Clinical need and impact", "4"],
        ["ada@leedsth.nhs.uk", "lung crew", "presentation", "3"],
        ["", "", "", ""],
        ["bob@example.org", "Breathe Easy", "Presentation", "5"],
      ],
      context,
    );
    expect(result).toEqual({
      sheets: [
        {
          judgeUserId: "ada",
          submissionId: "s1",
          criterionScores: { "clinical-need": 4, presentation: 3 },
          rows: [2, 3],
        },
        { judgeUserId: "bob", submissionId: "s1", criterionScores: { presentation: 5 }, rows: [5] },
      ],
      errors: [],
    });
  });

  it("names every problem of every row", () => {
    const result = readScoreImport(
      [
        ["judge e-mail", "project", "criteria", "mark"],
        ["carol@example.org", "Breathe Easy", "Presentation", "4"],
        ["ada@leedsth.nhs.uk", "Nothing", "Flair", "9"],
        ["ada@leedsth.nhs.uk", "Breathe Easy", "Presentation", "6"],
        ["ada@leedsth.nhs.uk", "Same Name", "Presentation", "2"],
        ["bob@example.org", "Ward Watch", "Presentation", "2"],
        ["ada@leedsth.nhs.uk", "Ward Watch", "Presentation", "2"],
        ["ada@leedsth.nhs.uk", "Ward Watch", "Presentation", "3"],
        ["ada@leedsth.nhs.uk", "Ward Watch", "Clinical need and impact", "four"],
      ],
      context,
    );
    expect("errors" in result && result.errors).toEqual([
      { row: 2, messages: ["carol@example.org is not a judge at this event"] },
      {
        row: 3,
        messages: ["“Nothing” is not an entry in this round", "“Flair” is not a criterion of this round's rubric"],
      },
      { row: 4, messages: ["The score must be a whole number from 1 to 5"] },
      { row: 5, messages: ["“Same Name” names more than one entry. Use the entry's title"] },
      { row: 6, messages: ["bob@example.org is not assigned to “Ward Watch”, or has a conflict with it"] },
      { row: 8, messages: ["This judge's score for “Presentation” on this entry is already 2 on another row"] },
      { row: 9, messages: ["The score must be a whole number from 1 to 5"] },
    ]);
  });

  it("refuses a file without the columns, or without scores", () => {
    expect(readScoreImport([["Name", "Score"]], context)).toEqual({
      error:
        "The file's first row must name the columns Judge email, Entry, Criterion, Score. Missing: Judge email, Entry, Criterion",
    });
    expect(readScoreImport([HEADER, [",", "", "", ""].map(() => "")], context)).toEqual({
      error: "The file has no scores",
    });
  });
});
