// A community's prize money across its events: each published event's fund, allocated, paid,
// released, outstanding and unspent money, and the community's totals. For the community's
// organisers and administrators.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfCommunity } from "~/auth/guards.server";
import { pageTitle } from "~/components/layout";
import { ResponsiveTable } from "~/components/table";
import { formatReconciliation } from "~/domain/payouts";
import { communityReconciliation } from "~/models/prizes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Prize money: ${data.name}` : "Prize money") },
];

const STATUS_NAMES = { draft: "Draft", proposed: "Waiting for approval", approved: "Approved" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireOrganiserOfCommunity(request, params.slug);
  const { events, total } = await communityReconciliation(community);
  return {
    name: community.name,
    events: events.map((event) => ({
      slug: event.slug,
      title: event.title,
      status: STATUS_NAMES[event.status],
      ...formatReconciliation(event),
    })),
    total: formatReconciliation(total),
  };
}

export default function CommunityPrizeMoneyPage() {
  const data = useLoaderData<typeof loader>();
  const money = (row: ReturnType<typeof formatReconciliation>) => [
    row.fund,
    row.allocated,
    row.paid,
    row.released,
    row.outstanding,
    row.unspent,
  ];
  return (
    <>
      <Link className="nhsuk-back-link" to="/organise">
        Back to events you organise
      </Link>
      <span className="nhsuk-caption-l">{data.name}</span>
      <h1>Prize money across the community</h1>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <p>
            Every published event of {data.name}: the prize fund, what was given to winners, what has been paid, what
            was declined or forfeited (released), what is still to pay and what was never spent.
          </p>
        </div>
      </div>
      {data.events.length === 0 ? (
        <p>The community has no published events yet.</p>
      ) : (
        <ResponsiveTable
          wide
          caption={`Prize money of ${data.name}'s events`}
          columns={[
            { heading: "Event" },
            { heading: "Allocation" },
            { heading: "Fund" },
            { heading: "Allocated" },
            { heading: "Paid" },
            { heading: "Released" },
            { heading: "Still to pay" },
            { heading: "Unspent" },
          ]}
          rows={[
            ...data.events.map((event) => ({
              key: event.slug,
              cells: [
                <Link key="event" to={`/events/${event.slug}/manage/prize-money/payouts`}>
                  {event.title}
                </Link>,
                event.status,
                ...money(event),
              ],
            })),
            {
              key: "total",
              cells: [
                <strong key="total">All events</strong>,
                "",
                ...money(data.total).map((value, index) => <strong key={index}>{value}</strong>),
              ],
            },
          ]}
        />
      )}
    </>
  );
}
