import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { requireEventRole } from "~/auth/guards.server";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  communityOrganisers,
  emailOutbox,
  eventRoles,
  events,
  roleInvitations,
  users,
  type User,
} from "~/db/schema";
import { cancelInvitation, inviteToRole, removeRole, roleHolders } from "~/models/invitations.server";
import { action as communityAction, loader as communityLoader } from "~/routes/admin.communities.$slug";
import { action as signUpAction } from "~/routes/signup";
import { action as verifyAction } from "~/routes/verify-email";
import { formRequest, getRequest, makeUser, run, signedInCookie, at } from "./db";

const GOOD_PASSWORD = "marmalade lighthouse quietly";

async function makeCommunity(slug: string, name: string) {
  const [community] = await getDb().insert(communities).values({ slug, name }).returning();
  return community!;
}

async function emailsTo(address: string) {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
}

async function organiserIds(communityId: string) {
  const rows = await getDb()
    .select({ userId: communityOrganisers.userId })
    .from(communityOrganisers)
    .where(eq(communityOrganisers.communityId, communityId));
  return rows.map((row) => row.userId);
}

/** Posts to a community's page as this administrator. */
async function post(cookie: string, slug: string, fields: Record<string, string>) {
  return run(at(communityAction, slug), formRequest(`/admin/communities/${slug}`, fields, { cookie }));
}

async function signUpAndConfirm(email: string, name = "Asha Patel") {
  await run(signUpAction, formRequest("/signup", { name, email, password: GOOD_PASSWORD }));
  const mails = await emailsTo(email.toLowerCase());
  const confirmation = mails.find((mail) => mail.subject === "Confirm your email address");
  const token = /\/verify-email\?token=([a-z2-7]+)/.exec(confirmation!.textBody)![1]!;
  const verified = await run(verifyAction, formRequest("/verify-email", { token }));
  expect(verified.status).toBe(302);
  const [user] = await getDb().select().from(users).where(eq(users.email, email.toLowerCase()));
  return user!;
}

async function setUp() {
  const admin = await makeUser({ isAdmin: true, name: "Ada Admin" });
  const cookie = await signedInCookie(admin);
  const leeds = await makeCommunity("leeds", "Leeds Code4Health");
  return { admin, cookie, leeds };
}

