// A round's results for its organisers: rank, raw and normalised scores on the rubric's scale, the
// 90% interval and where neighbours cannot be told apart, the tie-break chain, publishing, and
// every judge's individual scores (organisers only).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireOrganiserOfRound } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, Radios, Select, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, pageTitle } from "~/components/layout";
import { ResponsiveTable } from "~/components/table";
import { requiredText } from "~/domain/fields";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import {
  publishResults,
  roundResults,
  setRankingBasis,
  setTieBreak,
  tieBreakRounds,
  withdrawResults,
  type StoredTieBreakStep,
} from "~/models/judging.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Results: ${data.round.name}` : "Results") },
];

/** How many criterion or round steps the form offers before the organisers' decision. */
const CHAIN_STEPS = 3;

const oneDecimal = (value: number) => value.toFixed(1);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const [results, otherRounds] = await Promise.all([roundResults(event, round.id), tieBreakRounds(event, round.id)]);
  if (!results) notFound("There is no judging round at this address.");
  const criteria = results.rubric?.criteria ?? [];
  const chain = round.tieBreak;
  const decision = chain.find((step) => step.kind === "decision");
  const steps = chain
    .filter((step) => step.kind !== "decision")
    .map((step) => (step.kind === "criterion" ? `criterion:${step.criterionKey}` : `round:${step.roundId}`));
  // Entries the chain leaves tied are the ones an organisers' decision can order.
  const decisionIds = new Set(decision?.kind === "decision" ? decision.order : []);
  const tiedForDecision = results.ranked
    .filter((entry) => entry.stillTied || decisionIds.has(entry.submissionId))
    .map((entry) => ({ submissionId: entry.submissionId, title: entry.title, rank: entry.rank }));
  return {
    slug: event.slug,
    title: event.title,
    round: {
      id: round.id,
      name: round.name,
      isVote: round.kind === "peoples_choice",
      locked: round.status === "locked",
      published: round.resultsPublishedAt ? formatInstant(round.resultsPublishedAt, event.timeZone) : null,
    },
    basis: results.basis,
    scale: results.scale,
    done: new URL(request.url).searchParams.get("done"),
    ranked: results.ranked.map((entry) => ({
      submissionId: entry.submissionId,
      title: entry.title,
      teamName: entry.teamName,
      rank: entry.rank,
      judges: entry.judges,
      votes: entry.votes,
      raw: oneDecimal(entry.raw),
      normalised: oneDecimal(entry.normalised),
      interval: `${oneDecimal(entry.interval.low)} to ${oneDecimal(entry.interval.high)}`,
      overlapsAbove: entry.overlapsAbove,
      stillTied: entry.stillTied,
      tieBreak: entry.tieBreak,
    })),
    unranked: results.unranked.map((entry) => entry.title),
    criteria: criteria.map((criterion) => ({ key: criterion.key, name: criterion.name })),
    sheets: results.sheets.map((sheet) => ({
      key: `${sheet.judgeUserId}:${sheet.submissionId}`,
      judgeName: sheet.judgeName,
      title: sheet.title,
      version: sheet.rubricVersion,
      scores: criteria.map((criterion) =>
        typeof sheet.scores[criterion.key] === "number" ? String(sheet.scores[criterion.key]) : "–",
      ),
      raw: sheet.raw === null ? "–" : oneDecimal(sheet.raw),
      normalised: sheet.normalised === null ? "–" : oneDecimal(sheet.normalised),
      status: sheet.counted
        ? "Counted"
        : sheet.teamAbsent
          ? "Team absent"
          : sheet.complete
            ? "Not counted: no longer assigned or in conflict"
            : "Not finished",
    })),
    chain: { steps, decisionReason: decision?.kind === "decision" ? decision.reason : "" },
    stepOptions: [
      { value: "", label: "No further step" },
      ...criteria.map((criterion) => ({
        value: `criterion:${criterion.key}`,
        label: `Higher score on ${criterion.name}`,
      })),
      ...otherRounds.map((other) => ({ value: `round:${other.id}`, label: `Higher score in ${other.name}` })),
    ],
    tiedForDecision,
    decisionOrder: decision?.kind === "decision" ? decision.order : [],
  };
}

const resultsActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("basis"),
    basis: z.enum(["raw", "normalised"], { errorMap: () => ({ message: "Choose which scores rank the entries" }) }),
  }),
  z.object({ intent: z.literal("tie-break") }).passthrough(),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("withdraw"), withdrawReason: requiredText("The reason for withdrawing", 2000) }),
]);

const STEP_VALUE = /^(criterion|round):(.+)$/;
const POSITION = /^\s*(\d{1,3})\s*$/;

