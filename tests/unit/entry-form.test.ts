import { describe, expect, it } from "vitest";
import { CONTRIBUTION_PREFIX, entryFormSchema } from "~/domain/entry-form";

const AMARA = "5b8f8a4e-8a53-4a35-9d3c-2f0b8f1c2a11";
const BEN = "0f6c3d3e-6f0a-4b7e-8c2b-7a9d5e4f3b22";

function read(input: Record<string, string>, requiresOsiLicence = true) {
  return entryFormSchema({ requiresOsiLicence, memberIds: [AMARA, BEN] }).safeParse({ intent: "save", ...input });
}

describe("the entry form", () => {
  it("accepts an empty draft", () => {
    const result = read({});
    expect(result.success).toBe(true);
    expect(result.data?.fields).toMatchObject({ title: "", themeId: null, technologies: [], contributions: {} });
  });

  it("reads technologies, the attestation and each member's part", () => {
    const result = read({
      technologies: "fhir, snomed ct\nReact, FHIR",
      dataAttestation: "yes",
      [`${CONTRIBUTION_PREFIX}${AMARA}`]: "  Clinical safety case  ",
      [`${CONTRIBUTION_PREFIX}${BEN}`]: "",
      [`${CONTRIBUTION_PREFIX}someone-else`]: "Not in the team",
      version: "3",
    });
    expect(result.data).toMatchObject({
      version: 3,
      fields: {
        technologies: ["FHIR", "SNOMED CT", "React"],
        dataAttestation: true,
        contributions: { [AMARA]: "Clinical safety case" },
      },
    });
  });

  it("names each badly formed field", () => {
    const result = read({
      demoUrl: "http://demo.example.org",
      themeId: "not-a-theme",
      licence: "CC-BY-4.0",
      title: "x".repeat(121),
    });
    const fields = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(fields.demoUrl).toBe("Demo must start with https://");
    expect(fields.themeId).toBe("Choose a theme from the list");
    expect(fields.licence).toMatch(/not approved by the Open Source Initiative/);
    expect(fields.title).toBe("Title must be 120 characters or fewer");
  });

  it("accepts a licence that is not OSI-approved when the event does not ask for one", () => {
    expect(read({ licence: "CC-BY-4.0" }, false).success).toBe(true);
  });
});
