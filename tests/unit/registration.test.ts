import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerField,
  csvField,
  eligibilityAnswers,
  eligibilityProblem,
  freePlaces,
  previousAnswers,
  registrationClosedMessage,
  registrationDecision,
  registrationSchema,
  registrationsCsv,
  searchQuery,
  statusLabel,
  waitingListOrder,
  waitingListPositions,
  waitlistTime,
  withdrawalRefusal,
  type RegistrationRow,
} from "~/domain/registration";

const QUESTIONS = ["I work for or with an NHS organisation", "I am 18 or over"];

const profile = {
  professionalRole: "nurse_or_midwife",
  organisation: "Leeds Teaching Hospitals NHS Trust",
  skills: "FHIR, python, fhir",
  bio: "Respiratory nurse",
  accessNeeds: "",
  lookingForTeam: "yes",
};

describe("eligibility", () => {
  it("lets in only a yes, and names the question otherwise", () => {
    expect(eligibilityProblem("I am 18 or over", "yes")).toBeNull();
    expect(eligibilityProblem("I am 18 or over", "no")).toBe(
      "You can only enter if you can answer yes to: I am 18 or over",
    );
    expect(eligibilityProblem("I am 18 or over", undefined)).toBe("Answer yes or no to: I am 18 or over");
    expect(eligibilityProblem("I am 18 or over", "maybe")).toBe("Answer yes or no to: I am 18 or over");
  });

  it("refuses the form when any answer is not yes, on that question's field", () => {
    const schema = registrationSchema(QUESTIONS);
    const refused = schema.safeParse({ ...profile, question1: "yes", question2: "no" });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["question2", "You can only enter if you can answer yes to: I am 18 or over"],
    ]);
    const accepted = schema.parse({ ...profile, question1: "yes", question2: "yes" });
    expect(accepted).toMatchObject({
      professionalRole: "nurse_or_midwife",
      skills: ["FHIR", "python"],
      showProfile: false,
      lookingForTeam: true,
    });
    expect(registrationSchema([]).safeParse(profile).success).toBe(true);
  });

  it("stores the questions with their answers, and offers them again only where the question is unchanged", () => {
    const stored = eligibilityAnswers(QUESTIONS);
    expect(stored).toEqual([
      { question: "I work for or with an NHS organisation", answer: "yes" },
      { question: "I am 18 or over", answer: "yes" },
    ]);
    expect(previousAnswers(["I am 18 or over", "I live in Yorkshire"], stored)).toEqual({ [answerField(0)]: "yes" });
    expect(previousAnswers(QUESTIONS, "not a list")).toEqual({});
  });
});

describe("the registration form", () => {
  const schema = registrationSchema([]);
  const messages = (input: Record<string, string>) => {
    const result = schema.safeParse(input);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("names the field in each message", () => {
    expect(messages({ ...profile, professionalRole: "wizard" })).toEqual({
      professionalRole: "Select your professional role",
    });
    expect(messages({ ...profile, bio: "x".repeat(601) })).toEqual({
      bio: "Short bio must be 600 characters or fewer",
    });
    expect(messages({ ...profile, skills: Array.from({ length: 21 }, (_, i) => `skill ${i}`).join(",") })).toEqual({
      skills: "Skills must be 20 or fewer",
    });
    expect(messages({ ...profile, skills: `FHIR, ${"a".repeat(41)}` }).skills).toMatch(
      /^Each skill must be 40 characters or fewer/,
    );
    expect(messages({ ...profile, organisation: "NHS\u0000" })).toEqual({
      organisation: "Organisation must not contain control characters",
    });
  });
});

describe("who may register or change a registration", () => {
  it("needs registration open for a new or renewed registration, and a live event to change one", () => {
    expect(registrationDecision("published", true, null)).toBe("register");
    expect(registrationDecision("published", true, "withdrawn")).toBe("register");
    expect(registrationDecision("published", false, null)).toBe("closed");
    expect(registrationDecision("published", false, "withdrawn")).toBe("closed");
    expect(registrationDecision("published", false, "registered")).toBe("update");
    expect(registrationDecision("published", true, "waitlisted")).toBe("update");
    expect(registrationDecision("cancelled", false, "registered")).toBe("closed");
  });

  it("lets people withdraw only what they hold, while the event runs", () => {
    expect(withdrawalRefusal("published", "registered")).toBeNull();
    expect(withdrawalRefusal("published", "waitlisted")).toBeNull();
    expect(withdrawalRefusal("published", "withdrawn")).toMatch(/not registered/);
    expect(withdrawalRefusal("published", null)).toMatch(/not registered/);
    expect(withdrawalRefusal("archived", "registered")).toMatch(/no longer running/);
  });

  it("says why registration is not open, with the time in the event's zone", () => {
    const event = {
      status: "published" as const,
      registrationOpensAt: new Date("2030-01-10T09:00:00Z"),
      registrationClosesAt: new Date("2030-06-01T16:00:00Z"),
      timeZone: "Europe/London",
    };
    expect(registrationClosedMessage(event, new Date("2030-01-01T00:00:00Z"))).toBe(
      "Registration has not opened yet. It opens on 10 January 2030 at 09:00 GMT",
    );
    expect(registrationClosedMessage(event, new Date("2030-06-02T00:00:00Z"))).toBe(
      "Registration closed on 1 June 2030 at 17:00 BST",
    );
    expect(registrationClosedMessage({ ...event, status: "cancelled" }, new Date())).toMatch(/cancelled/);
  });
});

describe("places and the waiting list", () => {
  it("counts free places, with no limit never full", () => {
    expect(freePlaces(3, 2)).toBe(1);
    expect(freePlaces(3, 3)).toBe(0);
    expect(freePlaces(3, 5)).toBe(0);
    expect(freePlaces(null, 10_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it("orders the list by when people joined, whatever order the rows come in", () => {
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 9, minute));
    const rows = [
      { id: "c", waitlistedAt: at(5) },
      { id: "a", waitlistedAt: at(1) },
      { id: "b", waitlistedAt: at(3) },
    ];
    expect(waitingListOrder(rows).map((row) => row.id)).toEqual(["a", "b", "c"]);
    expect(rows.map((row) => row.id)).toEqual(["c", "a", "b"]);
    expect(Object.fromEntries(waitingListPositions(rows))).toEqual({ a: 1, b: 2, c: 3 });
  });

  it("numbers any list 1..n in order of joining", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.uuid(), waitlistedAt: fc.date({ noInvalidDate: true }) }), {
          selector: (row) => row.id,
        }),
        (rows) => {
          const ordered = waitingListOrder(rows);
          const positions = waitingListPositions(rows);
          expect([...positions.values()].sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
          for (let i = 1; i < ordered.length; i++) {
            expect(ordered[i - 1]!.waitlistedAt.getTime()).toBeLessThanOrEqual(ordered[i]!.waitlistedAt.getTime());
          }
        },
      ),
    );
  });

  it("puts a newcomer after the last in line even when the clock has not moved on", () => {
    const last = new Date("2030-01-01T09:00:00.000Z");
    expect(waitlistTime(new Date("2030-01-01T09:00:05.000Z"), last)).toEqual(new Date("2030-01-01T09:00:05.000Z"));
    expect(waitlistTime(last, last)).toEqual(new Date("2030-01-01T09:00:00.001Z"));
    expect(waitlistTime(new Date("2030-01-01T08:59:00.000Z"), last)).toEqual(new Date("2030-01-01T09:00:00.001Z"));
    expect(waitlistTime(last, null)).toEqual(last);
  });

  it("labels statuses with the number in line", () => {
    expect(statusLabel("waitlisted", 4)).toBe("Waiting list, number 4");
    expect(statusLabel("registered", null)).toBe("Registered");
    expect(statusLabel("withdrawn", null)).toBe("Withdrawn");
  });
});

