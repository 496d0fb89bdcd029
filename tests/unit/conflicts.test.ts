import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ConflictReason,
  conflictLabel,
  detectConflicts,
  emailDomain,
  isSharedDomain,
  type JudgeProfile,
  normaliseOrganisation,
  SHARED_EMAIL_DOMAINS,
  type TeamProfile,
} from "~/domain/conflicts";

describe("emailDomain", () => {
  it.each([
    ["ann@leedsth.nhs.uk", "leedsth.nhs.uk"],
    ["Ann.Smith@LeedsTH.NHS.UK", "leedsth.nhs.uk"],
    [" bob@example.org. ", "example.org"],
    ['"odd@name"@example.org', "example.org"],
    ["no-at-sign", ""],
    ["trailing@", ""],
    ["", ""],
  ])("%j has domain %j", (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });
});

describe("isSharedDomain", () => {
  it.each([
    ["nhs.net", [], true],
    ["NHS.NET", [], true],
    ["nhs.uk", [], true],
    ["nhs.scot", [], true],
    ["wales.nhs.uk", [], true],
    ["gmail.com", [], true],
    ["hotmail.co.uk", [], true],
    ["proton.me", [], true],
    // An NHS trust or a university is one organisation, so its domain is evidence of a conflict.
    ["leedsth.nhs.uk", [], false],
    ["mft.nhs.uk", [], false],
    ["leeds.ac.uk", [], false],
    // The built-in list matches exactly: nobody has an address at a subdomain of gmail.com.
    ["mail.gmail.com", [], false],
    ["", [], false],
    // The organiser's extra list: exact entries, and "*." for a domain and all its subdomains.
    ["leedsth.nhs.uk", ["*.nhs.uk"], true],
    ["a.b.nhs.uk", ["*.nhs.uk"], true],
    ["example.org", ["*.example.org"], true],
    ["team.example.org", ["*.example.org"], true],
    ["badexample.org", ["*.example.org"], false],
    ["bigcorp.com", ["bigcorp.com"], true],
    ["bigcorp.com", [" @BigCorp.COM "], true],
    ["eu.bigcorp.com", ["bigcorp.com"], false],
    ["bigcorp.com", ["", "*.", "  "], false],
  ] as const)("%j with extra %j is %s", (domain, extra, shared) => {
    expect(isSharedDomain(domain, extra)).toBe(shared);
  });

  it("holds lower-case domains only, each once", () => {
    for (const domain of SHARED_EMAIL_DOMAINS) expect(domain).toBe(domain.toLowerCase().trim());
    expect(new Set(SHARED_EMAIL_DOMAINS).size).toBe(SHARED_EMAIL_DOMAINS.length);
  });
});

describe("normaliseOrganisation", () => {
  it.each([
    ["Leeds Teaching Hospitals NHS Trust", "leeds teaching hospitals nhs trust"],
    ["The Leeds Teaching Hospitals NHS Trust", "leeds teaching hospitals nhs trust"],
    ["  leeds   teaching hospitals, NHS trust. ", "leeds teaching hospitals nhs trust"],
    ["Guy's & St Thomas' NHS Foundation Trust", "guys and st thomas nhs foundation trust"],
    ["Guy’s and St. Thomas’", "guys and st thomas"],
    ["Université de Montréal", "universite de montreal"],
    ["Theatre Company", "theatre company"],
    ["The", "the"],
    ["  ", ""],
    ["---", ""],
  ])("%j becomes %j", (name, normalised) => {
    expect(normaliseOrganisation(name)).toBe(normalised);
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const once = normaliseOrganisation(name);
        expect(normaliseOrganisation(once)).toBe(once);
      }),
    );
  });
});

