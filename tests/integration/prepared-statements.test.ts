// Statements built once (preparedStatement) on both drivers: run on the database, or inside an open
// transaction on that transaction's connection. drizzle has no public way to send a prepared statement
// inside a transaction, so these tests hold it to the way client.server.ts lends it the transaction's client.
import { eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, inTransaction, preparedStatement } from "~/db/client.server";
import { auditEvents, users } from "~/db/schema";
import { recordAudit } from "~/services/audit.server";
import { makeUser } from "./db";

const nameOf = preparedStatement((db) =>
  db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare("test_name_of"),
);

const rename = preparedStatement((db) =>
  db
    .update(users)
    .set({ name: sql`${sql.placeholder("name")}` })
    .where(eq(users.id, sql.placeholder("id")))
    .prepare("test_rename"),
);

class Undone extends Error {}

describe("statements built once", () => {
  it("runs on the database, and inside a transaction sees and undoes what that transaction wrote", async () => {
    const person = await makeUser({ name: "Ann Before" });
    expect(await nameOf().execute({ id: person.id })).toEqual([{ name: "Ann Before" }]);

    // Inside: the statement sees the transaction's own write, which nothing outside it sees yet.
    await expect(
      inTransaction(async (tx) => {
        await rename(tx).execute({ id: person.id, name: "Ann Inside" });
        expect(await nameOf(tx).execute({ id: person.id })).toEqual([{ name: "Ann Inside" }]);
        throw new Undone();
      }),
    ).rejects.toBeInstanceOf(Undone);
    // The write was in the transaction, so the rollback undid it.
    expect(await nameOf().execute({ id: person.id })).toEqual([{ name: "Ann Before" }]);

    await inTransaction(async (tx) => rename(tx).execute({ id: person.id, name: "Ann After" }));
    expect(await nameOf().execute({ id: person.id })).toEqual([{ name: "Ann After" }]);
    // The same statement object serves the database again after lending itself to transactions.
    expect(await nameOf(getDb()).execute({ id: person.id })).toEqual([{ name: "Ann After" }]);
  });

  it("writes an audit row's missing values as no value and its values as JSON, in or out of a transaction", async () => {
    const person = await makeUser();
    await recordAudit(getDb(), {
      actorUserId: person.id,
      action: "test.created",
      subjectType: "user",
      subjectId: person.id,
      after: { name: "Ann", tags: ["a", "b"], score: 3, absent: false },
    });
    await inTransaction((tx) =>
      recordAudit(tx, {
        actorUserId: null,
        action: "test.changed",
        subjectType: "user",
        subjectId: person.id,
        before: { name: "Ann" },
        after: "text on its own",
        reason: "Asked for",
      }),
    );
    const rows = await getDb()
      .select({
        action: auditEvents.action,
        before: auditEvents.before,
        after: auditEvents.after,
        reason: auditEvents.reason,
      })
      .from(auditEvents)
      .orderBy(auditEvents.id);
    expect(rows).toEqual([
      {
        action: "test.created",
        before: null,
        after: { name: "Ann", tags: ["a", "b"], score: 3, absent: false },
        reason: null,
      },
      { action: "test.changed", before: { name: "Ann" }, after: "text on its own", reason: "Asked for" },
    ]);
    // No value at all, rather than the JSON value null.
    const missing = await getDb().select({ id: auditEvents.id }).from(auditEvents).where(isNull(auditEvents.before));
    expect(missing).toHaveLength(1);
  });
});
