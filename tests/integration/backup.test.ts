// Backups restore (README, "Backups"): a call for entry written through the models is read back
// from a restored copy. PostgreSQL: pg_dump -Fc, pg_restore into a fresh database, and the built app
// serving the call from it over HTTP (PostgreSQL pass only: it needs a server to dump and restore).
// The embedded database: its data directory copied while closed, and the copy opened and read through
// a model (both passes: it needs nothing but a temporary folder).
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { openDatabase, withDatabase, type Connection } from "~/db/client.server";
import { createCommunity } from "~/models/communities.server";
import { createDraftEvent, getCall, listPublicEvents, publishEvent, updateEvent } from "~/models/events.server";
import { buildExists, scratchDatabase, startAppServer } from "../support/app-server";
import { makeUser } from "./db";

const run = promisify(execFile);
const SLUG = "backup-2031";
const TITLE = "Sheffield NHS Hack Day 2031";
const SUMMARY = "Two days building tools for the wards, with the clinicians who work on them";

/** An administrator's community and a published call, through the same models as the organisers' pages. */
async function publishedCall(): Promise<void> {
  const admin = await makeUser({ isAdmin: true });
  const created = await createCommunity(admin, {
    name: "Sheffield Code4Health",
    slug: "sheffield-c4h",
    kind: "place_based_hub",
    description: "",
    website: "",
  });
  if (!created.ok) throw new Error(`The community was not created: ${created.reason}`);
  const event = await createDraftEvent(admin, {
    communityId: created.community.id,
    kind: "hackday",
    title: TITLE,
    slug: SLUG,
  });
  if (event === "slug-taken") throw new Error("The slug is taken");
  const at = (iso: string) => new Date(iso);
  await updateEvent(admin, event.id, {
    summary: SUMMARY,
    description: "Bring a clinical problem or a laptop.",
    venueName: "The Workstation",
    venueAddress: "15 Paternoster Row, Sheffield S1 2BX",
    eligibilityStatement: "Anyone who works in or with the NHS",
    noPrizes: true,
    registrationOpensAt: at("2031-01-10T09:00:00Z"),
    registrationClosesAt: at("2031-03-01T17:00:00Z"),
    submissionsOpenAt: at("2031-03-08T09:00:00Z"),
    submissionDeadlineAt: at("2031-03-09T14:00:00Z"),
    judgingOpensAt: at("2031-03-09T14:30:00Z"),
    judgingClosesAt: at("2031-03-09T16:30:00Z"),
    resultsPublishedAt: at("2031-03-09T17:00:00Z"),
  });
  expect(await publishEvent(admin, SLUG)).toEqual({ published: true });
}

/** Opens the database, brings its schema up to date and writes the call, then closes it. */
async function writeCall(connection: Connection): Promise<void> {
  try {
    await connection.migrate();
    await withDatabase(connection, publishedCall);
  } finally {
    await connection.close();
  }
}

describe.runIf(process.env.TEST_DB_DRIVER === "postgres")("a PostgreSQL backup (pg_dump, pg_restore)", () => {
  it("restores into a fresh database that the app then serves", async () => {
    if (!buildExists()) throw new Error("The backup test needs the production build: run `npm run build` first.");
    const source = await scratchDatabase(`hackday_backup_from_${process.pid}`);
    const restored = await scratchDatabase(`hackday_backup_to_${process.pid}`);
    const folder = mkdtempSync(path.join(tmpdir(), "hackday-backup-"));
    try {
      await writeCall(openDatabase({ url: source.url, poolSize: 2 }));
      const file = path.join(folder, "hackday.dump");
      // The commands README gives, with the same flags.
      await run("pg_dump", ["-Fc", "--no-owner", "-f", file, source.url]);
      await run("pg_restore", ["--no-owner", "--exit-on-error", "-d", restored.url, file]);

      const server = await startAppServer({ databaseUrl: restored.url });
      try {
        const call = await fetch(`${server.origin}/events/${SLUG}`);
        expect(call.status).toBe(200);
        const page = await call.text();
        expect(page).toContain(TITLE);
        expect(page).toContain(SUMMARY);
        expect(await (await fetch(`${server.origin}/`)).text()).toContain(TITLE);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await restored.drop();
      await source.drop();
    }
  }, 120_000);
});

describe("a backup of the embedded database (its data directory, copied while closed)", () => {
  it("opens the copy with everything written before it was closed", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "hackday-pglite-backup-"));
    try {
      const dataDir = path.join(folder, "data");
      await writeCall(openDatabase({ dataDir }));
      const copy = path.join(folder, "restored");
      cpSync(dataDir, copy, { recursive: true });

      const restored = openDatabase({ dataDir: copy });
      try {
        const { call, listed } = await withDatabase(restored, async () => ({
          call: await getCall(SLUG),
          listed: await listPublicEvents({}),
        }));
        expect(call?.event).toMatchObject({ title: TITLE, summary: SUMMARY, status: "published" });
        expect(call?.community.name).toBe("Sheffield Code4Health");
        expect(listed.map(({ event }) => event.slug)).toEqual([SLUG]);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
