// PostgreSQL going away while the app runs: pages answer a friendly 503 and the app recovers by
// itself when the database is back, with no restart. The machine's PostgreSQL is shared with other
// test files, so it is never stopped: the app reaches it through a TCP proxy here, and the outage is
// the proxy cutting every connection and refusing new ones. Runs in the PostgreSQL pass only (the
// embedded database lives inside the app and cannot go away on its own), on the production build.
import { createServer, connect, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, withDatabase } from "~/db/client.server";
import {
  buildExists,
  scratchDatabase,
  startAppServer,
  type AppServer,
  type ScratchDatabase,
} from "../support/app-server";
import { prizeEvent } from "./fixtures";

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
async function databaseProxy(target: URL) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      // A cut connection is an error on one side or the other; the proxy closes both.
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  const port = await listen(0);
  return {
    port,
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore() {
      await listen(port);
    },
    async close() {
      if (server.listening) await this.cut();
    },
  };
}

const SLUG = "outage-2030";
const PAGES = ["/", `/events/${SLUG}`, "/healthz"];

describe.runIf(process.env.TEST_DB_DRIVER === "postgres")("when PostgreSQL goes away (over HTTP)", () => {
  let database: ScratchDatabase;
  let proxy: Awaited<ReturnType<typeof databaseProxy>>;
  let server: AppServer;

  beforeAll(async () => {
    if (!buildExists()) throw new Error("The outage test needs the production build: run `npm run build` first.");
    database = await scratchDatabase(`hackday_outage_${process.pid}`);
    proxy = await databaseProxy(new URL(database.url));
    const throughProxy = new URL(database.url);
    throughProxy.port = String(proxy.port);
    // The email worker polls often, so that it meets the outage too.
    server = await startAppServer({
      databaseUrl: throughProxy.toString(),
      env: { NODE_ENV: "production", EMAIL_POLL_SECONDS: "0.2" },
    });
    const seeding = openDatabase({ url: database.url, poolSize: 2 });
    try {
      await withDatabase(seeding, () => prizeEvent({ slug: SLUG, title: "Outage Hack Day 2030" }));
    } finally {
      await seeding.close();
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.drop();
  });

  const get = (path: string) => fetch(`${server.origin}${path}`, { redirect: "manual" });

  it("answers a friendly 503 while the database is away, and 200 again when it is back, with no restart", async () => {
    for (const path of PAGES) expect((await get(path)).status, path).toBe(200);
    const home = await (await get(`/events/${SLUG}`)).text();
    expect(home).toContain("Outage Hack Day 2030");

    await proxy.cut();
    for (const path of PAGES) {
      const response = await get(path);
      const body = await response.text();
      expect(response.status, path).toBe(503);
      expect(body).not.toMatch(/ECONNREFUSED|CONNECTION_|node_modules|\bat .*\.js:\d+/);
      if (path !== "/healthz") {
        expect(response.headers.get("content-type")).toContain("text/html");
        expect(body).toContain("Sorry, the service is unavailable");
        expect(body).toContain("Try again in a few minutes");
      }
    }
    // A form sent during the outage, and the data request a page makes when JavaScript navigates.
    const signIn = await fetch(`${server.origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.origin },
      body: new URLSearchParams({ email: "someone@example.org", password: "not the password" }),
    });
    expect(signIn.status).toBe(503);
    expect(await signIn.text()).toContain("Sorry, the service is unavailable");
    expect((await get(`/events/${SLUG}.data`)).status).toBe(503);
    // The email worker has met the outage (it polls five times a second) and carried on.
    await waitFor(() => server.log().includes("[email] database unavailable"), "the email worker to meet the outage");

    await proxy.restore();
    for (const path of PAGES) {
      await waitFor(async () => (await get(path)).status === 200, `${path} to answer 200 again`);
    }
    expect(await (await get(`/events/${SLUG}`)).text()).toContain("Outage Hack Day 2030");
    expect(server.child.exitCode).toBeNull();
    expect(server.child.signalCode).toBeNull();
    expect(server.log()).not.toMatch(/unhandled|uncaught/i);
  }, 120_000);
});

/** Asks again every 200 ms until `check` holds, failing after 60 s (a bound, not a timing assertion). */
async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // Not yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Gave up waiting for ${what}`);
}