/** The chain from the form: steps in order, then a decision when a reason or any position is given. */
function readChain(values: Record<string, string>): { steps: StoredTieBreakStep[] } | { error: string; field: string } {
  const steps: StoredTieBreakStep[] = [];
  for (let index = 1; index <= CHAIN_STEPS; index++) {
    const raw = values[`step${index}`] ?? "";
    if (raw === "") continue;
    const match = STEP_VALUE.exec(raw);
    if (!match) return { error: "Choose a step from the list", field: `step${index}` };
    steps.push(
      match[1] === "criterion" ? { kind: "criterion", criterionKey: match[2]! } : { kind: "round", roundId: match[2]! },
    );
  }
  if (values.removeDecision === "yes") return { steps };
  const positions: { id: string; position: number }[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (!name.startsWith("position.") || value.trim() === "") continue;
    const match = POSITION.exec(value);
    if (!match) return { error: "Enter each position as a whole number, like 1", field: name };
    positions.push({ id: name.slice("position.".length), position: Number(match[1]) });
  }
  const reason = values.decisionReason ?? "";
  if (positions.length === 0 && reason.trim() === "") return { steps };
  if (new Set(positions.map((item) => item.position)).size !== positions.length)
    return { error: "Give each entry a different position", field: "decisionOrder" };
  positions.sort((a, b) => a.position - b.position);
  steps.push({ kind: "decision", order: positions.map((item) => item.id), reason });
  return { steps };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const formData = await readForm(request);
  const parsed = parseForm(resultsActionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const values = formValues(formData);
  const here = `/events/${event.slug}/manage/judging/rounds/${round.id}/results`;
  switch (parsed.data.intent) {
    case "basis": {
      const outcome = await setRankingBasis(user, event, round.id, parsed.data.basis);
      if ("error" in outcome) return formError(outcome.error, values, "basis");
      return redirect(`${here}?done=basis`);
    }
    case "tie-break": {
      const chain = readChain(values);
      if ("error" in chain) return formError(chain.error, values, chain.field);
      const outcome = await setTieBreak(user, event, round.id, chain.steps);
      if ("error" in outcome) return formError(outcome.error, values, outcome.field);
      return redirect(`${here}?done=tie-break`);
    }
    case "publish": {
      const outcome = await publishResults(user, event, round.id);
      if ("error" in outcome) return formError(outcome.error, values);
      return redirect(`${here}?done=published`);
    }
    case "withdraw": {
      const outcome = await withdrawResults(user, event, round.id, parsed.data.withdrawReason);
      if ("error" in outcome) return formError(outcome.error, values, "withdrawReason");
      return redirect(`${here}?done=withdrawn`);
    }
  }
}

const confirmations: Record<string, string> = {
  basis: "The ranking has been saved.",
  "tie-break": "The tie-break has been saved.",
  published: "The results are published. Judges and teams can now see them.",
  withdrawn: "The results are no longer published.",
};

export default function ResultsPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const { round } = data;
  const intent = failure?.values.intent;
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/judging/rounds/${round.id}`}>
        Back to {round.name}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Results: {round.name}</h1>
      <p>
        {round.published ? (
          <>Published on {round.published}. Judges and teams can see them.</>
        ) : (
          <>
            <strong>Not published.</strong> Only organisers can see these results.
          </>
        )}
      </p>
      <ul className="nhsuk-list">
        <li>
          <a href={`/events/${data.slug}/manage/judging/rounds/${round.id}/results.csv`} download>
            Download the results as a CSV file
          </a>
        </li>
        {round.isVote ? null : (
          <li>
            <a href={`/events/${data.slug}/manage/judging/rounds/${round.id}/scores.csv`} download>
              Download all scores as a CSV file
            </a>
          </li>
        )}
      </ul>

      {round.isVote ? null : (
        <p>
          Scores are on the rubric's scale of {data.scale.min} to {data.scale.max}. <strong>Raw</strong> is the mean of
          the judges' weighted scores. <strong>Normalised</strong> allows for judges who score harshly or generously:
          each judge's scores are compared with their own other scores. The 90% interval shows how much the score could
          move with a different mix of judges: where two entries' intervals overlap, the scores cannot really tell them
          apart. Ranked by <strong>{data.basis === "raw" ? "raw" : "normalised"}</strong> scores. Only complete score
          sheets count.
        </p>
      )}

      {data.ranked.length === 0 ? (
        <p>{round.isVote ? "Nobody has voted yet." : "No entry has a complete score sheet yet."}</p>
      ) : round.isVote ? (
        <ResponsiveTable
          caption={`Votes in ${round.name}`}
          columns={[{ heading: "Rank" }, { heading: "Entry" }, { heading: "Votes" }]}
          rows={data.ranked.map((entry) => ({
            key: entry.submissionId,
            cells: [String(entry.rank), `${entry.title} (${entry.teamName})`, String(entry.votes)],
          }))}
        />
      ) : (
        <ResponsiveTable
          wide
          caption={`Results of ${round.name}`}
          columns={[
            { heading: "Rank" },
            { heading: "Entry" },
            { heading: "Judges" },
            { heading: "Raw" },
            { heading: "Normalised" },
            { heading: "90% interval" },
            { heading: "Notes" },
          ]}
          rows={data.ranked.map((entry) => ({
            key: entry.submissionId,
            cells: [
              entry.stillTied ? `${entry.rank} (tied)` : String(entry.rank),
              <>
                {entry.title}
                <br />
                <span className="nhsuk-body-s">{entry.teamName}</span>
              </>,
              String(entry.judges),
              entry.raw,
              entry.normalised,
              entry.interval,
              <>
                {entry.overlapsAbove ? (
                  <strong className="nhsuk-tag nhsuk-tag--orange">Cannot be told apart from the entry above</strong>
                ) : null}
                {entry.tieBreak ? (
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">Tie settled by: {entry.tieBreak}</p>
                ) : null}
              </>,
            ],
          }))}
        />
      )}
      {data.unranked.length > 0 ? (
        <p>
          {round.isVote ? "No votes yet" : "Not ranked yet (no complete score sheet)"}: {data.unranked.join(", ")}.
        </p>
      ) : null}

      {round.isVote ? null : (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2>Ranking</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="basis" />
              <Radios
                name="basis"
                legend="Rank the entries by"
                choices={[
                  {
                    value: "normalised",
                    label: "Normalised scores",
                    hint: "Fairer when judges scored different entries and some were harsher than others.",
                  },
                  { value: "raw", label: "Raw scores", hint: "The plain mean of the judges' scores." },
                ]}
                failure={intent === "basis" ? failure : undefined}
                defaultValue={data.basis}
              />
              <SubmitButton secondary>Save ranking</SubmitButton>
            </Form>

            <h2>Tie-break</h2>
            <p>
              When entries have exactly the same score, these steps settle their order, first to last. An organisers'
              decision comes last and needs a written reason, which is kept in the audit log.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="tie-break" />
              {Array.from({ length: CHAIN_STEPS }, (_, index) => (
                <Select
                  key={index}
                  name={`step${index + 1}`}
                  label={`Step ${index + 1}`}
                  options={data.stepOptions}
                  failure={intent === "tie-break" ? failure : undefined}
                  defaultValue={data.chain.steps[index] ?? ""}
                />
              ))}
              <h3 id="decisionOrder">Organisers' decision</h3>
              {data.tiedForDecision.length === 0 ? (
                <p>No entries are still tied.</p>
              ) : (
                <>
                  <p>Put the entries that are still tied in order: 1 for the one placed highest.</p>
                  {data.tiedForDecision.map((entry) => {
                    const position = data.decisionOrder.indexOf(entry.submissionId);
                    return (
                      <TextField
                        key={entry.submissionId}
                        name={`position.${entry.submissionId}`}
                        label={`Position of ${entry.title} (now ranked ${entry.rank})`}
                        inputMode="numeric"
                        width={2}
                        failure={intent === "tie-break" ? failure : undefined}
                        defaultValue={position >= 0 ? String(position + 1) : ""}
                      />
                    );
                  })}
                  <TextArea
                    name="decisionReason"
                    label="Reason for the decision"
                    hint="For example: “The panel preferred Breathe Easy's live demo”. Kept in the audit log."
                    rows={3}
                    failure={intent === "tie-break" ? failure : undefined}
                    defaultValue={data.chain.decisionReason}
                  />
                  {data.chain.decisionReason ? (
                    <Checkbox
                      name="removeDecision"
                      label="Remove the organisers' decision"
                      failure={intent === "tie-break" ? failure : undefined}
                    />
                  ) : null}
                </>
              )}
              <SubmitButton secondary>Save tie-break</SubmitButton>
            </Form>
          </div>
        </div>
      )}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2>Publish</h2>
          {round.published ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="withdraw" />
              <TextArea
                name="withdrawReason"
                label="Why are you withdrawing the results?"
                rows={3}
                failure={intent === "withdraw" ? failure : undefined}
              />
              <button type="submit" className="nhsuk-button nhsuk-button--warning">
                Withdraw the results
              </button>
            </Form>
          ) : round.locked ? (
            <>
              <p>Publishing shows these results to judges and teams, and teams see their judges' comments.</p>
              <Form method="post">
                <input type="hidden" name="intent" value="publish" />
                <SubmitButton>Publish the results</SubmitButton>
              </Form>
            </>
          ) : (
            <p>
              <Link to={`/events/${data.slug}/manage/judging/rounds/${round.id}`}>Lock the round</Link> before you
              publish its results, so that no score can change.
            </p>
          )}
        </div>
      </div>

      {data.sheets.length > 0 ? (
        <>
          <h2>Judges' individual scores</h2>
          <p>Only organisers can see who gave which score.</p>
          <ResponsiveTable
            wide
            caption="Judges' individual scores"
            columns={[
              { heading: "Entry" },
              { heading: "Judge" },
              ...data.criteria.map((criterion) => ({ heading: criterion.name })),
              { heading: "Weighted" },
              { heading: "Normalised" },
              { heading: "Rubric version" },
              { heading: "Counted" },
            ]}
            rows={data.sheets.map((sheet) => ({
              key: sheet.key,
              cells: [
                sheet.title,
                sheet.judgeName,
                ...sheet.scores,
                sheet.raw,
                sheet.normalised,
                String(sheet.version),
                sheet.status,
              ],
            }))}
          />
        </>
      ) : null}
    </>
  );
}
