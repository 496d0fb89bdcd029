// One judging round for its organisers: its rubric at a glance, the entries and who judges each,
// assigning judges (automatically or by hand), live progress per judge and per entry, locking and
// reopening a judge's scores.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfRound } from "~/auth/guards.server";
import { ErrorSummary, Select, SubmitButton, TextField } from "~/components/form";
import { InsetText, SummaryList, pageTitle } from "~/components/layout";
import { ResponsiveTable, RowAction } from "~/components/table";
import { requiredText } from "~/domain/fields";
import { weightPercentages } from "~/domain/rubrics";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import {
  EXPERTISE_NAMES,
  MAX_JUDGES_PER_ENTRY,
  MAX_ROUND_NAME_LENGTH,
  ROUND_KIND_NAMES,
  addAssignment,
  addMissingEntries,
  autoAssign,
  currentRubric,
  deleteRound,
  entriesMissingFromRound,
  lockRound,
  progress,
  removeAssignment,
  reopenScores,
  unlockRound,
  updateRound,
} from "~/models/judging.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.round.name ?? "Round") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const url = new URL(request.url);
  const [rubric, state, missing] = await Promise.all([
    currentRubric(round.id),
    progress(event, round.id),
    entriesMissingFromRound(event, round.id),
  ]);
  const percentages = rubric ? weightPercentages(rubric.rubric.criteria) : [];
  const isVote = round.kind === "peoples_choice";
  return {
    slug: event.slug,
    title: event.title,
    round: {
      id: round.id,
      name: round.name,
      kind: round.kind,
      kindName: ROUND_KIND_NAMES[round.kind],
      locked: round.status === "locked",
      judgesPerEntry: round.judgesPerEntry,
      published: round.resultsPublishedAt ? formatInstant(round.resultsPublishedAt, event.timeZone) : null,
    },
    isVote,
    rubric: rubric
      ? {
          version: rubric.version,
          criteria: rubric.rubric.criteria.map((criterion, index) => ({
            key: criterion.key,
            text: `${criterion.name} (${percentages[index]}%, scored ${criterion.scaleMin} to ${criterion.scaleMax})`,
          })),
        }
      : null,
    totals: state?.totals ?? { assigned: 0, complete: 0 },
    judges: (state?.judges ?? []).map((judge) => ({
      userId: judge.userId,
      name: judge.name,
      room: judge.room,
      expertise: EXPERTISE_NAMES[judge.expertise],
      assigned: judge.assigned,
      complete: judge.complete,
      started: judge.started,
      status:
        judge.assigned === 0
          ? "No entries"
          : judge.complete === judge.assigned
            ? "Finished"
            : judge.behind
              ? "Behind"
              : "On track",
      reopened: judge.reopened,
      canReopen: judge.complete + judge.started > 0,
    })),
    entries: (state?.entries ?? []).map((entry) => ({
      submissionId: entry.submissionId,
      title: entry.title,
      teamName: entry.teamName,
      wanted: entry.wanted,
      votes: entry.votes,
      complete: entry.complete,
      judges: entry.judges.map((judge) => ({
        userId: judge.userId,
        name: judge.name,
        expertise: EXPERTISE_NAMES[judge.expertise],
        state: judge.complete ? "done" : judge.started ? "started" : "not started",
      })),
      notes: [
        ...(!isVote && entry.judges.length < entry.wanted
          ? [`${entry.judges.length} of ${entry.wanted} judges assigned`]
          : []),
        ...(entry.lacksMix ? ["No clinical and technical judge pair"] : []),
      ],
    })),
    missing: missing.map((entry) => entry.title || `${entry.teamName}'s entry`),
    done: url.searchParams.get("done"),
    added: Number(url.searchParams.get("added") ?? 0) || 0,
    removed: Number(url.searchParams.get("removed") ?? 0) || 0,
  };
}

const pair = { judgeUserId: z.string().uuid("Choose a judge"), submissionId: z.string().uuid("Choose an entry") };

const roundActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("auto-assign") }),
  z.object({ intent: z.literal("assign"), ...pair }),
  z.object({ intent: z.literal("unassign"), ...pair }),
  z.object({ intent: z.literal("lock") }),
  z.object({ intent: z.literal("unlock") }),
  z.object({ intent: z.literal("reopen"), judgeUserId: z.string().uuid() }),
  z.object({ intent: z.literal("add-entries") }),
  z.object({ intent: z.literal("delete") }),
  z.object({
    intent: z.literal("details"),
    name: requiredText("A name for the round", MAX_ROUND_NAME_LENGTH),
    judgesPerEntry: z
      .string()
      .trim()
      .optional()
      .refine(
        (value) =>
          value === undefined || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_JUDGES_PER_ENTRY),
        `Judges per entry must be a whole number from 1 to ${MAX_JUDGES_PER_ENTRY}`,
      ),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const formData = await readForm(request);
  const parsed = parseForm(roundActionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const values = formValues(formData);
  const here = `/events/${event.slug}/manage/judging/rounds/${round.id}`;
  const input = parsed.data;
  switch (input.intent) {
    case "auto-assign": {
      const outcome = await autoAssign(user, event, round.id);
      if ("error" in outcome) return formError(outcome.error, values);
      return redirect(`${here}?done=assigned&added=${outcome.added}&removed=${outcome.removed}`);
    }
    case "assign": {
      const outcome = await addAssignment(user, event, round.id, input.judgeUserId, input.submissionId);
      if ("error" in outcome)
        return formError(outcome.error, values, outcome.field === "entry" ? "submissionId" : "judgeUserId");
      return redirect(`${here}?done=assign`);
    }
    case "unassign": {
      const outcome = await removeAssignment(user, event, round.id, input.judgeUserId, input.submissionId);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`${here}?done=unassign`);
    }
    case "lock":
    case "unlock": {
      const outcome =
        input.intent === "lock" ? await lockRound(user, event, round.id) : await unlockRound(user, event, round.id);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`${here}?done=${input.intent}`);
    }
    case "reopen": {
      const outcome = await reopenScores(user, event, round.id, input.judgeUserId);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`${here}?done=reopen`);
    }
    case "add-entries": {
      const outcome = await addMissingEntries(user, event, round.id);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`${here}?done=entries&added=${outcome.added}`);
    }
    case "details": {
      const judgesPerEntry = input.judgesPerEntry === undefined ? round.judgesPerEntry : Number(input.judgesPerEntry);
      const outcome = await updateRound(user, event, round.id, { name: input.name, judgesPerEntry });
      if ("error" in outcome) return formError(outcome.error, values, outcome.field);
      return redirect(`${here}?done=details`);
    }
    case "delete": {
      const outcome = await deleteRound(user, event, round.id);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`/events/${event.slug}/manage/judging?done=deleted`);
    }
  }
}

function confirmation(done: string | null, added: number, removed: number): string | null {
  switch (done) {
    case "created":
      return "The round has been created.";
    case "assigned":
      return added === 0 && removed === 0
        ? "Judges are assigned: nothing needed to change."
        : `Judges are assigned: ${added} ${added === 1 ? "pair" : "pairs"} added, ${removed} removed.`;
    case "assign":
      return "The judge has been assigned.";
    case "unassign":
      return "The judge no longer has that entry. Scores they gave it no longer count.";
    case "lock":
      return "The round is locked. Judges can no longer change their scores.";
    case "unlock":
      return "The round is open again. Judges can change their scores.";
    case "reopen":
      return "The judge can change their scores in this round until you lock it again.";
    case "details":
      return "The round's details have been saved. If you changed the judges per entry, assign judges again.";
    case "finalists":
      return "The finalists have been saved. Assign judges to score them.";
    case "entries":
      return `${added} ${added === 1 ? "entry has" : "entries have"} been added to the round.`;
    case "imported":
      return "The paper scores have been imported.";
    case "rooms":
      return "The rooms and tables have been saved. Assign judges again to keep them in their rooms.";
    default:
      return null;
  }
}

