// A judging panel at work, for the tests that race or interrupt score saves: a published hack day
// with an open shortlist on the NHS Hack Day rubric, entries, and judges each assigned their own
// run of entries (every person at a domain of their own, so no judge conflicts with any team).
import { getDb } from "~/db/client.server";
import { eventRoles, judgeAssignments, judges, roundEntries, type User } from "~/db/schema";
import { NHS_HACK_DAY_RUBRIC } from "~/domain/rubrics";
import { makeUser } from "./db";
import { entry, judgedRound, ownAddress, prizeEvent } from "./fixtures";

export const CRITERIA = NHS_HACK_DAY_RUBRIC.criteria;

export interface PanelJudge {
  user: User;
  /** The submissions assigned to this judge, in the order they go round them. */
  entries: string[];
}

/** Judge j is assigned entries j, j+1, ... (wrapping round), so entries are shared between judges. */
export async function judgingPanel(options: { judges: number; entries: number; entriesPerJudge: number }) {
  const { event, olu } = await prizeEvent({ slug: "panel-2030", theme: null });
  const round = await judgedRound(olu, event, [], { lock: false });
  const submissionIds: string[] = [];
  for (let index = 0; index < options.entries; index++) {
    const { submission } = await entry(event, `Entry ${index + 1}`, 1);
    submissionIds.push(submission.id);
  }
  await getDb()
    .insert(roundEntries)
    .values(submissionIds.map((submissionId) => ({ roundId: round.id, submissionId })));
  const panel: PanelJudge[] = [];
  for (let j = 0; j < options.judges; j++) {
    const user = await makeUser({ name: `Judge ${j + 1}`, email: ownAddress() });
    await getDb().insert(eventRoles).values({ eventId: event.id, userId: user.id, role: "judge" });
    await getDb().insert(judges).values({ eventId: event.id, userId: user.id });
    const assigned = Array.from(
      { length: options.entriesPerJudge },
      (_, n) => submissionIds[(j + n) % submissionIds.length]!,
    );
    await getDb()
      .insert(judgeAssignments)
      .values(assigned.map((submissionId) => ({ roundId: round.id, judgeUserId: user.id, submissionId })));
    panel.push({ user, entries: assigned });
  }
  return { event, round, organiser: olu, panel };
}

/** A complete sheet whose every criterion differs from the one before on each pass: every save changes it. */
export function sheetFor(pass: number): Record<string, number> {
  return Object.fromEntries(CRITERIA.map((criterion, index) => [criterion.key, ((pass + index) % 5) + 1]));
}
