// A prize's winners as organisers review them: place, team and entry, amount, and each member's
// share. The same table on the allocation page and on the approval page.
import { Link } from "@remix-run/react";
import { ordinal } from "~/domain/calls";
import { formatPence } from "~/domain/money";
import type { AwardView } from "~/models/prizes.server";
import { ResponsiveTable } from "./table";

export interface AwardRow {
  id: string;
  place: string;
  teamName: string;
  title: string;
  /** Links the entry to its organisers' page when given. */
  entryHref?: string | null;
  amount: string;
  shares: { id: string; text: string }[];
}

export function WinnersTable({ prizeName, awards }: { prizeName: string; awards: AwardRow[] }) {
  return (
    <ResponsiveTable
      caption={`Winners of ${prizeName}`}
      columns={[
        { heading: "Place" },
        { heading: "Team and entry" },
        { heading: "Amount" },
        { heading: "Members' shares" },
      ]}
      rows={awards.map((award) => ({
        key: award.id,
        cells: [
          award.place,
          <>
            {award.teamName}
            <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">
              {award.entryHref ? <Link to={award.entryHref}>{award.title}</Link> : award.title}
            </span>
          </>,
          award.amount,
          <ul className="nhsuk-list nhsuk-body-s nhsuk-u-margin-bottom-0">
            {award.shares.map((share) => (
              <li key={share.id} className="nhsuk-u-margin-bottom-0">
                {share.text}
              </li>
            ))}
          </ul>,
        ],
      }))}
    />
  );
}

/**
 * Awards as the winners table shows them; `entryHref` links each entry to a page. Each share reads
 * "Cara Okafor: £250", with ", paid to …" when its holder gave it to an organisation.
 */
export function awardRows(awards: readonly AwardView[], entryHref?: (submissionId: string) => string): AwardRow[] {
  return awards.map((award) => ({
    id: award.id,
    place: ordinal(award.place),
    teamName: award.teamName,
    title: award.title,
    entryHref: award.submissionId && entryHref ? entryHref(award.submissionId) : null,
    amount: formatPence(award.amountPence),
    shares: award.shares.map((share) => ({
      id: share.id,
      text: `${share.name}: ${formatPence(share.amountPence)}${
        share.payeeKind === "organisation" ? `, paid to ${share.organisationName}` : ""
      }`,
    })),
  }));
}
