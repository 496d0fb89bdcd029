// Where organisers find the events they run, and start a new one.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { requireUser } from "~/auth/guards.server";
import { pageTitle } from "~/components/layout";
import { KIND_LABELS } from "~/components/manage";
import { ResponsiveTable } from "~/components/table";
import { computePhase, phaseLabel } from "~/domain/phases";
import { communitiesOrganisedBy } from "~/models/communities.server";
import { eventsOrganisedBy } from "~/models/events.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Events you organise") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [events, communities] = await Promise.all([
    eventsOrganisedBy(user),
    communitiesOrganisedBy(user.id, { isAdmin: user.isAdmin }),
  ]);
  const now = new Date();
  return {
    canCreate: communities.length > 0,
    communities: communities.map((community) => ({ slug: community.slug, name: community.name })),
    events: events.map(({ event, community }) => ({
      slug: event.slug,
      title: event.title,
      kind: KIND_LABELS[event.kind],
      community: community.name,
      status: event.status === "draft" ? "Draft" : phaseLabel(computePhase(event.status, event, now)),
    })),
  };
}

export default function OrganisePage() {
  const { events, canCreate, communities } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Events you organise</h1>
      {canCreate ? (
        <p>
          <Link className="nhsuk-button" to="/organise/new">
            Create an event
          </Link>
        </p>
      ) : (
        <p>
          To create events you need to be an organiser of a Code4Health community. Ask the platform&apos;s
          administrators to add you to your community&apos;s organisers.
        </p>
      )}
      {events.length === 0 ? (
        <p>You do not organise any events yet.</p>
      ) : (
        <ResponsiveTable
          caption="Events you organise"
          columns={[{ heading: "Event" }, { heading: "Kind" }, { heading: "Community" }, { heading: "Status" }]}
          rows={events.map((event) => ({
            key: event.slug,
            cells: [
              <Link to={`/events/${event.slug}/manage`}>{event.title}</Link>,
              event.kind,
              event.community,
              event.status,
            ],
          }))}
        />
      )}
      {communities.length > 0 ? (
        <>
          <h2>Your communities</h2>
          <ul className="nhsuk-list">
            {communities.map((community) => (
              <Fragment key={community.slug}>
                <li>
                  <Link to={`/organise/communities/${community.slug}/prize-money`}>
                    Prize money across {community.name}
                  </Link>
                </li>
                <li>
                  <Link to={`/organise/communities/${community.slug}/support-report`}>
                    Follow-on support across {community.name}
                  </Link>
                </li>
              </Fragment>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
