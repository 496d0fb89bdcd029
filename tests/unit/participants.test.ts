import { describe, expect, it } from "vitest";
import { PROFESSIONAL_ROLES, isClinical, parseSkills, roleLabel, teamMix } from "~/domain/participants";

describe("professional roles", () => {
  it("has the fixed list, clinical and technical roles grouped", () => {
    expect(PROFESSIONAL_ROLES).toHaveLength(12);
    expect(
      ["doctor", "nurse_or_midwife", "allied_health_professional", "pharmacist", "other_clinical"].every((role) =>
        isClinical(role as never),
      ),
    ).toBe(true);
    expect(isClinical("developer")).toBe(false);
    expect(roleLabel("nurse_or_midwife")).toBe("Nurse or midwife");
  });
});

describe("a team's mix", () => {
  it("marks teams without a clinician or without a developer", () => {
    expect(teamMix(["developer", "designer"])).toMatchObject({
      clinical: 0,
      technical: 2,
      lacksClinician: true,
      lacksDeveloper: false,
    });
    expect(teamMix(["nurse_or_midwife", "patient_or_carer"])).toMatchObject({
      clinical: 1,
      livedExperience: 1,
      lacksClinician: false,
      lacksDeveloper: true,
    });
    expect(teamMix(["doctor", "developer"])).toMatchObject({ lacksClinician: false, lacksDeveloper: false });
    expect(teamMix([])).toMatchObject({ lacksClinician: true, lacksDeveloper: true });
  });
});

describe("skills", () => {
  it("reads a comma-separated list, once each", () => {
    expect(parseSkills(" FHIR, python,  user   research,fhir,\nSNOMED CT ,")).toEqual([
      "FHIR",
      "python",
      "user research",
      "SNOMED CT",
    ]);
  });
});
