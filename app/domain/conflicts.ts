// Conflicts of interest between a judge and a team: the ones we can detect from what people told us
// when they registered (membership, organisation, email domain), and the ones a judge declares.
// A detected conflict keeps the judge away from the entry; the label tells the organiser why.

/**
 * Email domains that many unrelated people share, so a shared domain says nothing about working
 * together. Matched exactly: NHS trust domains such as "leedsth.nhs.uk" are one organisation and so
 * ARE evidence of a conflict, while "nhs.net", "nhs.scot" and "wales.nhs.uk" are national mail
 * services used across every trust or health board. An organiser who wants every trust treated as
 * shared adds "*.nhs.uk" to the event's extra list. University domains ("leeds.ac.uk") stay
 * specific; a bare "ac.uk" never appears in an address.
 */
export const SHARED_EMAIL_DOMAINS: readonly string[] = [
  "nhs.net",
  "nhs.uk",
  "nhs.scot",
  "wales.nhs.uk",
  "hscni.net",
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.co.uk",
  "live.com",
  "live.co.uk",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "protonmail.com",
  "proton.me",
  "pm.me",
  "btinternet.com",
  "sky.com",
  "virginmedia.com",
  "talktalk.net",
  "aol.com",
];

// Lower-case, without surrounding spaces, a leading "@" or a trailing dot, so "@LeedsTH.nhs.uk."
// and "leedsth.nhs.uk" compare equal whether an organiser or a registration form wrote them.
function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^@+/, "").replace(/\.+$/, "");
}

/** The lower-case part of an address after its last "@"; "" when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : normaliseDomain(email.slice(at + 1));
}

/**
 * Whether people with addresses at `domain` may well be strangers to each other. The built-in list
 * matches exactly (see SHARED_EMAIL_DOMAINS). The organiser's `extra` list matches exactly too,
 * except that an entry "*.example.org" matches example.org and every subdomain of it: an organiser
 * who writes a wildcard means the whole family of addresses. An empty domain is not shared: it is
 * no domain at all, and detectConflicts never compares it.
 */
export function isSharedDomain(domain: string, extra: readonly string[]): boolean {
  const target = normaliseDomain(domain);
  if (target === "") return false;
  if (SHARED_EMAIL_DOMAINS.includes(target)) return true;
  return extra.some((raw) => {
    const entry = normaliseDomain(raw);
    if (entry.startsWith("*.")) {
      const base = entry.slice(2);
      return base !== "" && (target === base || target.endsWith(`.${base}`));
    }
    return entry !== "" && target === entry;
  });
}

/**
 * A form of an organisation's name for comparing what two people typed: lower-case, accents,
 * apostrophes and other punctuation gone, "&" read as "and", spaces collapsed and a leading "the"
 * dropped. Deliberately modest: stripping "NHS Foundation Trust" or "University of" would make
 * different organisations look the same, and each false conflict quietly keeps a judge away from
 * an entry they could have judged.
 */
export function normaliseOrganisation(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['\u2018\u2019`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");
}

export interface JudgeProfile {
  userId: string;
  email: string;
  organisation: string;
}

export interface TeamProfile {
  teamId: string;
  members: { userId: string; email: string; organisation: string }[];
}

export type ConflictReason =
  | { kind: "member" }
  | { kind: "organisation"; organisation: string }
  | { kind: "email_domain"; domain: string }
  | { kind: "declared"; note: string };

/**
 * The conflicts we can see between a judge and a team, at most one of each kind, in the order
 * member, organisation, email domain. A judge who is on the team is compared with the other members
 * only, so that their own organisation and address do not add reasons that say the same thing.
 */
export function detectConflicts(
  judge: JudgeProfile,
  team: TeamProfile,
  options: { extraSharedDomains: readonly string[] },
): ConflictReason[] {
  const reasons: ConflictReason[] = [];
  if (team.members.some((member) => member.userId === judge.userId)) reasons.push({ kind: "member" });
  const others = team.members.filter((member) => member.userId !== judge.userId);

  const organisation = normaliseOrganisation(judge.organisation);
  if (organisation !== "" && others.some((member) => normaliseOrganisation(member.organisation) === organisation)) {
    reasons.push({ kind: "organisation", organisation: judge.organisation.trim().replace(/\s+/g, " ") });
  }

  const domain = emailDomain(judge.email);
  if (
    domain !== "" &&
    !isSharedDomain(domain, options.extraSharedDomains) &&
    others.some((member) => emailDomain(member.email) === domain)
  ) {
    reasons.push({ kind: "email_domain", domain });
  }
  return reasons;
}

/** One line for the organiser's list of conflicts. */
export function conflictLabel(reason: ConflictReason): string {
  switch (reason.kind) {
    case "member":
      return "Is a member of the team";
    case "organisation":
      return `Works at ${reason.organisation}, as a team member does`;
    case "email_domain":
      return `Shares the email domain ${reason.domain} with a team member`;
    case "declared": {
      const note = reason.note.trim();
      return note === "" ? "Declared by the judge" : `Declared: ${note}`;
    }
  }
}
