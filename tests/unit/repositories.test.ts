import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codeAtCommitUrl,
  commitUrl,
  isPublicAddress,
  normaliseRepositoryUrl,
  parseIpAddress,
  shortCommit,
  type Repository,
} from "~/domain/repositories";

const SHA = "0123456789abcdef0123456789abcdef01234567";

function canonical(input: string, options?: { allowHttp?: boolean }): string {
  const result = normaliseRepositoryUrl(input, options);
  if (!result.ok) throw new Error(`refused ${input}: ${result.message}`);
  return result.repository.url;
}

function refusal(input: string, options?: { allowHttp?: boolean }): string {
  const result = normaliseRepositoryUrl(input, options);
  if (result.ok) throw new Error(`accepted ${input} as ${result.repository.url}`);
  return result.message;
}

const OWNER_ONLY =
  "Enter the address of the repository, not of its owner: for example https://github.com/owner/project";

describe("normaliseRepositoryUrl", () => {
  it.each([
    // GitHub
    ["https://github.com/nhsx/repo", "https://github.com/nhsx/repo"],
    ["  https://github.com/nhsx/repo  ", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo/", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo.git", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo.git/", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo/tree/main", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo/tree/feature/x", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo/blob/main/README.md", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo/commits", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo/issues/12", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo/pulls", "https://github.com/nhsx/repo"],
    ["https://github.com/nhsx/repo?tab=readme-ov-file#setup", "https://github.com/nhsx/repo"],
    ["https://www.github.com/nhsx/repo", "https://github.com/nhsx/repo"],
    ["https://GitHub.COM/NHSX/Repo-Name", "https://github.com/NHSX/Repo-Name"],
    ["https://github.com:443/nhsx/repo", "https://github.com/nhsx/repo"],
    ["https://github.com./nhsx/repo", "https://github.com/nhsx/repo"],
    ["https://github.com//nhsx//repo", "https://github.com/nhsx/repo"],
    ["HTTPS://github.com/nhsx/repo", "https://github.com/nhsx/repo"],
    // GitLab, with groups and subgroups
    ["https://gitlab.com/group/project", "https://gitlab.com/group/project"],
    ["https://gitlab.com/group/project.git", "https://gitlab.com/group/project"],
    ["https://gitlab.com/group/sub/deeper/project", "https://gitlab.com/group/sub/deeper/project"],
    ["https://gitlab.com/group/sub/project/-/tree/main", "https://gitlab.com/group/sub/project"],
    ["https://gitlab.com/group/sub/project/-/blob/main/README.md", "https://gitlab.com/group/sub/project"],
    ["https://gitlab.com/group/project/-/issues/3", "https://gitlab.com/group/project"],
    ["https://gitlab.com/group/project/tree/main", "https://gitlab.com/group/project"],
    ["https://gitlab.com/group/sub/project/blob/main/x.py", "https://gitlab.com/group/sub/project"],
    ["https://www.gitlab.com/Group/Project/", "https://gitlab.com/Group/Project"],
    // Bitbucket
    ["https://bitbucket.org/workspace/repo", "https://bitbucket.org/workspace/repo"],
    ["https://bitbucket.org/workspace/repo.git", "https://bitbucket.org/workspace/repo"],
    ["https://bitbucket.org/workspace/repo/src/main/", "https://bitbucket.org/workspace/repo"],
    ["https://bitbucket.org/workspace/repo/commits/", "https://bitbucket.org/workspace/repo"],
    // Codeberg
    ["https://codeberg.org/owner/repo", "https://codeberg.org/owner/repo"],
    ["https://codeberg.org/owner/repo.git", "https://codeberg.org/owner/repo"],
    ["https://codeberg.org/owner/repo/src/branch/main", "https://codeberg.org/owner/repo"],
    ["https://codeberg.org/owner/repo/issues", "https://codeberg.org/owner/repo"],
    // Other hosts keep their path, and .git, which some servers need.
    ["https://git.example.org/team/project.git", "https://git.example.org/team/project.git"],
    ["https://git.example.org/team/project/", "https://git.example.org/team/project"],
    ["https://Git.Example.ORG/Team/Project?x=1#y", "https://git.example.org/Team/Project"],
    ["https://git.example.org:8443/scm/project.git", "https://git.example.org:8443/scm/project.git"],
    ["https://gitlab.nhs.uk/group/project/-/tree/main", "https://gitlab.nhs.uk/group/project/-/tree/main"],
    ["https://www.example.org/git/project", "https://www.example.org/git/project"],
  ])("%s is %s", (input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  it("names the kind of host and the path", () => {
    expect(normaliseRepositoryUrl("https://gitlab.com/a/b/c/-/tree/main")).toEqual({
      ok: true,
      repository: { url: "https://gitlab.com/a/b/c", host: "gitlab.com", kind: "gitlab", path: "a/b/c" },
    });
    expect(normaliseRepositoryUrl("https://github.com/nhsx/repo").ok && "github").toBe("github");
    const other = normaliseRepositoryUrl("https://git.example.org:8443/x.git");
    expect(other.ok && other.repository).toEqual({
      url: "https://git.example.org:8443/x.git",
      host: "git.example.org:8443",
      kind: "other",
      path: "x.git",
    });
    for (const [url, kind] of [
      ["https://bitbucket.org/w/r", "bitbucket"],
      ["https://codeberg.org/o/r", "codeberg"],
      ["https://github.com/o/r", "github"],
    ] as const) {
      const result = normaliseRepositoryUrl(url);
      expect(result.ok && result.repository.kind).toBe(kind);
    }
  });

  it.each([
    ["", "Enter the repository's web address"],
    ["   ", "Enter the repository's web address"],
    ["http://github.com/nhsx/repo", "The repository's address must start with https://"],
    ["ftp://github.com/nhsx/repo", "The repository's address must start with https://"],
    ["ssh://git@github.com/nhsx/repo.git", "The repository's address must start with https://"],
    ["github.com/nhsx/repo", "The repository's address must start with https://"],
    ["git@github.com:nhsx/repo.git", "Enter the repository's web address starting with https://, not its SSH address"],
    ["https://user:secret@github.com/nhsx/repo", "Remove the user name and password from the repository's address"],
    ["https://token@github.com/nhsx/repo", "Remove the user name and password from the repository's address"],
    ["https://github.com/nhsx", OWNER_ONLY],
    ["https://github.com/nhsx/", OWNER_ONLY],
    ["https://github.com/nhsx/.git", OWNER_ONLY],
    ["https://gitlab.com/group", OWNER_ONLY],
    ["https://gitlab.com/group/-/issues", OWNER_ONLY],
    ["https://bitbucket.org/workspace", OWNER_ONLY],
    ["https://codeberg.org/owner", OWNER_ONLY],
    ["https://github.com", "Enter the address of the repository itself: for example https://github.com/owner/project"],
    [
      "https://github.com/orgs/nhsx/repositories",
      "Enter the address of the repository itself: for example https://github.com/owner/project",
    ],
    [
      "https://git.example.org",
      "Enter the repository's full address, including its path: for example https://github.com/owner/project",
    ],
    [
      "https://git.example.org/",
      "Enter the repository's full address, including its path: for example https://github.com/owner/project",
    ],
    ["https://github.com/nhsx/my repo", "The repository's address must not contain spaces"],
    ["https://", "Enter the repository's full web address: for example https://github.com/owner/project"],
    [
      "https://127.0.0.1/repo.git",
      "Enter the repository's address with its host's name, such as https://github.com/owner/project",
    ],
    [
      "https://[::1]/repo.git",
      "Enter the repository's address with its host's name, such as https://github.com/owner/project",
    ],
    [
      "https://0x7f.1/repo.git",
      "Enter the repository's address with its host's name, such as https://github.com/owner/project",
    ],
    [
      "https://localhost/repo.git",
      "Enter the repository's address with its host's name, such as https://github.com/owner/project",
    ],
    [`https://github.com/nhsx/${"a".repeat(500)}`, "The repository's address must be 500 characters or fewer"],
  ])("refuses %j", (input, message) => {
    expect(refusal(input)).toBe(message);
  });

  it("allows http and local servers only when asked to, for the tests' own git server", () => {
    expect(canonical("http://127.0.0.1:4567/team/project.git", { allowHttp: true })).toBe(
      "http://127.0.0.1:4567/team/project.git",
    );
    expect(canonical("http://localhost:4567/project.git", { allowHttp: true })).toBe(
      "http://localhost:4567/project.git",
    );
    expect(canonical("http://github.com/nhsx/repo/", { allowHttp: true })).toBe("http://github.com/nhsx/repo");
    expect(canonical("http://git.example.org:80/x", { allowHttp: true })).toBe("http://git.example.org/x");
    expect(refusal("http://127.0.0.1:4567/team/project.git")).toBe("The repository's address must start with https://");
    expect(refusal("ftp://127.0.0.1/x", { allowHttp: true })).toBe("The repository's address must start with https://");
    expect(refusal("http://u:p@127.0.0.1/x", { allowHttp: true })).toBe(
      "Remove the user name and password from the repository's address",
    );
  });

  it("gives the same address for its own output", () => {
    const inputs = [
      "https://github.com/nhsx/repo/tree/main",
      "https://gitlab.com/a/b/c/-/tree/main",
      "https://git.example.org/x/y.git/",
      "https://bitbucket.org/w/r/src/main",
    ];
    for (const input of inputs) expect(canonical(canonical(input))).toBe(canonical(input));
  });

  it("never throws, whatever is typed", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), (input) => {
        const result = normaliseRepositoryUrl(input);
        if (result.ok) {
          expect(result.repository.url.startsWith("https://")).toBe(true);
          expect(result.repository.url).not.toMatch(/[?#]|\/$/);
        } else {
          expect(result.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe("links at a commit", () => {
  const repo = (url: string): Repository => {
    const result = normaliseRepositoryUrl(url);
    if (!result.ok) throw new Error(result.message);
    return result.repository;
  };

  it.each([
    [
      "https://github.com/nhsx/repo",
      `https://github.com/nhsx/repo/tree/${SHA}`,
      `https://github.com/nhsx/repo/commit/${SHA}`,
    ],
    ["https://gitlab.com/g/s/p", `https://gitlab.com/g/s/p/-/tree/${SHA}`, `https://gitlab.com/g/s/p/-/commit/${SHA}`],
    ["https://bitbucket.org/w/r", `https://bitbucket.org/w/r/src/${SHA}`, `https://bitbucket.org/w/r/commits/${SHA}`],
    [
      "https://codeberg.org/o/r",
      `https://codeberg.org/o/r/src/commit/${SHA}`,
      `https://codeberg.org/o/r/commit/${SHA}`,
    ],
    ["https://git.example.org/x.git", "https://git.example.org/x.git", null],
  ])("%s", (url, tree, commit) => {
    expect(codeAtCommitUrl(repo(url), SHA)).toBe(tree);
    expect(commitUrl(repo(url), SHA)).toBe(commit);
    // A stored address works as well as a parsed one.
    expect(codeAtCommitUrl(url, SHA)).toBe(tree);
    expect(commitUrl(url, SHA)).toBe(commit);
  });

  it("reads a stored address from the tests' http server, and copes with one it cannot read", () => {
    expect(commitUrl("http://127.0.0.1:4567/p.git", SHA)).toBeNull();
    expect(codeAtCommitUrl("http://127.0.0.1:4567/p.git", SHA)).toBe("http://127.0.0.1:4567/p.git");
    expect(codeAtCommitUrl("not a url/", SHA)).toBe("not a url");
    expect(commitUrl("not a url", SHA)).toBeNull();
  });

  it("shortens a commit to seven characters", () => {
    expect(shortCommit(SHA)).toBe("0123456");
    expect(shortCommit("abc")).toBe("abc");
  });
});

describe("parseIpAddress", () => {
  it.each([
    ["127.0.0.1", [127, 0, 0, 1]],
    ["255.255.255.255", [255, 255, 255, 255]],
    ["::", new Array(16).fill(0)],
    ["::1", [...new Array(15).fill(0), 1]],
    ["2001:db8::8a2e:370:7334", [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34]],
    ["::ffff:192.0.2.1", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]],
    ["fe80::1%eth0", [0xfe, 0x80, ...new Array(13).fill(0), 1]],
    ["[::1]", [...new Array(15).fill(0), 1]],
    ["1:2:3:4:5:6:7:8", [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ["1::", [0, 1, ...new Array(14).fill(0)]],
  ])("reads %s", (address, bytes) => {
    expect(parseIpAddress(address)?.bytes).toEqual(bytes);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.1",
    "01.2.3.4",
    "1.2.3.-4",
    " 1.2.3.4",
    "example.org",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8",
    "12345::",
    ":1::",
    "1:",
    "::1.2.3",
    "::1.2.3.4:5",
    "1.2.3.4::",
    "fe80::1%",
    "g::1",
  ])("refuses %j", (address) => {
    expect(parseIpAddress(address)).toBeNull();
  });
});

describe("isPublicAddress", () => {
  it.each([
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "10.255.255.255",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "127.1.2.3",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.10",
    "192.88.99.1",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.255",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "0:0:0:0:0:0:0:1",
    "0000:0000:0000:0000:0000:0000:0000:0001",
    "fc00::1",
    "fd12:3456:789a::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "fec0::1",
    "ff02::1",
    "2001:db8::1",
    "2001:0db8:85a3::8a2e:0370:7334",
    "64:ff9b::808:808",
    "64:ff9b::8.8.8.8",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "0:0:0:0:0:ffff:192.168.0.1",
    "::127.0.0.1",
    "2002:7f00:1::",
    "2002:a00:1::1",
    "2001::1",
    "100::1",
    "[::1]",
    "",
    "localhost",
    "not an address",
    "1.2.3",
    "08.8.8.8",
  ])("%j is not public", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "100.63.255.255",
    "100.128.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.0.1.1",
    "192.167.1.1",
    "198.17.255.255",
    "198.20.0.0",
    "203.0.114.1",
    "223.255.255.255",
    "151.101.1.69",
    "2606:4700:4700::1111",
    "2a00:1450:4009:80b::200e",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "2002:808:808::1",
    "[2606:4700:4700::1111]",
  ])("%j is public", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (address) => {
        expect(typeof isPublicAddress(address)).toBe("boolean");
      }),
    );
  });

  it("reads every address fast-check writes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (address) => {
        expect(parseIpAddress(address)).not.toBeNull();
      }),
    );
  });
});