describe("CSV", () => {
  it("quotes fields with commas, quotes and line breaks", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("Leeds, Bradford")).toBe('"Leeds, Bradford"');
    expect(csvField('The "Nexus"')).toBe('"The ""Nexus"""');
    expect(csvField("line one\nline two")).toBe('"line one\nline two"');
    expect(csvField("line one\r\nline two")).toBe('"line one\r\nline two"');
    expect(csvField("")).toBe("");
  });

  it("stops a cell being run as a formula", () => {
    expect(csvField('=HYPERLINK("http://evil.example")')).toBe('"\'=HYPERLINK(""http://evil.example"")"');
    expect(csvField("+44 113 000 0000")).toBe("'+44 113 000 0000");
    expect(csvField("-1+1")).toBe("'-1+1");
    expect(csvField("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField("=1,2")).toBe('"\'=1,2"');
    expect(csvField("a=b")).toBe("a=b");
  });

  it("reads back as the values written, for any text", () => {
    // A minimal RFC 4180 reader for one field.
    const read = (field: string) => (field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const back = read(csvField(text));
        expect(/^[=+\-@\t\r]/.test(text) ? back === `'${text}` : back === text).toBe(true);
      }),
    );
  });

  const row: RegistrationRow = {
    name: "Siân Ó Briain-李",
    email: "sian@example.org",
    professionalRole: "allied_health_professional",
    organisation: "Leeds, Bradford & Airedale",
    skills: ["FHIR", "=cmd|' /C calc'!A0"],
    status: "waitlisted",
    position: 2,
    lookingForTeam: true,
    showProfile: false,
    accessNeeds: "Step-free access\nVegetarian",
    createdAt: new Date("2030-06-01T08:30:00Z"),
    checkedInAt: null,
  };

  it("writes a header and one line a person, with needs only when asked for", () => {
    const csv = registrationsCsv([row], { timeZone: "Europe/London", includeNeeds: false });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      "Name,Email,Professional role,Organisation,Skills,Status,Waiting list number,Looking for a team,Profile shown to participants,Registered at,Checked in at",
    );
    expect(lines[1]).toBe(
      "Siân Ó Briain-李,sian@example.org,Allied health professional,\"Leeds, Bradford & Airedale\",FHIR; =cmd|' /C calc'!A0,Waiting list,2,Yes,No,2030-06-01 09:30 BST,",
    );
    expect(csv).not.toContain("Step-free");

    const withNeeds = registrationsCsv([{ ...row, skills: ["=cmd|' /C calc'!A0"] }], {
      timeZone: "Europe/London",
      includeNeeds: true,
    });
    expect(withNeeds).toContain(",Access and dietary needs\r\n");
    expect(withNeeds).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(withNeeds).toContain('"Step-free access\nVegetarian"\r\n');
  });
});

describe("search from the address", () => {
  it("is never refused: trimmed, shortened, and without control characters", () => {
    expect(searchQuery.parse(undefined)).toBe("");
    expect(searchQuery.parse("  Priya ")).toBe("Priya");
    expect(searchQuery.parse("a\u0000b")).toBe("a b");
    expect(searchQuery.parse("x".repeat(500))).toHaveLength(100);
    expect(searchQuery.parse(42)).toBe("");
  });
});
