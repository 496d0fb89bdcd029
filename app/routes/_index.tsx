// The home page: open calls, events coming up and past ones, filterable by community and kind.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/guards.server";
import { Select } from "~/components/form";
import { InsetText, SERVICE_NAME } from "~/components/layout";
import { KIND_LABELS } from "~/components/manage";
import { computePhase, nextDeadline, phaseLabel, type Phase } from "~/domain/phases";
import { formatInstant } from "~/domain/time";
import { listCommunities } from "~/models/communities.server";
import { listPublicEvents } from "~/models/events.server";
import { countUsers, isFirstRunOffered } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: SERVICE_NAME }];

const OPEN: Phase[] = ["registration_open", "submissions_open"];
const UPCOMING: Phase[] = ["announced", "registration_closed"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const url = new URL(request.url);
  const community = url.searchParams.get("community") ?? "";
  const kindParam = url.searchParams.get("kind");
  const kind = kindParam === "hackday" || kindParam === "challenge" ? kindParam : undefined;
  const [events, communities, setupNeeded] = await Promise.all([
    listPublicEvents({ communitySlug: community || undefined, kind }),
    listCommunities(),
    user ? isFirstRunOffered(user.id) : countUsers().then((count) => count === 0),
  ]);
  const now = new Date();
  const cards = events.map(({ event, community }) => {
    const phase = computePhase(event.status, event, now);
    const next = nextDeadline(event.status, event, now);
    return {
      slug: event.slug,
      title: event.title,
      summary: event.summary,
      kind: KIND_LABELS[event.kind],
      community: community.name,
      where: event.isOnline ? "Online" : event.venueName,
      phase,
      phaseLabel: phaseLabel(phase),
      next: next ? `${next.label}: ${formatInstant(next.at, event.timeZone)}` : null,
    };
  });
  return {
    setupNeeded,
    signedIn: Boolean(user),
    filters: { community, kind: kind ?? "" },
    communities: communities.map((row) => ({ value: row.slug, label: row.name })),
    open: cards.filter((card) => OPEN.includes(card.phase)),
    upcoming: cards.filter((card) => UPCOMING.includes(card.phase)),
    past: cards.filter((card) => !OPEN.includes(card.phase) && !UPCOMING.includes(card.phase)),
  };
}

type Card = Awaited<ReturnType<typeof loader>>["open"][number];

function EventList({ cards, empty }: { cards: Card[]; empty: string }) {
  if (cards.length === 0) return <p>{empty}</p>;
  return (
    <ul className="nhsuk-list">
      {cards.map((card) => (
        <li key={card.slug}>
          <div className="nhsuk-card nhsuk-card--clickable">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-m">
                <Link className="nhsuk-card__link" to={`/events/${card.slug}`}>
                  {card.title}
                </Link>
              </h3>
              <p className="nhsuk-body-s">
                {card.kind} · {card.community}
                {card.where ? ` · ${card.where}` : ""}
              </p>
              <p className="nhsuk-card__description">{card.summary}</p>
              <p className="nhsuk-body-s">
                <strong className="nhsuk-tag nhsuk-tag--white">{card.phaseLabel}</strong> {card.next}
              </p>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

export default function HomePage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      {data.setupNeeded ? (
        <InsetText>
          This platform is new. <Link to="/setup">Set it up</Link> by making the first account its administrator.
        </InsetText>
      ) : null}
      <h1>Health-tech hack days and challenges</h1>
      <p className="nhsuk-lede-text">
        Clinicians, developers, designers and patients working together on real clinical problems: NHS Hack Days and
        Code4Health challenges, from the call for entry to a year of support for the winners.
      </p>
      <Form method="get" className="app-filters">
        <Select
          name="community"
          label="Community"
          options={[{ value: "", label: "All communities" }, ...data.communities]}
          defaultValue={data.filters.community}
        />
        <Select
          name="kind"
          label="Kind of event"
          options={[
            { value: "", label: "Hack days and challenges" },
            { value: "hackday", label: KIND_LABELS.hackday },
            { value: "challenge", label: KIND_LABELS.challenge },
          ]}
          defaultValue={data.filters.kind}
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Show events
        </button>
      </Form>
      <h2>Open calls</h2>
      <EventList cards={data.open} empty="There are no open calls for entry at the moment." />
      <h2>Coming up</h2>
      <EventList cards={data.upcoming} empty="No events are announced yet." />
      <h2>Past events</h2>
      <EventList cards={data.past} empty="No past events yet." />
      {data.signedIn ? null : (
        <p>
          <Link to="/signup">Create an account</Link> so you are ready to enter, judge or organise.
        </p>
      )}
    </>
  );
}