describe("detectConflicts", () => {
  const options = { extraSharedDomains: [] as string[] };
  const judge: JudgeProfile = {
    userId: "judge",
    email: "jo@leedsth.nhs.uk",
    organisation: "Leeds Teaching Hospitals",
  };
  const member = (userId: string, email: string, organisation: string) => ({ userId, email, organisation });
  const team = (...members: TeamProfile["members"]): TeamProfile => ({ teamId: "team", members });

  it.each<{ name: string; team: TeamProfile; extra?: string[]; reasons: ConflictReason[] }>([
    {
      name: "nothing in common",
      team: team(member("a", "a@york.ac.uk", "University of York"), member("b", "b@gmail.com", "")),
      reasons: [],
    },
    {
      name: "the judge is on the team",
      team: team(member("judge", "jo@leedsth.nhs.uk", "Leeds Teaching Hospitals"), member("a", "a@york.ac.uk", "")),
      reasons: [{ kind: "member" }],
    },
    {
      name: "same organisation, written differently",
      team: team(member("a", "a@gmail.com", "  the leeds teaching hospitals. ")),
      reasons: [{ kind: "organisation", organisation: "Leeds Teaching Hospitals" }],
    },
    {
      name: "same specific email domain",
      team: team(member("a", "A@LeedsTH.nhs.uk", "Somewhere else")),
      reasons: [{ kind: "email_domain", domain: "leedsth.nhs.uk" }],
    },
    {
      name: "same domain, but the organiser treats every trust as shared",
      team: team(member("a", "a@leedsth.nhs.uk", "Somewhere else")),
      extra: ["*.nhs.uk"],
      reasons: [],
    },
    {
      name: "organisation and domain together, each once",
      team: team(
        member("a", "a@leedsth.nhs.uk", "Leeds Teaching Hospitals"),
        member("b", "b@leedsth.nhs.uk", "Leeds Teaching Hospitals"),
      ),
      reasons: [
        { kind: "organisation", organisation: "Leeds Teaching Hospitals" },
        { kind: "email_domain", domain: "leedsth.nhs.uk" },
      ],
    },
    {
      name: "a judge on the team with a colleague on it too",
      team: team(
        member("judge", "jo@leedsth.nhs.uk", "Leeds Teaching Hospitals"),
        member("a", "a@leedsth.nhs.uk", "Leeds Teaching Hospitals"),
      ),
      reasons: [
        { kind: "member" },
        { kind: "organisation", organisation: "Leeds Teaching Hospitals" },
        { kind: "email_domain", domain: "leedsth.nhs.uk" },
      ],
    },
  ])("$name", ({ team, extra, reasons }) => {
    expect(detectConflicts(judge, team, { extraSharedDomains: extra ?? [] })).toEqual(reasons);
  });

  it("does not count a shared email domain", () => {
    const nhsNet = { ...judge, email: "jo@nhs.net", organisation: "" };
    expect(detectConflicts(nhsNet, team(member("a", "a@NHS.net", "")), options)).toEqual([]);
    const gmail = { ...judge, email: "jo@gmail.com", organisation: "" };
    expect(detectConflicts(gmail, team(member("a", "a@gmail.com", "")), options)).toEqual([]);
  });

  it("does not match empty organisations or missing domains", () => {
    const blank = { userId: "judge", email: "not an address", organisation: "  " };
    expect(detectConflicts(blank, team(member("a", "also not an address", "")), options)).toEqual([]);
  });

  it("names the judge's organisation as they wrote it, tidied", () => {
    const spaced = { ...judge, organisation: "  Leeds   Teaching Hospitals " };
    expect(detectConflicts(spaced, team(member("a", "a@x.org", "leeds teaching hospitals")), options)).toEqual([
      { kind: "organisation", organisation: "Leeds Teaching Hospitals" },
    ]);
  });

  it("never reports a shared domain, whatever the team", () => {
    const address = fc
      .tuple(fc.constantFrom("a", "b", "c"), fc.constantFrom(...SHARED_EMAIL_DOMAINS, "leedsth.nhs.uk", "york.ac.uk"))
      .map(([local, domain]) => `${local}@${domain}`);
    fc.assert(
      fc.property(address, fc.array(address, { maxLength: 5 }), (email, emails) => {
        const reasons = detectConflicts(
          { userId: "judge", email, organisation: "" },
          team(...emails.map((e, i) => member(`m${i}`, e, ""))),
          options,
        );
        for (const reason of reasons) {
          if (reason.kind === "email_domain") expect(isSharedDomain(reason.domain, [])).toBe(false);
        }
      }),
    );
  });
});

describe("conflictLabel", () => {
  it.each<[ConflictReason, string]>([
    [{ kind: "member" }, "Is a member of the team"],
    [
      { kind: "organisation", organisation: "Leeds Teaching Hospitals" },
      "Works at Leeds Teaching Hospitals, as a team member does",
    ],
    [{ kind: "email_domain", domain: "leedsth.nhs.uk" }, "Shares the email domain leedsth.nhs.uk with a team member"],
    [{ kind: "declared", note: "I mentored this team last year" }, "Declared: I mentored this team last year"],
    [{ kind: "declared", note: "  " }, "Declared by the judge"],
  ])("%j reads %j", (reason, label) => {
    expect(conflictLabel(reason)).toBe(label);
  });
});
