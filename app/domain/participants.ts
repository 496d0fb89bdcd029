// Who takes part: the professional roles people register with, how roles group into clinical
// and technical, and a team's mix, so that teams lacking a clinician or a developer stand out.
export const PROFESSIONAL_ROLES = [
  { value: "doctor", label: "Doctor", group: "clinical" },
  { value: "nurse_or_midwife", label: "Nurse or midwife", group: "clinical" },
  { value: "allied_health_professional", label: "Allied health professional", group: "clinical" },
  { value: "pharmacist", label: "Pharmacist", group: "clinical" },
  { value: "other_clinical", label: "Other clinical role", group: "clinical" },
  { value: "developer", label: "Developer", group: "technical" },
  { value: "designer", label: "Designer", group: "technical" },
  { value: "data_analyst", label: "Data analyst", group: "technical" },
  { value: "product_or_project_manager", label: "Product or project manager", group: "technical" },
  { value: "patient_or_carer", label: "Patient or carer", group: "lived_experience" },
  { value: "student", label: "Student", group: "other" },
  { value: "other", label: "Other", group: "other" },
] as const;

export type ProfessionalRoleValue = (typeof PROFESSIONAL_ROLES)[number]["value"];
export type RoleGroup = (typeof PROFESSIONAL_ROLES)[number]["group"];

export const ROLE_VALUES = PROFESSIONAL_ROLES.map((role) => role.value) as [
  ProfessionalRoleValue,
  ...ProfessionalRoleValue[],
];

export function roleLabel(role: ProfessionalRoleValue): string {
  return PROFESSIONAL_ROLES.find((entry) => entry.value === role)?.label ?? "Other";
}

export function roleGroup(role: ProfessionalRoleValue): RoleGroup {
  return PROFESSIONAL_ROLES.find((entry) => entry.value === role)?.group ?? "other";
}

export function isClinical(role: ProfessionalRoleValue): boolean {
  return roleGroup(role) === "clinical";
}

export interface TeamMix {
  clinical: number;
  technical: number;
  livedExperience: number;
  other: number;
  /** No doctor, nurse, AHP, pharmacist or other clinician in the team. */
  lacksClinician: boolean;
  /** Nobody who writes the code. */
  lacksDeveloper: boolean;
}

export function teamMix(roles: readonly ProfessionalRoleValue[]): TeamMix {
  const count = (group: RoleGroup) => roles.filter((role) => roleGroup(role) === group).length;
  return {
    clinical: count("clinical"),
    technical: count("technical"),
    livedExperience: count("lived_experience"),
    other: count("other"),
    lacksClinician: count("clinical") === 0,
    lacksDeveloper: !roles.includes("developer"),
  };
}

/** Skills typed as "FHIR, Python, user research": trimmed and de-duplicated ignoring case. */
export function parseSkills(text: string): string[] {
  const seen = new Set<string>();
  const skills: string[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const skill = raw.trim().replace(/\s+/g, " ");
    if (skill === "" || seen.has(skill.toLowerCase())) continue;
    seen.add(skill.toLowerCase());
    skills.push(skill);
  }
  return skills;
}

export const MAX_SKILLS = 20;
export const MAX_SKILL_LENGTH = 40;
