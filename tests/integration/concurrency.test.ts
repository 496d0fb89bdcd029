// Races that only a real server can stage: PGlite has a single connection, so these run in the
// PostgreSQL pass only (TEST_DATABASE_URL, as .ci/run sets it).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hit } from "~/auth/rate-limit.server";
import { getDb } from "~/db/client.server";
import { emailOutbox, users } from "~/db/schema";
import { claimFirstRunAdministrator, setAdministrator } from "~/models/users.server";
import { deliverDueEmails, enqueueEmail, type MailTransport } from "~/services/email.server";
import { makeUser } from "./db";

describe.runIf(process.env.TEST_DB_DRIVER === "postgres")("under concurrency (PostgreSQL)", () => {
  it("never sends one outbox message twice when instances deliver at the same moment", async () => {
    for (let i = 0; i < 30; i++) await enqueueEmail(getDb(), { to: `p${i}@example.org`, subject: "s", text: "t" });
    const sent: string[] = [];
    const slowTransport: MailTransport = {
      name: "smtp",
      async send(email) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        sent.push(email.to);
      },
    };
    const results = await Promise.all([1, 2, 3, 4].map(() => deliverDueEmails(slowTransport)));
    const total = results.reduce((sum, result) => sum + result.sent, 0);
    // Claims are batches of 20: the racing workers between them take each row exactly once.
    expect(new Set(sent).size).toBe(sent.length);
    expect(total).toBe(sent.length);
    await deliverDueEmails(slowTransport);
    expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `p${i}@example.org`).sort());
    const rows = await getDb().select().from(emailOutbox);
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });

  it("lets exactly the limit through when many attempts arrive at once", async () => {
    const limit = { max: 10, windowSeconds: 600 };
    const results = await Promise.all(Array.from({ length: 30 }, () => hit("signIn:ip:race", limit)));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
  });

  it("gives the first-run administrator role to one account only, however many ask at once", async () => {
    const first = await makeUser();
    await makeUser();
    const results = await Promise.all(Array.from({ length: 8 }, () => claimFirstRunAdministrator(first.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await getDb().select().from(users).where(eq(users.isAdmin, true))).toHaveLength(1);
  });

  it("never leaves the platform without an administrator when two remove each other at once", async () => {
    const a = await makeUser({ isAdmin: true });
    const b = await makeUser({ isAdmin: true });
    const outcomes = await Promise.all([setAdministrator(a, b.id, false), setAdministrator(b, a.id, false)]);
    expect(outcomes.sort()).toEqual(["changed", "last-administrator"]);
    expect(await getDb().select().from(users).where(eq(users.isAdmin, true))).toHaveLength(1);
  });
});