describe("adding a community organiser by email", () => {
  it("gives a person with a confirmed account the role at once, emails them and audits it", async () => {
    const { admin, cookie, leeds } = await setUp();
    const asha = await makeUser({ email: "asha@example.nhs.uk", name: "Asha Patel" });

    const outcome = await post(cookie, "leeds", { intent: "invite", email: "  Asha@Example.NHS.uk " });
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/admin/communities/leeds?done=granted");
    expect(await organiserIds(leeds.id)).toEqual([asha.id]);
    expect(await getDb().select().from(roleInvitations)).toHaveLength(0);

    const mails = await emailsTo("asha@example.nhs.uk");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("You are now an organiser of Leeds Code4Health");
    expect(mails[0]!.textBody).toContain("Ada Admin has made you an organiser of Leeds Code4Health.");
    expect(mails[0]!.textBody).toContain("http://localhost:3000/login");

    const audits = await getDb().select().from(auditEvents);
    expect(audits).toEqual([
      expect.objectContaining({
        action: "community_organiser.granted",
        actorUserId: admin.id,
        subjectType: "community",
        subjectId: leeds.id,
        after: { userId: asha.id, email: "asha@example.nhs.uk", role: "community_organiser" },
      }),
    ]);

    // Asking again changes nothing and sends nothing.
    const again = await post(cookie, "leeds", { intent: "invite", email: "asha@example.nhs.uk" });
    expect(again.headers.get("Location")).toBe("/admin/communities/leeds?done=already");
    expect(await emailsTo("asha@example.nhs.uk")).toHaveLength(1);
    expect(await getDb().select().from(auditEvents)).toHaveLength(1);

    const page = await run(
      at(communityLoader, "leeds"),
      getRequest("/admin/communities/leeds?done=granted", { cookie }),
    );
    expect(page.data).toMatchObject({
      organisers: [{ userId: asha.id, name: "Asha Patel", email: "asha@example.nhs.uk" }],
      invitations: [],
      done: "granted",
    });
  });

  it("invites an address with no account, with the sign-up link, and stores it once", async () => {
    const { admin, cookie, leeds } = await setUp();
    const outcome = await post(cookie, "leeds", { intent: "invite", email: "Ben.Okafor@Example.org" });
    expect(outcome.headers.get("Location")).toBe("/admin/communities/leeds?done=invited");

    const invitations = await getDb().select().from(roleInvitations);
    expect(invitations).toEqual([
      expect.objectContaining({
        email: "ben.okafor@example.org",
        role: "community_organiser",
        communityId: leeds.id,
        eventId: null,
        invitedByUserId: admin.id,
      }),
    ]);
    const [mail] = await emailsTo("ben.okafor@example.org");
    expect(mail!.subject).toBe("You have been invited to organise Leeds Code4Health");
    expect(mail!.textBody).toContain("Ada Admin has invited you to organise Leeds Code4Health.");
    expect(mail!.textBody).toContain("create an account with this email address (ben.okafor@example.org)");
    expect(mail!.textBody).toContain("http://localhost:3000/signup");
    const [audit] = await getDb().select().from(auditEvents);
    expect(audit).toMatchObject({
      action: "community_organiser.invited",
      actorUserId: admin.id,
      subjectId: leeds.id,
      after: { invitationId: invitations[0]!.id, email: "ben.okafor@example.org" },
    });

    // Asking again sends the invitation again, for someone who lost it, but stores no second one.
    await post(cookie, "leeds", { intent: "invite", email: "ben.okafor@example.org" });
    expect(await getDb().select().from(roleInvitations)).toHaveLength(1);
    expect(await emailsTo("ben.okafor@example.org")).toHaveLength(2);
    expect(await organiserIds(leeds.id)).toEqual([]);

    const page = await run(at(communityLoader, "leeds"), getRequest("/admin/communities/leeds", { cookie }));
    expect(page.data).toMatchObject({
      organisers: [],
      invitations: [{ id: invitations[0]!.id, email: "ben.okafor@example.org", createdAt: expect.any(String) }],
    });
  });

  it("makes an invited person an organiser once they sign up and confirm the address", async () => {
    const { cookie, leeds } = await setUp();
    const york = await makeCommunity("york", "York Code4Health");
    await post(cookie, "leeds", { intent: "invite", email: "ben@example.org" });
    await post(cookie, "york", { intent: "invite", email: "ben@example.org" });

    // Signing up alone proves nothing about the address: no role yet.
    await run(
      signUpAction,
      formRequest("/signup", { name: "Ben Okafor", email: "Ben@example.org", password: GOOD_PASSWORD }),
    );
    expect(await organiserIds(leeds.id)).toEqual([]);
    expect(await getDb().select().from(roleInvitations)).toHaveLength(2);

    const confirmation = (await emailsTo("ben@example.org")).find(
      (mail) => mail.subject === "Confirm your email address",
    );
    const token = /\/verify-email\?token=([a-z2-7]+)/.exec(confirmation!.textBody)![1]!;
    expect((await run(verifyAction, formRequest("/verify-email", { token }))).status).toBe(302);

    const [ben] = await getDb().select().from(users).where(eq(users.email, "ben@example.org"));
    expect(await organiserIds(leeds.id)).toEqual([ben!.id]);
    expect(await organiserIds(york.id)).toEqual([ben!.id]);
    expect(await getDb().select().from(roleInvitations)).toHaveLength(0);
    const grants = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "community_organiser.granted"));
    expect(grants).toHaveLength(2);
    expect(grants[0]).toMatchObject({
      actorUserId: ben!.id,
      reason: "Accepted an invitation by confirming their email address",
      after: expect.objectContaining({ userId: ben!.id, email: "ben@example.org" }),
    });
  });

  it("stores an invitation for an account whose address is not confirmed, and grants it on confirming", async () => {
    const { cookie, leeds } = await setUp();
    await run(
      signUpAction,
      formRequest("/signup", { name: "Cai Jones", email: "cai@example.org", password: GOOD_PASSWORD }),
    );
    const outcome = await post(cookie, "leeds", { intent: "invite", email: "cai@example.org" });
    expect(outcome.headers.get("Location")).toBe("/admin/communities/leeds?done=invited");
    expect(await organiserIds(leeds.id)).toEqual([]);
    const invitation = (await emailsTo("cai@example.org")).find((mail) =>
      mail.subject.startsWith("You have been invited"),
    );
    expect(invitation!.textBody).toContain("http://localhost:3000/login");

    const confirmation = (await emailsTo("cai@example.org")).find(
      (mail) => mail.subject === "Confirm your email address",
    );
    const token = /\/verify-email\?token=([a-z2-7]+)/.exec(confirmation!.textBody)![1]!;
    await run(verifyAction, formRequest("/verify-email", { token }));
    const [cai] = await getDb().select().from(users).where(eq(users.email, "cai@example.org"));
    expect(await organiserIds(leeds.id)).toEqual([cai!.id]);
    expect(await getDb().select().from(roleInvitations)).toHaveLength(0);
  });

  it("stores one invitation when the same address is invited several times at once", async () => {
    const { admin, leeds } = await setUp();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        inviteToRole(admin, "dee@example.org", "community_organiser", { communityId: leeds.id }),
      ),
    );
    expect(outcomes).toEqual(Array(5).fill("invited"));
    expect(await getDb().select().from(roleInvitations)).toHaveLength(1);
    expect(await getDb().select().from(auditEvents)).toHaveLength(1);
  });

  it("asks for a real email address, naming the field, and keeps what was typed", async () => {
    const { cookie } = await setUp();
    const empty = await post(cookie, "leeds", { intent: "invite", email: "" });
    expect(empty.status).toBe(400);
    expect(empty.data).toEqual({
      errors: { email: "Enter their email address" },
      values: { intent: "invite", email: "" },
    });
    const wrong = await post(cookie, "leeds", { intent: "invite", email: "asha at nhs" });
    expect(wrong.data).toEqual({
      errors: { email: "Enter an email address in the correct format, like name@example.nhs.uk" },
      values: { intent: "invite", email: "asha at nhs" },
    });
    expect(await getDb().select().from(roleInvitations)).toHaveLength(0);
    expect(await getDb().select().from(emailOutbox)).toHaveLength(0);
  });
});

