// Follow-on support at model level: windows granted at the announcement, requests only inside
// them and only by winners, internal notes kept from teams, time adding up, reopening, reminders
// and the programme report.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox, prizeAwards, supportEntitlements } from "~/db/schema";
import {
  assignRequest,
  changeEntitlement,
  logSupportRequest,
  postMilestone,
  programmeReport,
  reopenRequest,
  requestForStaff,
  requestForTeam,
  sendOverdueDigests,
  sendWindowEndingReminders,
  staffEntry,
  supportQueue,
  teamMessage,
  teamSupport,
} from "~/models/support.server";
import { makeUser } from "./db";
import { announcedEvent, ok, ownAddress, refused } from "./fixtures";

const request = {
  title: "Help deploying to an NHS trust's Azure",
  category: "hosting_deployment" as const,
  description: "We need a **test environment**.",
  priority: "normal" as const,
  repositoryUrl: "https://github.com/nhs/app",
};

describe("follow-on support", () => {
  it("gives winners a 12-month window at the announcement and lets only them ask for help", async () => {
    const { event, winners, others } = await announcedEvent();
    const support = (await teamSupport(winners.members[1]!, event))!;
    expect(support.open).toBe(true);
    const months =
      (support.entitlement.endsAt.getUTCFullYear() - support.entitlement.startsAt.getUTCFullYear()) * 12 +
      support.entitlement.endsAt.getUTCMonth() -
      support.entitlement.startsAt.getUTCMonth();
    expect(months).toBe(12);
    expect(await teamSupport(others.members[0]!, event)).toBeNull();
    expect(refused(await logSupportRequest(others.members[0]!, event, request)).error).toMatch(/winning team/);
    const { requestId } = ok(await logSupportRequest(winners.members[1]!, event, request));
    const emails = await getDb()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.subject, `New support request from Breathe Easy: ${request.title}`));
    expect(emails).toHaveLength(1);
    expect((await teamSupport(winners.members[0]!, event))!.requests.map((row) => row.id)).toEqual([requestId]);
    // After the window: refused, history still there.
    const after = new Date(support.entitlement.endsAt.getTime() + 1000);
    expect(refused(await logSupportRequest(winners.members[0]!, event, request, after)).error).toMatch(/ended/);
    expect((await teamSupport(winners.members[0]!, event, after))!.open).toBe(false);
  });

  it("keeps internal notes and time from the team, emails replies, and adds up the time", async () => {
    const { event, winners, others, sam, olu } = await announcedEvent();
    const { requestId } = ok(await logSupportRequest(winners.members[0]!, event, request));
    const staffView = (await requestForStaff(sam, requestId))!;
    ok(await assignRequest(sam, requestId, sam.id, staffView.request.version));
    ok(
      await staffEntry(sam, requestId, {
        kind: "note",
        body: "Their trust uses Azure UK South.",
        minutesSpent: 20,
        version: staffView.request.version + 1,
      }),
    );
    ok(
      await staffEntry(sam, requestId, {
        kind: "reply",
        body: "We can set up a sandbox next week.",
        minutesSpent: 45,
        status: "waiting_on_team",
        version: staffView.request.version + 2,
      }),
    );
    const seen = (await requestForStaff(olu, requestId))!;
    expect(seen.totalMinutes).toBe(65);
    expect(seen.request.firstRespondedAt).not.toBeNull();
    expect(seen.request.status).toBe("waiting_on_team");
    const teamView = (await requestForTeam(winners.members[1]!, event, requestId))!;
    expect(teamView.messages.map((message) => message.kind)).toEqual(["reply"]);
    expect(JSON.stringify(teamView)).not.toContain("Azure UK South");
    expect(teamView.totalMinutes).toBe(0);
    expect(await requestForTeam(others.members[0]!, event, requestId)).toBeNull();
    const replies = await getDb()
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.subject, `Reply to your support request: ${request.title}`));
    expect(replies.map((email) => email.toAddress).sort()).toEqual(
      winners.members.map((member) => member.email).sort(),
    );

    // The team answers: back to the staff.
    ok(await teamMessage(winners.members[1]!, event, requestId, "Next week is perfect."));
    expect((await requestForStaff(sam, requestId))!.request.status).toBe("in_progress");

    // Resolved, then reopened by the team within 14 days, not after.
    const version = (await requestForStaff(sam, requestId))!.request.version;
    ok(
      await staffEntry(sam, requestId, {
        kind: "reply",
        body: "Sandbox is live.",
        minutesSpent: 30,
        status: "resolved",
        version,
      }),
    );
    const resolved = (await requestForStaff(sam, requestId))!.request;
    expect(resolved.resolvedAt).not.toBeNull();
    const late = new Date(resolved.resolvedAt!.getTime() + 15 * 86_400_000);
    expect(refused(await reopenRequest(winners.members[0]!, event, requestId, "Still broken", late)).error).toMatch(
      /14 days/,
    );
    ok(await reopenRequest(winners.members[0]!, event, requestId, "The sandbox will not start"));
    expect((await requestForStaff(sam, requestId))!.request.status).toBe("open");

    const { report, rows } = await programmeReport(event.communityId);
    expect(report.usedMinutes).toBe(95);
    expect(rows[0]!.minutes).toBe(95);
    expect(report.byCategory.hosting_deployment).toBe(1);
    expect(report.withinServiceLevel).toEqual({ onTime: 1, settled: 1 });
  });

  it("shows staff only the events they support, and a stranger nothing", async () => {
    const { event, winners, sam } = await announcedEvent();
    const { requestId } = ok(await logSupportRequest(winners.members[0]!, event, request));
    const stranger = await makeUser({ email: ownAddress() });
    expect(await supportQueue(stranger, {})).toEqual([]);
    expect(await requestForStaff(stranger, requestId)).toBeNull();
    expect(
      refused(await staffEntry(stranger, requestId, { kind: "reply", body: "Hi", minutesSpent: 0, version: 1 })).error,
    ).toMatch(/not one you support/);
    expect(refused(await assignRequest(sam, requestId, stranger.id, 1)).field).toBe("assignee");
    expect((await supportQueue(sam, { status: "unfinished" })).map((row) => row.id)).toEqual([requestId]);
    expect(await supportQueue(sam, { category: "code_review" })).toEqual([]);
  });

  it("emails staff once a day about overdue requests, and teams 30 days before the window ends", async () => {
    const { event, winners, sam, olu } = await announcedEvent();
    const { requestId } = ok(await logSupportRequest(winners.members[0]!, event, request));
    const due = (await requestForStaff(sam, requestId))!.request.firstResponseDueAt;
    const late = new Date(due.getTime() + 3_600_000);
    expect(await sendOverdueDigests(new Date(due.getTime() - 1000))).toBe(0);
    expect(await sendOverdueDigests(late)).toBe(1);
    expect(await sendOverdueDigests(new Date(late.getTime() + 60_000))).toBe(0);
    expect((await supportQueue(sam, { overdue: true }, late)).map((row) => row.id)).toEqual([requestId]);
    const [entitlement] = await getDb()
      .select()
      .from(supportEntitlements)
      .where(eq(supportEntitlements.eventId, event.id));
    expect(await sendWindowEndingReminders()).toBe(0);
    const soon = new Date(entitlement!.endsAt.getTime() - 29 * 86_400_000);
    expect(await sendWindowEndingReminders(soon)).toBe(1);
    expect(await sendWindowEndingReminders(soon)).toBe(0);
    // Extended, with a reason: a fresh reminder before the new end.
    const later = new Date(entitlement!.endsAt.getTime() + 90 * 86_400_000);
    expect(
      refused(await changeEntitlement(olu, event, entitlement!.id, { endsAt: later, budgetMinutes: null, reason: "" }))
        .field,
    ).toBe("reason");
    ok(
      await changeEntitlement(olu, event, entitlement!.id, {
        endsAt: later,
        budgetMinutes: 40 * 60,
        reason: "Pilot delayed by IG review",
      }),
    );
    expect(await sendWindowEndingReminders(new Date(later.getTime() - 10 * 86_400_000))).toBe(1);
  });

  it("records milestones for the project page", async () => {
    const { event, winners, others } = await announcedEvent();
    ok(
      await postMilestone(winners.members[0]!, event, {
        kind: "pilot_started",
        title: "Pilot on Ward 12",
        description: "",
        achievedOn: "2026-01-10",
      }),
    );
    expect(
      refused(
        await postMilestone(others.members[0]!, event, {
          kind: "other",
          title: "x",
          description: "",
          achievedOn: "2026-01-10",
        }),
      ).error,
    ).toMatch(/winning team/);
    expect(
      refused(
        await postMilestone(winners.members[0]!, event, {
          kind: "other",
          title: "x",
          description: "",
          achievedOn: "2999-01-01",
        }),
      ).field,
    ).toBe("achievedOn");
    expect((await programmeReport(null)).report.milestonesByKind).toEqual({ pilot_started: 1 });
    void prizeAwards;
  });
});
