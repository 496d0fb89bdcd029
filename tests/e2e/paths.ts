// Where the end-to-end run keeps its throwaway state. serve.ts deletes and recreates these
// folders every time the web server starts, so no run sees what an earlier one left behind.
import os from "node:os";
import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/** 127.0.0.1 rather than localhost: the app listens on IPv4 loopback only. */
export const E2E_HOST = "127.0.0.1";
export const BASE_URL = `http://${E2E_HOST}:${E2E_PORT}`;

const root = process.env.E2E_TMP_DIR ?? os.tmpdir();
/** The PGlite database. */
export const DATA_DIR = path.join(root, "hackday-e2e-data");
/** One JSON file ({ to, subject, text }) per message the app sends over SMTP. */
export const MAIL_DIR = path.join(root, "hackday-e2e-mail");
/** The first-run administrator's credentials and signed-in browser state. */
export const STATE_DIR = path.join(root, "hackday-e2e-state");
export const ADMIN_CREDENTIALS = path.join(STATE_DIR, "admin.json");
export const ADMIN_STORAGE_STATE = path.join(STATE_DIR, "admin-storage-state.json");
/** The shared participants' credentials (participants.json) and signed-in state (participant-<key>.json). */
export const PARTICIPANTS = path.join(STATE_DIR, "participants.json");
export function participantStorageStatePath(key: string): string {
  return path.join(STATE_DIR, `participant-${key}.json`);
}