describe("removing organisers and cancelling invitations", () => {
  it("removes an organiser with an audit row, and only from the community whose page it is", async () => {
    const { admin, cookie, leeds } = await setUp();
    const york = await makeCommunity("york", "York Code4Health");
    const asha = await makeUser();
    await getDb()
      .insert(communityOrganisers)
      .values([
        { communityId: leeds.id, userId: asha.id },
        { communityId: york.id, userId: asha.id },
      ]);

    const removed = await post(cookie, "leeds", { intent: "remove", userId: asha.id });
    expect(removed.headers.get("Location")).toBe("/admin/communities/leeds?done=removed");
    expect(await organiserIds(leeds.id)).toEqual([]);
    expect(await organiserIds(york.id)).toEqual([asha.id]);
    const [audit] = await getDb().select().from(auditEvents);
    expect(audit).toMatchObject({
      action: "community_organiser.removed",
      actorUserId: admin.id,
      subjectType: "community",
      subjectId: leeds.id,
      before: { userId: asha.id, email: asha.email, role: "community_organiser" },
    });

    const again = await post(cookie, "leeds", { intent: "remove", userId: asha.id });
    expect(again.status).toBe(400);
    expect(again.data).toMatchObject({ errors: { _form: "That person no longer holds this role" } });
    expect(await getDb().select().from(auditEvents)).toHaveLength(1);
  });

  it("cancels an invitation with an audit row, and never one of another community's", async () => {
    const { admin, cookie, leeds } = await setUp();
    const york = await makeCommunity("york", "York Code4Health");
    await inviteToRole(admin, "ben@example.org", "community_organiser", { communityId: leeds.id });
    await inviteToRole(admin, "ben@example.org", "community_organiser", { communityId: york.id });
    const [leedsInvitation] = await getDb()
      .select()
      .from(roleInvitations)
      .where(eq(roleInvitations.communityId, leeds.id));
    const [yorkInvitation] = await getDb()
      .select()
      .from(roleInvitations)
      .where(eq(roleInvitations.communityId, york.id));

    // York's invitation, posted on Leeds's page, is not found there.
    const elsewhere = await post(cookie, "leeds", { intent: "cancel", invitationId: yorkInvitation!.id });
    expect(elsewhere.status).toBe(400);
    expect(await cancelInvitation(admin, yorkInvitation!.id, { communityId: leeds.id })).toBe(false);

    const cancelled = await post(cookie, "leeds", { intent: "cancel", invitationId: leedsInvitation!.id });
    expect(cancelled.headers.get("Location")).toBe("/admin/communities/leeds?done=cancelled");
    expect((await getDb().select().from(roleInvitations)).map((row) => row.id)).toEqual([yorkInvitation!.id]);
    const [audit] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "community_organiser.invitation_cancelled"));
    expect(audit).toMatchObject({
      actorUserId: admin.id,
      subjectId: leeds.id,
      before: { invitationId: leedsInvitation!.id, email: "ben@example.org", role: "community_organiser" },
    });

    // A cancelled invitation is not accepted later.
    const ben = await signUpAndConfirm("ben@example.org", "Ben Okafor");
    expect(await organiserIds(leeds.id)).toEqual([]);
    expect(await organiserIds(york.id)).toEqual([ben.id]);
  });

  it("keeps one community's organiser list out of reach of a call scoped to another", async () => {
    const admin = await makeUser({ isAdmin: true });
    const leeds = await makeCommunity("leeds", "Leeds Code4Health");
    const york = await makeCommunity("york", "York Code4Health");
    const asha = await makeUser();
    await getDb().insert(communityOrganisers).values({ communityId: leeds.id, userId: asha.id });
    expect(await removeRole(admin, asha.id, "community_organiser", { communityId: york.id })).toBe(false);
    expect(await organiserIds(leeds.id)).toEqual([asha.id]);
    expect(await getDb().select().from(auditEvents)).toHaveLength(0);
  });
});