export default function RoundPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const location = useLocation();
  const done = failure ? null : confirmation(data.done, data.added, data.removed);
  const { round } = data;
  const percent = data.totals.assigned === 0 ? 0 : Math.floor((data.totals.complete / data.totals.assigned) * 100);
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/judging`}>
        Back to judging
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {done ? <InsetText>{done}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>{round.name}</h1>
      <SummaryList
        rows={[
          { key: "Kind", value: round.kindName },
          {
            key: "Status",
            value: round.published
              ? `Locked, results published on ${round.published}`
              : round.locked
                ? "Locked: judges cannot change their scores"
                : "Open for scoring",
          },
          ...(round.kind === "shortlist" ? [{ key: "Judges per entry", value: String(round.judgesPerEntry) }] : []),
          ...(round.kind === "final" ? [{ key: "Judges per entry", value: "Every judge scores every finalist" }] : []),
          ...(data.isVote
            ? []
            : [
                {
                  key: "Progress",
                  value: `${data.totals.complete} of ${data.totals.assigned} score sheets complete (${percent}%)`,
                },
              ]),
        ]}
      />
      <ul className="nhsuk-list">
        <li>
          <Link to="results">{data.isVote ? "Votes and results" : "Results"}</Link>
        </li>
        {round.kind === "final" ? (
          <li>
            <Link to="finalists">Choose the finalists</Link>
          </li>
        ) : null}
        {data.isVote ? null : (
          <li>
            <a href={`/events/${data.slug}/manage/judging/rounds/${round.id}/scores.csv`} download>
              Download all scores as a CSV file
            </a>
          </li>
        )}
        {data.isVote ? null : (
          <li>
            <Link to="import">Import scores from paper score sheets (CSV)</Link>
          </li>
        )}
        {data.isVote ? null : (
          <li>
            <Link to="rooms">Rooms and tables for the entries</Link>
          </li>
        )}
      </ul>

      {data.rubric ? (
        <>
          <h2>Rubric (version {data.rubric.version})</h2>
          <ol>
            {data.rubric.criteria.map((criterion) => (
              <li key={criterion.key}>{criterion.text}</li>
            ))}
          </ol>
          <p>
            <Link to="rubric">{round.locked ? "See the rubric" : "Change the rubric"}</Link>
          </p>
        </>
      ) : null}

      <Form method="post">
        <input type="hidden" name="intent" value={round.locked ? "unlock" : "lock"} />
        {round.locked ? (
          <SubmitButton secondary>Unlock the round</SubmitButton>
        ) : (
          <SubmitButton secondary>Lock the round</SubmitButton>
        )}
      </Form>

      {data.missing.length > 0 && !round.locked ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Entries not in this round
            </span>
          </h3>
          <p>These entries were submitted or reinstated after the round was created: {data.missing.join(", ")}.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="add-entries" />
            <SubmitButton secondary>Add them to the round</SubmitButton>
          </Form>
        </div>
      ) : null}

      <h2>Entries{data.isVote ? "" : " and their judges"}</h2>
      {data.entries.length === 0 ? (
        <p>
          {round.kind === "final" ? (
            <>
              There are no finalists yet. <Link to="finalists">Choose the finalists</Link> from the shortlist.
            </>
          ) : (
            "There are no entries in this round."
          )}
        </p>
      ) : data.isVote ? (
        <ResponsiveTable
          caption="Entries in the vote"
          columns={[{ heading: "Entry" }, { heading: "Team" }, { heading: "Votes" }]}
          rows={data.entries.map((entry) => ({
            key: entry.submissionId,
            cells: [entry.title, entry.teamName, String(entry.votes)],
          }))}
        />
      ) : (
        <>
          {!round.locked ? (
            <>
              {round.kind === "final" ? (
                <p>
                  Assigning gives every judge every finalist, except where a judge has a conflict with one. Judges added
                  later get the finalists when you assign again.
                </p>
              ) : (
                <p>
                  Assigning gives each entry {round.judgesPerEntry} judges, keeps judges' loads within one of each
                  other, never gives a judge an entry they have a conflict with, and pairs a clinical with a technical
                  judge where it can. Judges already assigned keep their entries where the loads allow.
                </p>
              )}
              <Form method="post">
                <input type="hidden" name="intent" value="auto-assign" />
                <SubmitButton>Assign judges</SubmitButton>
              </Form>
            </>
          ) : null}
          <ResponsiveTable
            caption="Entries and their judges"
            columns={[{ heading: "Entry" }, { heading: "Judges" }, { heading: "Complete" }, { heading: "Notes" }]}
            rows={data.entries.map((entry) => ({
              key: entry.submissionId,
              cells: [
                <>
                  {entry.title}
                  <br />
                  <span className="nhsuk-body-s">{entry.teamName}</span>
                </>,
                entry.judges.length === 0 ? (
                  "None yet"
                ) : (
                  <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                    {entry.judges.map((judge) => (
                      <li key={judge.userId}>
                        {judge.name} ({judge.expertise.toLowerCase()}, {judge.state})
                        {round.locked ? null : (
                          <RowAction
                            fields={{ intent: "unassign", judgeUserId: judge.userId, submissionId: entry.submissionId }}
                            label="Remove"
                            context={`${judge.name} from ${entry.title}`}
                          />
                        )}
                      </li>
                    ))}
                  </ul>
                ),
                `${entry.complete} of ${entry.judges.length}`,
                entry.notes.length === 0 ? "" : entry.notes.join(". "),
              ],
            }))}
          />
          {!round.locked && data.judges.length > 0 ? (
            <div className="nhsuk-grid-row">
              <div className="nhsuk-grid-column-two-thirds">
                <h3>Assign a judge by hand</h3>
                <Form method="post" noValidate key={location.key}>
                  <input type="hidden" name="intent" value="assign" />
                  <Select
                    name="judgeUserId"
                    label="Judge"
                    options={[
                      { value: "", label: "Choose a judge" },
                      ...data.judges.map((judge) => ({
                        value: judge.userId,
                        label: `${judge.name} (${judge.assigned} ${judge.assigned === 1 ? "entry" : "entries"})`,
                      })),
                    ]}
                    failure={failure?.values.intent === "assign" ? failure : undefined}
                  />
                  <Select
                    name="submissionId"
                    label="Entry"
                    options={[
                      { value: "", label: "Choose an entry" },
                      ...data.entries.map((entry) => ({ value: entry.submissionId, label: entry.title })),
                    ]}
                    failure={failure?.values.intent === "assign" ? failure : undefined}
                  />
                  <SubmitButton secondary>Assign judge</SubmitButton>
                </Form>
              </div>
            </div>
          ) : null}

          <h2 id="progress">Judges' progress</h2>
          {data.judges.length === 0 ? (
            <p>
              There are no judges yet. <Link to={`/events/${data.slug}/manage/judging/judges`}>Add judges</Link>.
            </p>
          ) : (
            <ResponsiveTable
              caption="Judges' progress"
              columns={[
                { heading: "Judge" },
                { heading: "Room or table" },
                { heading: "Done" },
                { heading: "Started" },
                { heading: "Status" },
                ...(round.locked ? [{ heading: "Action", visuallyHidden: true }] : []),
              ]}
              rows={data.judges.map((judge) => ({
                key: judge.userId,
                cells: [
                  `${judge.name} (${judge.expertise.toLowerCase()})`,
                  judge.room || "None",
                  `${judge.complete} of ${judge.assigned}`,
                  String(judge.started),
                  judge.status === "Behind" ? (
                    <strong className="nhsuk-tag nhsuk-tag--orange">Behind</strong>
                  ) : judge.reopened ? (
                    `${judge.status}, scores reopened`
                  ) : (
                    judge.status
                  ),
                  ...(round.locked
                    ? [
                        judge.canReopen && !round.published ? (
                          <RowAction
                            fields={{ intent: "reopen", judgeUserId: judge.userId }}
                            label="Reopen scores"
                            context={`of ${judge.name}`}
                          />
                        ) : (
                          ""
                        ),
                      ]
                    : []),
                ],
              }))}
            />
          )}
        </>
      )}

      <details className="nhsuk-details" open={failure?.values.intent === "details"}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">
            Change the round's name{round.kind === "shortlist" ? " or judges per entry" : ""}
          </span>
        </summary>
        <div className="nhsuk-details__text">
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="details" />
            <TextField
              name="name"
              label="Name of the round"
              failure={failure?.values.intent === "details" ? failure : undefined}
              defaultValue={round.name}
            />
            {round.kind === "shortlist" && !round.locked ? (
              <TextField
                name="judgesPerEntry"
                label="Judges per entry"
                inputMode="numeric"
                width={2}
                failure={failure?.values.intent === "details" ? failure : undefined}
                defaultValue={String(round.judgesPerEntry)}
              />
            ) : null}
            <SubmitButton secondary>Save</SubmitButton>
          </Form>
        </div>
      </details>

      {data.totals.complete === 0 ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Delete this round</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>A round can be deleted only while nobody has scored or voted in it.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="nhsuk-button nhsuk-button--warning">
                Delete {round.name}
              </button>
            </Form>
          </div>
        </details>
      ) : null}
    </>
  );
}
