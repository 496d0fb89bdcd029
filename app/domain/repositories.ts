// Code repositories: one canonical address for each, links into it at a commit, and which network
// addresses a server may fetch it from.

export type RepositoryHostKind = "github" | "gitlab" | "bitbucket" | "codeberg" | "other";

export interface Repository {
  /** The canonical address to browse and clone, such as https://github.com/nhsx/repo. */
  url: string;
  /** Lower case, with a port only when it is not the default. */
  host: string;
  kind: RepositoryHostKind;
  /** The part after the host, with no slash at either end: nhsx/repo, group/subgroup/project. */
  path: string;
}

export type RepositoryUrlResult = { ok: true; repository: Repository } | { ok: false; message: string };

export const MAX_REPOSITORY_URL_LENGTH = 500;

const KNOWN_HOSTS = new Map<string, Exclude<RepositoryHostKind, "other">>([
  ["github.com", "github"],
  ["gitlab.com", "gitlab"],
  ["bitbucket.org", "bitbucket"],
  ["codeberg.org", "codeberg"],
]);

const EXAMPLE = "https://github.com/owner/project";
const OWNER_ONLY = `Enter the address of the repository, not of its owner: for example ${EXAMPLE}`;
const NOT_A_REPOSITORY = `Enter the address of the repository itself: for example ${EXAMPLE}`;
const MUST_BE_HTTPS = "The repository's address must start with https://";

// The first part of a GitHub path that names one of GitHub's own pages, never an owner, so that
// https://github.com/orgs/nhsx is not taken for a repository called nhsx.
const GITHUB_RESERVED = new Set([
  "about",
  "apps",
  "codespaces",
  "collections",
  "enterprise",
  "explore",
  "features",
  "issues",
  "login",
  "marketplace",
  "new",
  "notifications",
  "organizations",
  "orgs",
  "pricing",
  "pulls",
  "search",
  "settings",
  "sponsors",
  "topics",
  "trending",
  "users",
]);

// Pages under a GitLab project that older links reach without the /-/ separator. GitLab reserves
// these words as project names, so none of them can be the project itself.
const GITLAB_PROJECT_PAGES = new Set([
  "blame",
  "blob",
  "commits",
  "create",
  "create_dir",
  "edit",
  "files",
  "find_file",
  "new",
  "preview",
  "raw",
  "refs",
  "tree",
  "update",
  "wikis",
]);

function refuse(message: string): RepositoryUrlResult {
  return { ok: false, message };
}

/**
 * The canonical address of a repository from what a person typed or pasted: their browser's
 * address bar on any page of the repository, or its clone address. Only https is accepted (http
 * with allowHttp, for a server in the tests), never with a user name or password in it.
 */
