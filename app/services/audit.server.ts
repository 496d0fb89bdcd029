// The audit log: who did what to which record, with the values before and after. Written in the
// same transaction as the change it records.
import { sql } from "drizzle-orm";
import { preparedStatement, type Queryable } from "~/db/client.server";
import { auditEvents } from "~/db/schema";

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

/** Every change writes one, so built once (see preparedStatement). */
const insertAuditRow = preparedStatement((db) =>
  db
    .insert(auditEvents)
    .values({
      actorUserId: sql.placeholder("actorUserId"),
      action: sql.placeholder("action"),
      subjectType: sql.placeholder("subjectType"),
      subjectId: sql.placeholder("subjectId"),
      // Sent as JSON text: a placeholder for a JSON column would store no value as the JSON value null.
      before: sql`${sql.placeholder("before")}::jsonb`,
      after: sql`${sql.placeholder("after")}::jsonb`,
      reason: sql.placeholder("reason"),
    })
    .prepare("audit_row"),
);

const jsonText = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await insertAuditRow(db).execute({
    actorUserId: entry.actorUserId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: jsonText(entry.before),
    after: jsonText(entry.after),
    reason: entry.reason ?? null,
  });
}
