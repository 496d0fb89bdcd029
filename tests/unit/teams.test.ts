import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLE_VALUES } from "~/domain/participants";
import type { Timeline } from "~/domain/phases";
import {
  TEAMS_LOCKED,
  TEAM_FULL,
  alreadyInATeam,
  createRefusal,
  isFull,
  joinRefusal,
  meetsMinimum,
  mixSummary,
  mixTags,
  normaliseTeamName,
  personMatches,
  skillMatches,
  teamChangesRefusal,
  teamMatches,
  teamMatchesSearch,
  teamsLocked,
} from "~/domain/teams";

const at = (iso: string) => new Date(iso);

const timeline: Timeline = {
  registrationOpensAt: at("2026-01-05T09:00:00Z"),
  registrationClosesAt: at("2026-02-27T17:00:00Z"),
  submissionsOpenAt: at("2026-03-14T09:00:00Z"),
  submissionDeadlineAt: at("2026-03-15T14:00:00Z"),
  gracePeriodMinutes: 15,
  judgingOpensAt: at("2026-03-15T14:30:00Z"),
  judgingClosesAt: at("2026-03-15T16:00:00Z"),
  resultsPublishedAt: at("2026-03-15T16:30:00Z"),
};

describe("when teams lock", () => {
  it("locks at the submission deadline plus its grace, not before", () => {
    expect(teamsLocked(timeline, at("2026-03-15T14:00:00Z"))).toBe(false);
    expect(teamsLocked(timeline, at("2026-03-15T14:14:59Z"))).toBe(false);
    expect(teamsLocked(timeline, at("2026-03-15T14:15:00Z"))).toBe(true);
    expect(teamsLocked({ ...timeline, gracePeriodMinutes: 0 }, at("2026-03-15T14:00:00Z"))).toBe(true);
  });

  it("never locks an event with no deadline yet", () => {
    expect(teamsLocked({ ...timeline, submissionDeadlineAt: null }, at("2099-01-01T00:00:00Z"))).toBe(false);
  });

  it("lets teams change only at a published event before the lock", () => {
    const before = at("2026-03-01T00:00:00Z");
    expect(teamChangesRefusal("published", timeline, before)).toBeNull();
    expect(teamChangesRefusal("published", timeline, at("2026-03-16T00:00:00Z"))).toBe(TEAMS_LOCKED);
    expect(teamChangesRefusal("draft", timeline, before)).toBe("Teams open when the event is published");
    expect(teamChangesRefusal("cancelled", timeline, before)).toMatch(/cancelled/);
    expect(teamChangesRefusal("archived", timeline, before)).toMatch(/archived/);
  });
});

describe("team size", () => {
  it("is full at the maximum and meets the minimum at or above it", () => {
    expect(isFull(5, 6)).toBe(false);
    expect(isFull(6, 6)).toBe(true);
    expect(meetsMinimum(1, 2)).toBe(false);
    expect(meetsMinimum(2, 2)).toBe(true);
    expect(meetsMinimum(6, 2)).toBe(true);
  });

  it("agrees with the join rule: a registered teamless person joins exactly when the team is not full", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }), (size, max) => {
        const refusal = joinRefusal({ registered: true, currentTeamId: null }, { id: "t", size, max }, "you");
        expect(refusal === TEAM_FULL).toBe(isFull(size, max));
        expect(refusal === null).toBe(size < max);
      }),
    );
  });
});

