import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, users } from "~/db/schema";
import { action as setupAction, loader as setupLoader } from "~/routes/setup";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users";
import { formRequest, getRequest, makeUser, run, signedInCookie } from "./db";

describe("first run", () => {
  it("offers an empty platform's first account the administrator role, once", async () => {
    expect((await run(setupLoader, getRequest("/setup"))).data).toEqual({ state: "no-accounts" });
    const first = await makeUser();
    const second = await makeUser();
    const firstCookie = await signedInCookie(first);
    const secondCookie = await signedInCookie(second);

    expect((await run(setupLoader, getRequest("/setup", { cookie: secondCookie }))).status).toBe(403);
    const refused = await run(setupAction, formRequest("/setup", {}, { cookie: secondCookie }));
    expect(refused.status).toBe(400);

    expect((await run(setupLoader, getRequest("/setup", { cookie: firstCookie }))).data).toEqual({ state: "offered" });
    const claimed = await run(setupAction, formRequest("/setup", {}, { cookie: firstCookie }));
    expect(claimed.status).toBe(302);
    expect(claimed.headers.get("Location")).toBe("/admin");

    const admins = await getDb().select().from(users).where(eq(users.isAdmin, true));
    expect(admins.map((admin) => admin.id)).toEqual([first.id]);
    const [audit] = await getDb().select().from(auditEvents);
    expect(audit).toMatchObject({
      action: "administrator.first_run_claimed",
      actorUserId: first.id,
      subjectId: first.id,
    });

    // Once there is an administrator, the offer is gone for everyone.
    expect((await run(setupAction, formRequest("/setup", {}, { cookie: firstCookie }))).status).toBe(400);
    expect((await run(setupLoader, getRequest("/setup", { cookie: firstCookie }))).status).toBe(302);
  });
});

describe("making administrators", () => {
  it("lets only an administrator make another, audits it, and never leaves the platform without one", async () => {
    const admin = await makeUser({ isAdmin: true });
    const member = await makeUser();
    const adminCookie = await signedInCookie(admin);
    const memberCookie = await signedInCookie(member);

    expect((await run(usersLoader, getRequest("/admin/users", { cookie: memberCookie }))).status).toBe(403);
    const selfPromotion = await run(
      usersAction,
      formRequest("/admin/users", { userId: member.id, intent: "grant" }, { cookie: memberCookie }),
    );
    expect(selfPromotion.status).toBe(403);
    expect((await getDb().select().from(users).where(eq(users.id, member.id)))[0]!.isAdmin).toBe(false);

    const lastOne = await run(
      usersAction,
      formRequest("/admin/users", { userId: admin.id, intent: "remove" }, { cookie: adminCookie }),
    );
    expect(lastOne.status).toBe(400);

    const granted = await run(
      usersAction,
      formRequest("/admin/users", { userId: member.id, intent: "grant" }, { cookie: adminCookie }),
    );
    expect(granted.status).toBe(200);
    expect((await getDb().select().from(users).where(eq(users.id, member.id)))[0]!.isAdmin).toBe(true);
    const audits = await getDb().select().from(auditEvents);
    expect(audits).toEqual([
      expect.objectContaining({
        action: "administrator.granted",
        actorUserId: admin.id,
        subjectId: member.id,
        before: { isAdmin: false },
        after: { isAdmin: true },
      }),
    ]);

    const bad = await run(
      usersAction,
      formRequest("/admin/users", { userId: "not-a-uuid", intent: "grant" }, { cookie: adminCookie }),
    );
    expect(bad.status).toBe(400);
  });
});