export function normaliseRepositoryUrl(input: string, options: { allowHttp?: boolean } = {}): RepositoryUrlResult {
  const text = input.trim();
  if (text === "") return refuse("Enter the repository's web address");
  if (text.length > MAX_REPOSITORY_URL_LENGTH) {
    return refuse(`The repository's address must be ${MAX_REPOSITORY_URL_LENGTH} characters or fewer`);
  }
  if (/\s/.test(text)) return refuse("The repository's address must not contain spaces");
  // git@github.com:owner/project.git is what the green Code button offers first for SSH users.
  if (/^[\w.-]+@[\w.-]+:/.test(text)) {
    return refuse(`Enter the repository's web address starting with https://, not its SSH address`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(text)
      ? refuse(`Enter the repository's full web address: for example ${EXAMPLE}`)
      : refuse(MUST_BE_HTTPS);
  }
  const allowHttp = options.allowHttp === true;
  if (parsed.protocol !== "https:" && !(allowHttp && parsed.protocol === "http:")) return refuse(MUST_BE_HTTPS);
  if (parsed.username !== "" || parsed.password !== "") {
    return refuse("Remove the user name and password from the repository's address");
  }

  // The URL parser has already lower-cased the host, turned other spellings of an IP address
  // (0x7f.1) into dotted decimal, and dropped the default port.
  const hostname = parsed.hostname.replace(/\.$/, "");
  if (hostname === "") return refuse(`Enter the repository's full web address: for example ${EXAMPLE}`);
  const isIpLiteral = parseIpAddress(hostname) !== null;
  if (!allowHttp && (isIpLiteral || !hostname.includes("."))) {
    return refuse(`Enter the repository's address with its host's name, such as ${EXAMPLE}`);
  }
  // www.github.com is github.com; on other hosts www. may be a different server, so it stays.
  const bare = hostname.startsWith("www.") ? hostname.slice(4) : hostname;
  const kind = KNOWN_HOSTS.get(bare) ?? "other";
  const name = kind === "other" ? hostname : bare;
  const host = parsed.port === "" ? name : `${name}:${parsed.port}`;
  const segments = parsed.pathname.split("/").filter((segment) => segment !== "");

  const path = kind === "other" ? segments.join("/") : knownHostPath(kind, segments);
  if (typeof path !== "string") return path;
  if (path === "") return refuse(`Enter the repository's full address, including its path: for example ${EXAMPLE}`);
  return { ok: true, repository: { url: `${parsed.protocol}//${host}/${path}`, host, kind, path } };
}

function knownHostPath(
  kind: Exclude<RepositoryHostKind, "other">,
  segments: readonly string[],
): string | { ok: false; message: string } {
  if (segments.length === 0) return { ok: false, message: NOT_A_REPOSITORY };
  let parts: string[];
  if (kind === "gitlab") {
    // A GitLab project sits under any depth of groups; its own pages follow /-/.
    const end = segments.findIndex(
      (segment, index) => segment === "-" || (index >= 2 && GITLAB_PROJECT_PAGES.has(segment)),
    );
    parts = end === -1 ? [...segments] : segments.slice(0, end);
  } else {
    if (kind === "github" && GITHUB_RESERVED.has(segments[0]!.toLowerCase())) {
      return { ok: false, message: NOT_A_REPOSITORY };
    }
    parts = segments.slice(0, 2);
  }
  const repository = (parts.pop() ?? "").replace(/\.git$/i, "");
  if (repository !== "") parts.push(repository);
  if (parts.length < 2) return { ok: false, message: parts.length === 1 ? OWNER_ONLY : NOT_A_REPOSITORY };
  return parts.join("/");
}

function asRepository(repository: Repository | string): Repository {
  if (typeof repository !== "string") return repository;
  // A stored address was checked when it was saved, perhaps with http allowed, so allow it here.
  const result = normaliseRepositoryUrl(repository, { allowHttp: true });
  if (result.ok) return result.repository;
  const url = repository.trim().replace(/\/+$/, "");
  return { url, host: "", kind: "other", path: "" };
}

/** Where to browse the code as it was at a commit. Hosts we do not know get the repository's own page. */
export function codeAtCommitUrl(repository: Repository | string, commit: string): string {
  const { url, kind } = asRepository(repository);
  const sha = encodeURIComponent(commit);
  switch (kind) {
    case "github":
      return `${url}/tree/${sha}`;
    case "gitlab":
      return `${url}/-/tree/${sha}`;
    case "bitbucket":
      return `${url}/src/${sha}`;
    case "codeberg":
      return `${url}/src/commit/${sha}`;
    case "other":
      return url;
  }
}

/** The page of one commit, or null on a host whose pages we do not know. */
export function commitUrl(repository: Repository | string, commit: string): string | null {
  const { url, kind } = asRepository(repository);
  const sha = encodeURIComponent(commit);
  switch (kind) {
    case "github":
      return `${url}/commit/${sha}`;
    case "gitlab":
      return `${url}/-/commit/${sha}`;
    case "bitbucket":
      return `${url}/commits/${sha}`;
    case "codeberg":
      return `${url}/commit/${sha}`;
    case "other":
      return null;
  }
}

/** A commit as people quote it: the first seven characters, as git and the forges show it. */
export function shortCommit(commit: string): string {
  return commit.trim().slice(0, 7);
}

export type IpAddress = { version: 4; bytes: number[] } | { version: 6; bytes: number[] };

/**
 * An IPv4 address in dotted decimal, or an IPv6 address in any of its written forms (with ::, an
 * IPv4 tail, a zone id such as %eth0, or square brackets), as bytes; null when it is neither.
 * Leading zeros in IPv4 are refused, as some software reads them as octal.
 */
export function parseIpAddress(address: string): IpAddress | null {
  const ipv4 = parseIpv4(address);
  if (ipv4) return { version: 4, bytes: ipv4 };
  const ipv6 = parseIpv6(address);
  return ipv6 ? { version: 6, bytes: ipv6 } : null;
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(input: string): number[] | null {
  let text = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const zone = text.indexOf("%");
  if (zone !== -1) {
    if (zone === text.length - 1) return null;
    text = text.slice(0, zone);
  }
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): number[] | null => {
    if (half === undefined || half === "") return [];
    const words: number[] = [];
    const pieces = half.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes(".")) {
        const tail = parseIpv4(piece);
        if (!tail) return null;
        words.push((tail[0]! << 8) | tail[1]!, (tail[2]! << 8) | tail[3]!);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return null;
        words.push(parseInt(piece, 16));
      }
    }
    return words;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === null || tail === null) return null;
  // An IPv4 tail may only end the address.
  if (halves.length === 2 && halves[0]!.includes(".")) return null;
  let words: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    words = head;
  }
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