describe("who may join or create", () => {
  const team = { id: "team-a", size: 2, max: 6 };

  it("refuses people who are not registered, speaking to or about them", () => {
    expect(joinRefusal({ registered: false, currentTeamId: null }, team, "you")).toBe(
      "Register for this event before you join a team",
    );
    expect(joinRefusal({ registered: false, currentTeamId: null }, team, "they")).toMatch(/^They are not registered/);
    expect(createRefusal({ registered: false, currentTeamId: null })).toBe(
      "Register for this event before you create a team",
    );
  });

  it("keeps a person in one team per event", () => {
    expect(joinRefusal({ registered: true, currentTeamId: "team-a" }, team, "you")).toBe(
      "You are already in this team",
    );
    expect(joinRefusal({ registered: true, currentTeamId: "team-b" }, team, "you")).toBe(alreadyInATeam("you"));
    expect(joinRefusal({ registered: true, currentTeamId: "team-b" }, team, "they")).toBe(
      "They are already in a team at this event",
    );
    expect(createRefusal({ registered: true, currentTeamId: "team-b" })).toBe(alreadyInATeam("you"));
    expect(createRefusal({ registered: true, currentTeamId: null })).toBeNull();
  });

  it("refuses a full team, and names registration before fullness", () => {
    expect(joinRefusal({ registered: true, currentTeamId: null }, { ...team, size: 6 }, "they")).toBe(TEAM_FULL);
    expect(joinRefusal({ registered: false, currentTeamId: null }, { ...team, size: 6 }, "you")).toMatch(/^Register/);
  });
});

describe("team names", () => {
  it("trims and collapses spaces, keeping the case typed", () => {
    expect(normaliseTeamName("  Breathe   Easy \t")).toBe("Breathe Easy");
  });
});

describe("a team's mix on its card", () => {
  it("tags what the team lacks", () => {
    expect(mixTags(["developer", "designer"])).toEqual(["Needs a clinician"]);
    expect(mixTags(["nurse_or_midwife"])).toEqual(["Needs a developer"]);
    expect(mixTags(["doctor", "developer"])).toEqual([]);
    expect(mixTags([])).toEqual(["Needs a clinician", "Needs a developer"]);
  });

  it("sums the groups present", () => {
    expect(mixSummary(["doctor", "pharmacist", "developer", "patient_or_carer"])).toBe(
      "2 clinical, 1 technical, 1 lived experience",
    );
    expect(mixSummary(["student"])).toBe("1 other");
    expect(mixSummary([])).toBe("No members");
  });

  it("tags every role list consistently with its summary", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ROLE_VALUES), { maxLength: 8 }), (roles) => {
        const tags = mixTags(roles);
        expect(tags.includes("Needs a clinician")).toBe(!/\bclinical\b/.test(mixSummary(roles)));
        expect(tags.includes("Needs a developer")).toBe(!roles.includes("developer"));
      }),
    );
  });
});

describe("board filters", () => {
  const nurse = { role: "nurse_or_midwife" as const, skills: ["FHIR R4", "Service design"] };

  it("matches a skill by any part of it, ignoring case; a blank skill matches everyone", () => {
    expect(skillMatches(nurse.skills, "fhir")).toBe(true);
    expect(skillMatches(nurse.skills, "  DESIGN ")).toBe(true);
    expect(skillMatches(nurse.skills, "python")).toBe(false);
    expect(skillMatches([], "")).toBe(true);
  });

  it("filters people by role and skill together", () => {
    expect(personMatches(nurse, { role: null, skill: "" })).toBe(true);
    expect(personMatches(nurse, { role: "nurse_or_midwife", skill: "fhir" })).toBe(true);
    expect(personMatches(nurse, { role: "developer", skill: "fhir" })).toBe(false);
    expect(personMatches(nurse, { role: "nurse_or_midwife", skill: "python" })).toBe(false);
  });

  it("filters teams by the roles they want and by their members' skills or pitch", () => {
    const team = { rolesWanted: ["developer" as const], memberSkills: ["Python"], pitch: "A FHIR app for asthma" };
    expect(teamMatches(team, { role: "developer", skill: "" })).toBe(true);
    expect(teamMatches(team, { role: "doctor", skill: "" })).toBe(false);
    expect(teamMatches(team, { role: null, skill: "python" })).toBe(true);
    expect(teamMatches(team, { role: null, skill: "fhir" })).toBe(true);
    expect(teamMatches(team, { role: null, skill: "react" })).toBe(false);
  });

  it("searches organisers' teams by team or member name", () => {
    const team = { name: "Breathe Easy", memberNames: ["Amara Okafor", "Tom Hughes"] };
    expect(teamMatchesSearch(team, "")).toBe(true);
    expect(teamMatchesSearch(team, "breathe")).toBe(true);
    expect(teamMatchesSearch(team, "okafor")).toBe(true);
    expect(teamMatchesSearch(team, "Patel")).toBe(false);
  });
});
