// The event's results for everyone: each prize's winners and, when the organisers chose one, the
// full ranking of a judging round. Nothing of them shows before the announcement's time, even
// when it is set: until then the page says when the results are expected.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireVisibleEvent } from "~/auth/guards.server";
import { pageTitle } from "~/components/layout";
import { ResponsiveTable } from "~/components/table";
import { ordinal } from "~/domain/calls";
import { formatPence } from "~/domain/money";
import { phaseFlags } from "~/domain/phases";
import { formatInstant } from "~/domain/time";
import { publicResults } from "~/models/announcements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Results of ${data.title}` : "Results") },
  ...(data?.results
    ? [{ name: "description", content: `The winners of ${data.title}, announced on ${data.results.announcedAt}.` }]
    : []),
];

/** "1st", or "Joint 1st" when more than one entry holds the place. */
function placeLabel(place: number, holders: number): string {
  return holders > 1 ? `Joint ${ordinal(place)}` : ordinal(place);
}

function countBy(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireVisibleEvent(request, params.slug);
  const now = new Date();
  const show = (at: Date) => formatInstant(at, event.timeZone, { withWeekday: true });
  const results = phaseFlags(event.status, event, now).resultsPublished ? await publicResults(event, now) : null;
  const base = {
    slug: event.slug,
    title: event.title,
    zone: event.timeZone === "Europe/London" ? "UK time" : event.timeZone,
  };
  if (!results) {
    // Only when: never who. A time set for the announcement replaces the date planned.
    const scheduled = event.resultsAnnouncedAt && event.resultsAnnouncedAt > now ? event.resultsAnnouncedAt : null;
    const planned = event.resultsPublishedAt;
    return {
      ...base,
      results: null,
      cancelled: event.status === "cancelled",
      expected: scheduled
        ? { kind: "scheduled" as const, at: show(scheduled) }
        : planned
          ? { kind: planned > now ? ("planned" as const) : ("overdue" as const), at: show(planned) }
          : null,
    };
  }
  return {
    ...base,
    cancelled: false,
    expected: null,
    results: {
      announcedAt: results.announcedAt,
      categories: results.categories.map((category) => {
        const holders = countBy(category.winners.map((winner) => winner.place));
        return {
          id: category.id,
          name: category.name,
          sponsor: category.sponsor,
          themeTitle: category.themeTitle,
          winners: category.winners.map((winner) => ({
            key: `${winner.place}-${winner.submissionId ?? winner.teamName}`,
            place: placeLabel(winner.place, holders.get(winner.place) ?? 1),
            title: winner.title,
            teamName: winner.teamName,
            submissionId: winner.submissionId,
            amount: formatPence(winner.amountPence),
          })),
        };
      }),
      ranking: results.ranking && {
        roundName: results.ranking.roundName,
        entries: (() => {
          const holders = countBy(results.ranking.entries.map((entry) => entry.rank));
          return results.ranking.entries.map((entry) => ({
            ...entry,
            rank: placeLabel(entry.rank, holders.get(entry.rank) ?? 1),
          }));
        })(),
      },
    },
  };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ResultsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to {data.title}
      </Link>
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Results</h1>
      {data.results ? <Announced data={data} results={data.results} /> : <NotYet data={data} />}
    </>
  );
}

function NotYet({ data }: { data: LoaderData }) {
  if (data.cancelled) return <p>This event was cancelled, so there are no results.</p>;
  const expected = data.expected;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <p>The results have not been announced yet.</p>
        {expected?.kind === "scheduled" ? (
          <p>
            They will be published here on <strong>{expected.at}</strong> ({data.zone}).
          </p>
        ) : expected?.kind === "planned" ? (
          <p>
            They are expected on <strong>{expected.at}</strong> ({data.zone}).
          </p>
        ) : expected?.kind === "overdue" ? (
          <p>
            They were expected on {expected.at} ({data.zone}). The organisers will publish them here as soon as they are
            ready.
          </p>
        ) : (
          <p>The organisers have not set a date for them yet.</p>
        )}
        <p>
          <Link to={`/events/${data.slug}`}>See the event's timeline</Link>
        </p>
      </div>
    </div>
  );
}

function Announced({ data, results }: { data: LoaderData; results: NonNullable<LoaderData["results"]> }) {
  const project = (submissionId: string | null, title: string) =>
    submissionId ? <Link to={`/events/${data.slug}/projects/${submissionId}`}>{title}</Link> : title;
  return (
    <>
      <p className="nhsuk-lede-text">Announced on {results.announcedAt}.</p>
      {results.categories.length === 0 ? <p>This event had no prizes.</p> : null}
      {results.categories.map((category) => (
        <section key={category.id} aria-labelledby={`category-${category.id}`}>
          <h2 id={`category-${category.id}`}>{category.name}</h2>
          {category.sponsor || category.themeTitle ? (
            <p>
              {category.themeTitle ? `For entries on “${category.themeTitle}”. ` : ""}
              {category.sponsor ? `Sponsored by ${category.sponsor}.` : ""}
            </p>
          ) : null}
          {category.winners.length === 0 ? (
            <p>No prize was awarded in this category.</p>
          ) : (
            <ResponsiveTable
              caption={`Winners of ${category.name}`}
              columns={[{ heading: "Place" }, { heading: "Entry" }, { heading: "Team" }, { heading: "Prize" }]}
              rows={category.winners.map((winner) => ({
                key: winner.key,
                cells: [
                  <strong>{winner.place}</strong>,
                  project(winner.submissionId, winner.title),
                  winner.teamName,
                  winner.amount,
                ],
              }))}
            />
          )}
        </section>
      ))}
      {results.ranking ? (
        <section aria-labelledby="ranking">
          <h2 id="ranking">Full ranking: {results.ranking.roundName}</h2>
          <p>Every entry judged in this round, in the order the judges' scores placed them.</p>
          <ResponsiveTable
            caption={`Full ranking of ${results.ranking.roundName}`}
            columns={[{ heading: "Rank" }, { heading: "Entry" }, { heading: "Team" }]}
            rows={results.ranking.entries.map((entry) => ({
              key: entry.submissionId,
              cells: [entry.rank, project(entry.submissionId, entry.title), entry.teamName],
            }))}
          />
        </section>
      ) : null}
      <p>
        <Link to={`/events/${data.slug}/projects`}>See every project entered</Link>
      </p>
    </>
  );
}