// [first bytes, prefix length in bits]: networks that are private, local, shared, reserved for
// documentation or benchmarks, multicast or otherwise not the public internet.
const IPV4_NOT_PUBLIC: readonly (readonly [number[], number])[] = [
  [[0], 8],
  [[10], 8],
  [[100, 64], 10],
  [[127], 8],
  [[169, 254], 16],
  [[172, 16], 12],
  [[192, 0, 0], 24],
  [[192, 0, 2], 24],
  [[192, 88, 99], 24],
  [[192, 168], 16],
  [[198, 18], 15],
  [[198, 51, 100], 24],
  [[203, 0, 113], 24],
  [[224], 4],
  [[240], 4],
];

// Inside 2000::/3, the only IPv6 space handed out for the public internet.
const IPV6_NOT_PUBLIC: readonly (readonly [number[], number])[] = [
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0x20, 0x01, 0x00], 23], // IETF protocol assignments, such as Teredo
  [[0x3f, 0xff, 0x00], 20], // documentation
];

function inNetwork(bytes: readonly number[], network: readonly number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const width = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((network[index] ?? 0) & mask)) return false;
  }
  return true;
}

function isPublicIpv4(bytes: readonly number[]): boolean {
  return !IPV4_NOT_PUBLIC.some(([network, prefix]) => inNetwork(bytes, network, prefix));
}

/**
 * Whether a server may connect to this address when fetching a repository: false for anything
 * private, local, reserved or not an IP address at all, so that an entrant's repository address
 * cannot reach into the network the server runs in.
 */
export function isPublicAddress(address: string): boolean {
  const parsed = parseIpAddress(address.trim());
  if (parsed === null) return false;
  if (parsed.version === 4) return isPublicIpv4(parsed.bytes);
  const bytes = parsed.bytes;
  // ::ffff:a.b.c.d reaches the IPv4 address a.b.c.d.
  if (bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return isPublicIpv4(bytes.slice(12));
  }
  // 6to4 (2002::/16) carries an IPv4 address in its next 32 bits.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return isPublicIpv4(bytes.slice(2, 6));
  // Outside 2000::/3 lie ::, ::1, fc00::/7, fe80::/10, ff00::/8, 64:ff9b::/96 and the rest.
  if (!inNetwork(bytes, [0x20], 3)) return false;
  return !IPV6_NOT_PUBLIC.some(([network, prefix]) => inNetwork(bytes, network, prefix));
}
