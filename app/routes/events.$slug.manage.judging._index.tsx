// The organisers' view of judging: the rounds, how far each has got, and who is behind.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { InsetText, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { ResponsiveTable } from "~/components/table";
import { formatInstant } from "~/domain/time";
import { ROUND_KIND_NAMES, judgesOf, progress, roundOverview } from "~/models/judging.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Judging") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const [rounds, pool] = await Promise.all([roundOverview(event), judgesOf(event)]);
  const behind = await Promise.all(
    rounds.map(async (round) =>
      round.status === "open" && round.kind !== "peoples_choice"
        ? ((await progress(event, round.id))?.judges ?? [])
            .filter((judge) => judge.behind)
            .map((judge) => `${judge.name} (${judge.complete} of ${judge.assigned} done)`)
        : [],
    ),
  );
  return {
    slug: event.slug,
    title: event.title,
    judges: pool.length,
    done: new URL(request.url).searchParams.get("done"),
    rounds: rounds.map((round, index) => ({
      id: round.id,
      name: round.name,
      kind: ROUND_KIND_NAMES[round.kind],
      isVote: round.kind === "peoples_choice",
      entries: round.entries,
      progress:
        round.kind === "peoples_choice"
          ? `${round.votes} ${round.votes === 1 ? "vote" : "votes"}`
          : round.assignments === 0
            ? "No judges assigned yet"
            : `${round.complete} of ${round.assignments} score sheets complete (${Math.floor((round.complete / round.assignments) * 100)}%)`,
      status: round.resultsPublishedAt
        ? `Results published on ${formatInstant(round.resultsPublishedAt, event.timeZone)}`
        : round.status === "locked"
          ? "Locked"
          : "Open for scoring",
      behind: behind[index] ?? [],
    })),
  };
}

export default function JudgingOverviewPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <BackToOverview slug={data.slug} />
      {data.done === "deleted" ? <InsetText>The round has been deleted.</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Judging</h1>
      <ul className="nhsuk-list">
        <li>
          <Link to="judges">Judges and conflicts of interest</Link> ({data.judges}{" "}
          {data.judges === 1 ? "judge" : "judges"})
        </li>
        <li>
          <Link to="rounds/new">Create a judging round</Link>
        </li>
      </ul>
      <h2>Rounds</h2>
      {data.rounds.length === 0 ? (
        <p>
          There are no judging rounds yet. Start with a shortlist: each entry is scored by a few judges against the
          rubric, and the best go through to the final.
        </p>
      ) : (
        <ResponsiveTable
          caption="Judging rounds"
          columns={[
            { heading: "Round" },
            { heading: "Kind" },
            { heading: "Entries" },
            { heading: "Progress" },
            { heading: "Status" },
          ]}
          rows={data.rounds.map((round) => ({
            key: round.id,
            cells: [
              <Link key="name" to={`rounds/${round.id}`}>
                {round.name}
              </Link>,
              round.kind,
              String(round.entries),
              round.progress,
              round.status,
            ],
          }))}
        />
      )}
      {data.rounds
        .filter((round) => round.behind.length > 0)
        .map((round) => (
          <div className="nhsuk-warning-callout" key={round.id}>
            <h3 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                Behind in {round.name}
              </span>
            </h3>
            <p>These judges have done less of their share than the round as a whole:</p>
            <ul>
              {round.behind.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <p>
              <Link to={`rounds/${round.id}#progress`}>See progress in {round.name}</Link>
            </p>
          </div>
        ))}
    </>
  );
}
