// Team rules: when teams may change, who may join which team, how big a team may be, and what the
// board of teams and people looking for a team shows for a filter.
import { teamMix, type ProfessionalRoleValue } from "./participants";
import { submissionCutoff, type EventStatus, type Timeline } from "./phases";

export const TEAM_NAME_MAX = 80;
export const PITCH_MAX = 1000;
export const REQUEST_MESSAGE_MAX = 500;
export const SKILL_FILTER_MAX = 40;

export const TEAMS_LOCKED = "Teams are locked: the submission deadline has passed";
export const TEAM_FULL = "This team is full";
export const INVITE_LINK_WRONG = "This invite link has been renewed or is wrong. Ask the captain for the new link";
export const TEAM_NAME_TAKEN = "Another team at this event has that name. Choose a different team name";

/** Teams lock when submissions close (the deadline plus its grace), so every entry's team is final. */
export function teamsLocked(timeline: Timeline, now: Date): boolean {
  const cutoff = submissionCutoff(timeline);
  return cutoff !== null && now.getTime() >= cutoff.getTime();
}

/** Why nobody can create, join, leave or change a team at this event now; null while they can. */
export function teamChangesRefusal(status: EventStatus, timeline: Timeline, now: Date): string | null {
  switch (status) {
    case "draft":
      return "Teams open when the event is published";
    case "cancelled":
      return "This event has been cancelled, so teams cannot change";
    case "archived":
      return "This event has been archived, so teams cannot change";
    case "published":
      return teamsLocked(timeline, now) ? TEAMS_LOCKED : null;
  }
}

export function isFull(size: number, max: number): boolean {
  return size >= max;
}

/** Whether a team is big enough to submit; checked at submission, never while people gather. */
export function meetsMinimum(size: number, min: number): boolean {
  return size >= min;
}

/** Who a message is about: the person acting ("you") or the person acted on ("they"). */
export type Who = "you" | "they";

export interface Membership {
  /** registrations.status is 'registered': waiting-list and withdrawn entrants are not in teams. */
  registered: boolean;
  /** The team the person is in at this event, if any. */
  currentTeamId: string | null;
}

export function alreadyInATeam(who: Who): string {
  return who === "you"
    ? "You are already in a team at this event. Leave it before you join or create another"
    : "They are already in a team at this event";
}

/** Why this person cannot create a team, or null when they can. */
export function createRefusal(membership: Membership): string | null {
  if (!membership.registered) return "Register for this event before you create a team";
  return membership.currentTeamId === null ? null : alreadyInATeam("you");
}

/** Why this person cannot join this team of `size` members, or null when they can. */
export function joinRefusal(
  membership: Membership,
  team: { id: string; size: number; max: number },
  who: Who,
): string | null {
  if (!membership.registered) {
    return who === "you"
      ? "Register for this event before you join a team"
      : "They are not registered for this event, so they cannot be in a team";
  }
  if (membership.currentTeamId === team.id) {
    return who === "you" ? "You are already in this team" : "They are already in this team";
  }
  if (membership.currentTeamId !== null) return alreadyInATeam(who);
  return isFull(team.size, team.max) ? TEAM_FULL : null;
}

/** "Team  Alpha " and "Team Alpha" are one name: the database compares names ignoring case only. */
export function normaliseTeamName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

/** The tags a team card shows for what its mix lacks. */
export function mixTags(roles: readonly ProfessionalRoleValue[]): string[] {
  const mix = teamMix(roles);
  const tags: string[] = [];
  if (mix.lacksClinician) tags.push("Needs a clinician");
  if (mix.lacksDeveloper) tags.push("Needs a developer");
  return tags;
}

/** "2 clinical, 1 technical": the groups present, in a fixed order. */
export function mixSummary(roles: readonly ProfessionalRoleValue[]): string {
  const mix = teamMix(roles);
  const parts = [
    [mix.clinical, "clinical"],
    [mix.technical, "technical"],
    [mix.livedExperience, "lived experience"],
    [mix.other, "other"],
  ] as const;
  return (
    parts
      .filter(([number]) => number > 0)
      .map(([number, group]) => `${number} ${group}`)
      .join(", ") || "No members"
  );
}

export interface BoardFilter {
  role: ProfessionalRoleValue | null;
  skill: string;
}

function includesIgnoringCase(text: string, wanted: string): boolean {
  return text.toLowerCase().includes(wanted.toLowerCase());
}

/** A skill filter matches part of any skill ignoring case, so "fhir" finds "FHIR R4"; blank matches all. */
export function skillMatches(skills: readonly string[], wanted: string): boolean {
  const trimmed = wanted.trim();
  return trimmed === "" || skills.some((skill) => includesIgnoringCase(skill, trimmed));
}

export function personMatches(
  person: { role: ProfessionalRoleValue; skills: readonly string[] },
  filter: BoardFilter,
): boolean {
  return (filter.role === null || person.role === filter.role) && skillMatches(person.skills, filter.skill);
}

/**
 * A team matches a role it wants, and a skill its members have or its pitch names: teams do not
 * list skills they want, and a pitch about FHIR is what someone filtering for FHIR is after.
 */
export function teamMatches(
  team: { rolesWanted: readonly ProfessionalRoleValue[]; memberSkills: readonly string[]; pitch: string },
  filter: BoardFilter,
): boolean {
  if (filter.role !== null && !team.rolesWanted.includes(filter.role)) return false;
  const skill = filter.skill.trim();
  return skill === "" || skillMatches(team.memberSkills, skill) || includesIgnoringCase(team.pitch, skill);
}

/** The organisers' search: part of the team's name or of a member's name, ignoring case. */
export function teamMatchesSearch(team: { name: string; memberNames: readonly string[] }, query: string): boolean {
  const trimmed = query.trim();
  if (trimmed === "") return true;
  return (
    includesIgnoringCase(team.name, trimmed) || team.memberNames.some((name) => includesIgnoringCase(name, trimmed))
  );
}