describe("event roles by invitation", () => {
  async function eventOf(communityId: string, slug: string) {
    const [event] = await getDb()
      .insert(events)
      .values({ communityId, slug, title: `Hack day ${slug}`, kind: "hackday" })
      .returning();
    return event!;
  }

  it("invites a judge to one event and grants the role on confirming, nowhere else", async () => {
    const admin = await makeUser({ isAdmin: true, name: "Ada Admin" });
    const leeds = await makeCommunity("leeds", "Leeds Code4Health");
    const event = await eventOf(leeds.id, "leeds-2027");
    const other = await eventOf(leeds.id, "leeds-2028");

    expect(await inviteToRole(admin, "Judge@example.org", "judge", { eventId: event.id })).toBe("invited");
    const [mail] = await emailsTo("judge@example.org");
    expect(mail!.subject).toBe("You have been invited to judge Hack day leeds-2027");
    expect(mail!.textBody).toContain("http://localhost:3000/signup");
    expect((await roleHolders({ eventId: event.id }, "judge")).invitations).toEqual([
      expect.objectContaining({ email: "judge@example.org" }),
    ]);
    expect((await roleHolders({ eventId: event.id }, "mentor")).invitations).toEqual([]);

    const judge = await signUpAndConfirm("judge@example.org", "Jo Judge");
    const roles = await getDb().select().from(eventRoles);
    expect(roles).toEqual([expect.objectContaining({ eventId: event.id, userId: judge.id, role: "judge" })]);
    expect((await roleHolders({ eventId: event.id }, "judge")).people).toEqual([
      { userId: judge.id, name: "Jo Judge", email: "judge@example.org" },
    ]);
    expect((await roleHolders({ eventId: other.id }, "judge")).people).toEqual([]);

    // A confirmed account is given a second role straight away; holding one role is not holding another.
    expect(await inviteToRole(admin, "judge@example.org", "mentor", { eventId: event.id })).toBe("granted");
    expect(await inviteToRole(admin, "judge@example.org", "mentor", { eventId: event.id })).toBe("already");
    expect(await removeRole(admin, judge.id, "judge", { eventId: other.id })).toBe(false);
    expect(await removeRole(admin, judge.id, "judge", { eventId: event.id })).toBe(true);
    expect(
      (
        await getDb()
          .select()
          .from(eventRoles)
          .where(and(eq(eventRoles.userId, judge.id)))
      ).map((row) => row.role),
    ).toEqual(["mentor"]);
  });

  it("refuses a role with the wrong kind of scope", async () => {
    const admin = await makeUser({ isAdmin: true });
    const leeds = await makeCommunity("leeds", "Leeds Code4Health");
    await expect(inviteToRole(admin, "a@example.org", "judge", { communityId: leeds.id })).rejects.toThrow(/event/);
    await expect(inviteToRole(admin, "a@example.org", "community_organiser", { eventId: leeds.id })).rejects.toThrow(
      /community/,
    );
  });

  it("gives a community organiser no role at another community's events", async () => {
    const leeds = await makeCommunity("leeds", "Leeds Code4Health");
    const york = await makeCommunity("york", "York Code4Health");
    const leedsEvent = await eventOf(leeds.id, "leeds-2027");
    const yorkEvent = await eventOf(york.id, "york-2027");
    const organiser: User = await makeUser();
    await getDb().insert(communityOrganisers).values({ communityId: leeds.id, userId: organiser.id });
    const cookie = await signedInCookie(organiser);

    const own = await run(
      ({ request }) => requireEventRole(request, leedsEvent, ["organiser"]),
      getRequest("/events/leeds-2027/manage", { cookie }),
    );
    expect(own.status).toBe(200);
    const other = await run(
      ({ request }) => requireEventRole(request, yorkEvent, ["organiser"]),
      getRequest("/events/york-2027/manage", { cookie }),
    );
    expect(other.status).toBe(403);
    expect(other.data).toEqual({ message: "You need to be an organiser for this event to see this page." });
  });
});
