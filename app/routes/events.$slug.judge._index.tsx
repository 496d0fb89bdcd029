// A judge's queue: the entries assigned to them in the rounds they can score now, with how far they have got.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireEventRole, requireVisibleEvent } from "~/auth/guards.server";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { judgeQueue, type SheetStatus } from "~/models/scoring.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Your entries to judge – ${data.title}` : "Your entries to judge") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireVisibleEvent(request, params.slug);
  const { user } = await requireEventRole(request, event, ["judge"]);
  const rounds = await judgeQueue(user, event);
  const search = new URL(request.url).searchParams;
  // The entry just scored, named only if it is in this judge's own queue.
  const from = search.get("done") === "saved" ? search.get("from") : null;
  const savedEntry = from
    ? rounds.flatMap((round) => round.entries).find((entry) => entry.submissionId === from)
    : undefined;
  return {
    slug: event.slug,
    title: event.title,
    rounds,
    saved: savedEntry ? savedEntry.title || "Untitled entry" : null,
  };
}

const STATUS_TAGS: Record<SheetStatus, { text: string; className: string }> = {
  not_started: { text: "Not started", className: "nhsuk-tag nhsuk-tag--grey" },
  in_progress: { text: "In progress", className: "nhsuk-tag nhsuk-tag--blue" },
  complete: {
    text: "Scored",
    className: "nhsuk-tag nhsuk-tag--no-colour nhsuk-tag--no-border nhsuk-u-font-weight-normal",
  },
  team_absent: {
    text: "Team absent",
    className: "nhsuk-tag nhsuk-tag--no-colour nhsuk-tag--no-border nhsuk-u-font-weight-normal",
  },
};

export default function JudgeQueuePage() {
  const data = useLoaderData<typeof loader>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to {data.title}
      </Link>
      {data.saved ? <InsetText>Your scores for {data.saved} have been saved.</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Your entries to judge</h1>
      {data.rounds.length === 0 ? (
        <p>
          There are no entries for you to score at the moment. The organisers will assign entries to you when judging
          opens.
        </p>
      ) : (
        data.rounds.map((round) => (
          <section key={round.id} aria-labelledby={`round-${round.id}`}>
            <h2 id={`round-${round.id}`}>{round.name}</h2>
            <p>
              <strong>
                {round.scored} of {round.entries.length} scored
              </strong>
              {round.locked ? ". The organisers have reopened your scores in this round." : null}
            </p>
            {round.scored === round.entries.length && round.entries.length > 0 ? (
              <p>You have scored every entry in this round. You can still change your scores until it is locked.</p>
            ) : null}
            <ul className="nhsuk-task-list">
              {round.entries.map((entry, index) => {
                const tag = STATUS_TAGS[entry.status];
                const statusId = `status-${round.id}-${index}`;
                return (
                  <li className="nhsuk-task-list__item nhsuk-task-list__item--with-link" key={entry.submissionId}>
                    <div className="nhsuk-task-list__name-and-hint">
                      <Link
                        className="nhsuk-task-list__link nhsuk-link"
                        to={`/events/${data.slug}/judge/${entry.submissionId}?round=${round.id}`}
                        aria-describedby={statusId}
                      >
                        {entry.title || "Untitled entry"}
                      </Link>
                      <div className="nhsuk-task-list__hint">{entry.teamName}</div>
                    </div>
                    <div className="nhsuk-task-list__status" id={statusId}>
                      <strong className={tag.className}>{tag.text}</strong>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
      <h2>Conflicts of interest</h2>
      <p>
        If you know anyone in a team, work with them, or have a stake in their project, tell us. We will give their
        entry to another judge.
      </p>
      <p>
        <Link to={`/events/${data.slug}/judge/conflicts`}>Declare a conflict of interest</Link>
      </p>
    </TwoThirds>
  );
}
