// A crash in the middle of the judging window: judges post score sheets to the real server over
// HTTP, the server is killed with SIGKILL mid-burst (no shutdown, no flushing), and restarted on the
// same database. Every save that was answered with success must be there, with its values: an answer
// is only sent once the save's transaction has committed. Runs in the PostgreSQL pass only (the
// production server here runs on a PostgreSQL database of its own), on the production build.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { sessionCookieName } from "~/auth/tokens";
import { openDatabase, withDatabase, type Connection } from "~/db/client.server";
import { auditEvents, scores } from "~/db/schema";
import {
  buildExists,
  scratchDatabase,
  startAppServer,
  type AppServer,
  type ScratchDatabase,
} from "../support/app-server";
import { judgingPanel, sheetFor, type PanelJudge } from "./panel";

/** A save the server answered with its redirect: committed, as far as the judge can tell. */
interface AnsweredSave {
  judgeUserId: string;
  submissionId: string;
  version: number;
  pass: number;
}

const SAVES_BEFORE_THE_CRASH = 40;

/** Scores as pairs in the order of their keys: jsonb keeps an object's keys in an order of its own. */
function inKeyOrder(scores: Record<string, number>): [string, number][] {
  return Object.entries(scores).sort(([a], [b]) => a.localeCompare(b));
}

describe.runIf(process.env.TEST_DB_DRIVER === "postgres")("a crash in the middle of score saves (over HTTP)", () => {
  let database: ScratchDatabase;
  let connection: Connection;
  let server: AppServer | undefined;

  beforeAll(async () => {
    if (!buildExists()) throw new Error("The crash test needs the production build: run `npm run build` first.");
    database = await scratchDatabase(`hackday_crash_${process.pid}`);
    server = await startAppServer({ databaseUrl: database.url });
    connection = openDatabase({ url: database.url, poolSize: 2 });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await connection?.close();
    await database?.drop();
  });

  it("keeps every save that was answered with success when the server is killed mid-burst", async () => {
    const { event, round, panel } = await withDatabase(connection, () =>
      judgingPanel({ judges: 6, entries: 6, entriesPerJudge: 3 }),
    );
    const cookies = new Map<string, string>();
    await withDatabase(connection, async () => {
      for (const { user } of panel) {
        const { token } = await createSession(user.id, { userAgent: "crash test", ipAddress: "127.0.0.1" });
        cookies.set(user.id, `${sessionCookieName(false)}=${token}`);
      }
    });

    const first = server!;
    const answered: AnsweredSave[] = [];
    let killing: Promise<void> | undefined;
    /** One judge going round their entries, each save from the version the last answer gave, until the server dies. */
    const judgeAtWork = async ({ user, entries }: PanelJudge) => {
      const versions = new Map<string, number>();
      for (let pass = 1; ; pass++) {
        for (const submissionId of entries) {
          const version = versions.get(submissionId) ?? 0;
          const body = new URLSearchParams({ version: String(version), feedback: `Pass ${pass}`, privateNote: "" });
          for (const [key, score] of Object.entries(sheetFor(pass))) body.set(`score-${key}`, String(score));
          let response: Response;
          try {
            response = await fetch(`${first.origin}/events/${event.slug}/judge/${submissionId}?round=${round.id}`, {
              method: "POST",
              redirect: "manual",
              headers: {
                "Content-Type": "application/x-www-form-urlencoded",
                Origin: first.origin,
                Cookie: cookies.get(user.id)!,
              },
              body,
            });
          } catch (error) {
            // The connection died with the server: this save's fate is unknown, and it is the judge's last.
            if (killing) return;
            throw error;
          }
          if (response.status !== 302) {
            if (killing) return;
            throw new Error(`A save was answered ${response.status}: ${await response.text()}`);
          }
          answered.push({ judgeUserId: user.id, submissionId, version: version + 1, pass });
          versions.set(submissionId, version + 1);
          if (answered.length >= SAVES_BEFORE_THE_CRASH) killing ??= first.kill();
        }
      }
    };
    await Promise.all(panel.map(judgeAtWork));
    await killing;
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(answered.length).toBeGreaterThanOrEqual(SAVES_BEFORE_THE_CRASH);

    // The same database, a new process: it starts (its migrations are already applied) and serves again.
    server = await startAppServer({ databaseUrl: database.url });
    const db = connection.db;
    // Every answered save left its audit row, written in the save's own transaction, with its values.
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.action, "score.saved"));
    const saved = new Set(
      audits.map((audit) => {
        const after = audit.after as {
          version: number;
          submissionId: string;
          criterionScores: Record<string, number>;
          feedback: string;
        };
        return JSON.stringify([
          audit.actorUserId,
          after.submissionId,
          after.version,
          after.feedback,
          inKeyOrder(after.criterionScores),
        ]);
      }),
    );
    for (const save of answered) {
      const values = inKeyOrder(sheetFor(save.pass));
      expect(
        saved.has(JSON.stringify([save.judgeUserId, save.submissionId, save.version, `Pass ${save.pass}`, values])),
        JSON.stringify(save),
      ).toBe(true);
    }

    // Each sheet is at least at the last version its judge was told of, and holds its values when exactly there
    // (a save in flight at the crash may have committed one version more without anyone hearing of it).
    const sheets = await db.select().from(scores).where(eq(scores.roundId, round.id));
    const last = new Map<string, AnsweredSave>();
    for (const save of answered) last.set(`${save.judgeUserId}:${save.submissionId}`, save);
    for (const save of last.values()) {
      const sheet = sheets.find(
        (row) => row.judgeUserId === save.judgeUserId && row.submissionId === save.submissionId,
      );
      expect(sheet, JSON.stringify(save)).toBeDefined();
      expect(sheet!.version).toBeGreaterThanOrEqual(save.version);
      expect(sheet!.version).toBeLessThanOrEqual(save.version + 1);
      if (sheet!.version === save.version) {
        expect(sheet!).toMatchObject({ feedback: `Pass ${save.pass}`, criterionScores: sheetFor(save.pass) });
      }
    }

    // And the restarted server shows a judge their sheet as they last saved it.
    const shown = [...last.values()].find(
      (save) =>
        sheets.find((row) => row.judgeUserId === save.judgeUserId && row.submissionId === save.submissionId)!
          .version === save.version,
    )!;
    const page = await fetch(`${server.origin}/events/${event.slug}/judge/${shown.submissionId}?round=${round.id}`, {
      headers: { Cookie: cookies.get(shown.judgeUserId)! },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Pass ${shown.pass}`);
  }, 120_000);
});
