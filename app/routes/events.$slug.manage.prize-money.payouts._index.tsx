// Payouts of the event's prize money: the sums that finance reconciles (fund, allocated, paid,
// released, outstanding, unspent) and every member's share with its status and payment reference.
// Bank details are never kept here: finance collects them through its own process.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { InsetText, SummaryList, pageTitle } from "~/components/layout";
import { ResponsiveTable } from "~/components/table";
import { ordinal } from "~/domain/calls";
import { formatPence } from "~/domain/money";
import { formatDate } from "~/domain/time";
import { PAYOUT_STATUS_NAMES, formatReconciliation, type PayoutStatus } from "~/domain/payouts";
import { allocationState, eventReconciliation, payouts } from "~/models/prizes.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Payouts") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const [money, rows, state] = await Promise.all([eventReconciliation(event), payouts(event), allocationState(event)]);
  return {
    slug: event.slug,
    title: event.title,
    approved: state.status === "approved",
    done: new URL(request.url).searchParams.get("done"),
    money: formatReconciliation(money),
    shares: rows.map((row) => ({
      id: row.id,
      prize: row.categoryName,
      place: ordinal(row.place),
      teamName: row.teamName,
      name: row.name,
      payee: row.payeeKind === "organisation" ? row.organisationName : row.name,
      toOrganisation: row.payeeKind === "organisation",
      amount: formatPence(row.amountPence),
      status: row.status,
      reference: row.paymentReference,
      paidOn: row.paidOn ? formatDate(row.paidOn) : null,
    })),
  };
}

const PAYOUT_TAG_CLASSES: Record<PayoutStatus, string> = {
  awaiting_details: "nhsuk-tag nhsuk-tag--grey",
  ready: "nhsuk-tag nhsuk-tag--blue",
  paid: "nhsuk-tag nhsuk-tag--green",
  declined: "nhsuk-tag nhsuk-tag--orange",
  forfeited: "nhsuk-tag nhsuk-tag--red",
};

export default function PayoutsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/prize-money`}>
        Back to prize money
      </Link>
      {data.done === "changed" ? <InsetText>The payout has been updated.</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Payouts</h1>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <p>
            We keep only each share&apos;s status and the payment reference. Bank details are never entered here: the
            finance team collects them from each winner through its own process.
          </p>
          <h2>Reconciliation</h2>
          <SummaryList
            rows={[
              { key: "Prize fund", value: data.money.fund },
              { key: "Allocated to winners", value: data.money.allocated },
              { key: "Paid", value: data.money.paid },
              { key: "Released (declined or forfeited)", value: data.money.released },
              { key: "Still to pay", value: data.money.outstanding },
              { key: "Unspent", value: data.money.unspent },
            ]}
          />
          <p>
            <a href={`/events/${data.slug}/manage/prize-money/finance.csv`} download>
              Download the finance file (CSV)
            </a>
          </p>
        </div>
      </div>
      <h2>Shares</h2>
      {!data.approved ? <p>Payouts start once the allocation is approved.</p> : null}
      {data.shares.length === 0 ? (
        <p>No prize has been given yet.</p>
      ) : (
        <ResponsiveTable
          wide
          caption="Shares of prize money"
          columns={[
            { heading: "Prize" },
            { heading: "Team" },
            { heading: "Payee" },
            { heading: "Amount" },
            { heading: "Status" },
            { heading: "Reference" },
            { heading: "Action", visuallyHidden: true },
          ]}
          rows={data.shares.map((share) => ({
            key: share.id,
            cells: [
              `${share.prize}, ${share.place}`,
              share.teamName,
              share.toOrganisation ? (
                <>
                  {share.payee}
                  <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">chosen by {share.name}</span>
                </>
              ) : (
                share.payee
              ),
              share.amount,
              <strong className={PAYOUT_TAG_CLASSES[share.status]}>{PAYOUT_STATUS_NAMES[share.status]}</strong>,
              share.reference ? (
                <>
                  {share.reference}
                  {share.paidOn ? (
                    <>
                      <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">paid on {share.paidOn}</span>
                    </>
                  ) : null}
                </>
              ) : (
                "None"
              ),
              data.approved ? (
                <Link to={share.id}>
                  Change<span className="nhsuk-u-visually-hidden"> the payout of {share.name}'s share</span>
                </Link>
              ) : (
                ""
              ),
            ],
          }))}
        />
      )}
    </>
  );
}
