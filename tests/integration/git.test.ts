// The repository check against real git: a git HTTP server on loopback (tests/support/git-server),
// so private hosts are allowed where the test needs to reach it. No database is involved.
import dns from "node:dns";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkRepository } from "~/services/git.server";
import { startGitServer, startSilentServer, type GitTestServer, type SilentServer } from "../support/git-server";

const NOT_FOUND =
  "We could not find a public repository at this address. Check the address, and that the repository is public (not private)";
const PRIVATE_NETWORK =
  "The repository's address points to a private network. Use a public repository host such as GitHub or GitLab";

let server: GitTestServer;
let silent: SilentServer;
let warn: ReturnType<typeof vi.spyOn>;

beforeAll(async () => {
  server = await startGitServer();
  silent = await startSilentServer();
});

afterAll(async () => {
  await server?.close();
  await silent?.close();
});

beforeEach(() => {
  // Failed checks log a line for operators; keep it out of the test output but look at it.
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

// Answers a lookup of `name` with `addresses`, and any other name as the system would.
function resolveAs(name: string, addresses: string[]) {
  const real = dns.promises.lookup.bind(dns.promises);
  return vi.spyOn(dns.promises, "lookup").mockImplementation(((hostname: string, options: dns.LookupAllOptions) => {
    if (hostname !== name) return real(hostname, options);
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  }) as typeof dns.promises.lookup);
}

describe("checkRepository against a git server", () => {
  it("reads the default branch and head commit of a public repository", async () => {
    const created = await server.createRepository("public-main", { commits: 3 });
    const result = await checkRepository(created.url, { allowPrivateHosts: true });
    expect(result).toMatchObject({ ok: true, url: created.url, defaultBranch: "main", headCommit: created.headCommit });
    expect(created.headCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(result.checkedAt).toBeInstanceOf(Date);
  });

  it("reads a default branch that is not main", async () => {
    const created = await server.createRepository("public-trunk", { branch: "trunk" });
    const result = await checkRepository(created.url, { allowPrivateHosts: true });
    expect(result).toMatchObject({ ok: true, defaultBranch: "trunk", headCommit: created.headCommit });
  });

  it("sees a new head after a push", async () => {
    const created = await server.createRepository("moving");
    const before = await checkRepository(created.url, { allowPrivateHosts: true });
    const pushed = await server.pushCommit("moving", "Add the triage form");
    const after = await checkRepository(created.url, { allowPrivateHosts: true });
    expect(before).toMatchObject({ ok: true, headCommit: created.headCommit });
    expect(pushed).not.toBe(created.headCommit);
    expect(after).toMatchObject({ ok: true, headCommit: pushed });
  });

  it("reports a missing repository as not found, without git's own words", async () => {
    const url = `${server.baseUrl}/no-such-project.git`;
    const result = await checkRepository(url, { allowPrivateHosts: true });
    expect(result).toMatchObject({ ok: false, url, reason: "not_found", message: NOT_FOUND });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain(url);
    expect(String(warn.mock.calls[0]![0])).toContain("not_found");
  });

  it("reports an empty repository as not found, asking for a push", async () => {
    const created = await server.createRepository("empty", { commits: 0 });
    const result = await checkRepository(created.url, { allowPrivateHosts: true });
    expect(result).toMatchObject({
      ok: false,
      reason: "not_found",
      message: "The repository is empty. Push your code, then save again",
    });
  });

  it("gives up on a host that never answers, and says how long it waited", async () => {
    const result = await checkRepository(silent.url, { allowPrivateHosts: true, timeoutMs: 1000 });
    expect(result).toMatchObject({
      ok: false,
      reason: "timeout",
      message: "The repository host did not answer within 1 second. Try again, or check the address",
    });
  });

  it("reports a port with nothing listening as unreachable", async () => {
    const closed = await startSilentServer();
    await closed.close();
    const result = await checkRepository(closed.url, { allowPrivateHosts: true });
    expect(result).toMatchObject({
      ok: false,
      reason: "unreachable",
      message: "We could not reach the repository. Check the address",
    });
  });

  it("holds git to the address it checked rather than letting git look the host up again", async () => {
    // git itself cannot resolve git.test, so this passes only if git used the pinned address.
    const created = await server.createRepository("pinned");
    const lookup = resolveAs("git.test", ["127.0.0.1"]);
    const url = created.url.replace("127.0.0.1", "git.test");
    const result = await checkRepository(url, { allowPrivateHosts: true });
    expect(lookup).toHaveBeenCalledWith("git.test", expect.objectContaining({ all: true }));
    expect(result).toMatchObject({ ok: true, url, headCommit: created.headCommit });
  });
});

describe("checkRepository refuses addresses before running git", () => {
  it("refuses a host name that resolves to loopback", async () => {
    const port = new URL(silent.url).port;
    const connectionsBefore = silent.connections();
    resolveAs("git.example.org", ["127.0.0.1"]);
    const result = await checkRepository(`https://git.example.org:${port}/team/project.git`, {
      allowPrivateHosts: false,
    });
    expect(result).toMatchObject({ ok: false, reason: "refused_address", message: PRIVATE_NETWORK });
    expect(silent.connections()).toBe(connectionsBefore);
  });

  it("refuses a host name when any one of its addresses is private", async () => {
    resolveAs("code.example.org", ["93.184.215.14", "10.1.2.3"]);
    const result = await checkRepository("https://code.example.org/team/project", { allowPrivateHosts: false });
    expect(result).toMatchObject({ ok: false, reason: "refused_address", message: PRIVATE_NETWORK });
  });

  it("refuses IPv6 loopback and link-local answers", async () => {
    for (const address of ["::1", "fe80::1", "::ffff:127.0.0.1"]) {
      const lookup = resolveAs("v6.example.org", [address]);
      const result = await checkRepository("https://v6.example.org/team/project", { allowPrivateHosts: false });
      expect(result, address).toMatchObject({ ok: false, reason: "refused_address" });
      lookup.mockRestore();
    }
  });

  it("refuses localhost and loopback addresses typed in directly", async () => {
    const port = new URL(silent.url).port;
    const connectionsBefore = silent.connections();
    // The address rules refuse a host with no dot or an IP literal as not a public host's
    // name, before any lookup; with real DNS, localhost resolves to loopback all the same.
    for (const url of [`https://localhost:${port}/team/project.git`, `https://127.0.0.1:${port}/team/project.git`]) {
      const result = await checkRepository(url, { allowPrivateHosts: false });
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
    }
    expect(silent.connections()).toBe(connectionsBefore);
  });

  it("refuses http:// when private hosts are not allowed", async () => {
    const result = await checkRepository("http://github.com/nhsx/project", { allowPrivateHosts: false });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("refuses an address with a user name and password in it", async () => {
    const connectionsBefore = silent.connections();
    const url = silent.url.replace("http://", "http://someone:secret@");
    const result = await checkRepository(url, { allowPrivateHosts: true });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(result.ok === false && result.message).not.toContain("secret");
    expect(silent.connections()).toBe(connectionsBefore);
    // A mistake in the address is not worth a log line, and this one holds a password.
    expect(warn).not.toHaveBeenCalled();
  });
});
