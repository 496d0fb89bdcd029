// Scoring one entry: the entry at its frozen commit, then the rubric as radios with each level described,
// feedback for the team, a private note and "Team absent". A plain form post; a save from a stale page is
// shown side by side with what was saved instead of overwriting it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ClientActionFunctionArgs } from "@remix-run/react";
import { Form, Link, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { notFound, requireEventRole, requireVisibleEvent } from "~/auth/guards.server";
import { EntryDetails } from "~/components/entry";
import { SideBySide } from "~/components/side-by-side";
import {
  Checkbox,
  ErrorSummary,
  FORM_ERROR,
  isFormFailure,
  Radios,
  SubmitButton,
  TextArea,
  type FormFailure,
} from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import { DraftNotices, sendScores, useScoreDraft } from "~/components/score-draft";
import type { Event, User } from "~/db/schema";
import { checkbox, optionalText } from "~/domain/fields";
import { weightPercentages, type Criterion } from "~/domain/rubrics";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { displayEntry } from "~/models/entries.server";
import {
  NO_ENTRY,
  judgeQueue,
  nextToScore,
  saveScore,
  scoringSheet,
  type ScoreDifference,
} from "~/models/scoring.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Score ${data.entry.title}` : "Score an entry") },
];

const FEEDBACK_MAX = 5000;

/** The form field of a criterion's score. */
const SCORE_FIELD = "score-";
const scoreField = (key: string) => `${SCORE_FIELD}${key}`;

async function judgeAndSheet(request: Request, slug: string | undefined, entryId: string | undefined) {
  const { event } = await requireVisibleEvent(request, slug);
  const { user } = await requireEventRole(request, event, ["judge"]);
  const roundParam = new URL(request.url).searchParams.get("round");
  const id = z.string().uuid().safeParse(entryId);
  const round = roundParam === null ? null : z.string().uuid().safeParse(roundParam);
  const sheet =
    id.success && round?.success !== false ? await scoringSheet(user, event, id.data, round?.data ?? null) : null;
  if (!sheet) notFound(NO_ENTRY);
  return { event, user, sheet };
}

async function entryTitleInQueue(user: User, event: Event, submissionId: string | null) {
  if (!submissionId) return null;
  const queue = await judgeQueue(user, event);
  const entry = queue.flatMap((round) => round.entries).find((candidate) => candidate.submissionId === submissionId);
  return entry ? entry.title || "Untitled entry" : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, user, sheet } = await judgeAndSheet(request, params.slug, params.entryId);
  const search = new URL(request.url).searchParams;
  const done = search.get("done");
  const criteria = sheet.rubric?.criteria ?? [];
  const percentages = weightPercentages(criteria);
  const { score } = sheet;
  return {
    slug: event.slug,
    title: event.title,
    submissionId: sheet.view.id,
    entry: displayEntry(event, sheet.view),
    round: sheet.round,
    editable: sheet.editable,
    criteria: criteria.map((criterion, index) => ({ ...criterion, percentage: percentages[index] ?? 0 })),
    saved: score
      ? {
          version: score.version,
          criterionScores: score.criterionScores,
          feedback: score.feedback,
          privateNote: score.privateNote,
          teamAbsent: score.teamAbsent,
          updatedAt: score.updatedAt.toISOString(),
        }
      : null,
    status: sheet.status,
    draftKey: `hackday:score-draft:${event.id}:${sheet.round.id}:${sheet.view.id}:${user.id}`,
    progressSaved: done === "progress",
    previousSaved: done === "saved" ? await entryTitleInQueue(user, event, search.get("from")) : null,
  };
}

/**
 * The scoring form. A criterion left unchosen is not scored yet; anything else sent for a criterion
 * goes to the model, which checks it against the rubric the sheet is scored on (and names the
 * criterion and its scale when it is wrong), so the form is read without loading the sheet first.
 */
const scoreFormSchema = z
  .object({
    version: z
      .string({ required_error: "This form is out of date. Reload the page and try again" })
      .regex(/^\d{1,9}$/, "This form is out of date. Reload the page and try again")
      .transform(Number),
    feedback: optionalText("Feedback for the team", FEEDBACK_MAX),
    privateNote: optionalText("Your private note", FEEDBACK_MAX),
    teamAbsent: checkbox,
  })
  .passthrough()
  .transform(({ version, feedback, privateNote, teamAbsent, ...fields }) => {
    const criterionScores: Record<string, number> = {};
    for (const [field, raw] of Object.entries(fields)) {
      if (!field.startsWith(SCORE_FIELD) || raw === undefined || raw === "") continue;
      const text = typeof raw === "string" ? raw.trim() : "";
      criterionScores[field.slice(SCORE_FIELD.length)] = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
    }
    return { baseVersion: version, feedback, privateNote, teamAbsent, criterionScores };
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await requireVisibleEvent(request, params.slug);
  const { user } = await requireEventRole(request, event, ["judge"]);
  const submissionId = z.string().uuid().safeParse(params.entryId);
  if (!submissionId.success) notFound(NO_ENTRY);
  // The page's own address names the round; without it, the round the sheet is scored in now.
  const roundParam = z.string().uuid().safeParse(new URL(request.url).searchParams.get("round"));
  const roundId = roundParam.success
    ? roundParam.data
    : (await scoringSheet(user, event, submissionId.data, null))?.round.id;
  if (!roundId) notFound(NO_ENTRY);
  const formData = await readForm(request);
  const values = formValues(formData);
  const parsed = parseForm(scoreFormSchema, formData);
  if (!parsed.ok) {
    // Someone who may not score this entry learns nothing from the form's messages.
    if (!(await scoringSheet(user, event, submissionId.data, roundId))) notFound(NO_ENTRY);
    return rejectForm(parsed.failure);
  }
  const outcome = await saveScore(user, event, { roundId, submissionId: submissionId.data, ...parsed.data });
  if ("error" in outcome) {
    if (outcome.error === NO_ENTRY) notFound(NO_ENTRY);
    return formError(outcome.error, values, outcome.field);
  }
  if ("invalid" in outcome) {
    const errors = Object.fromEntries(
      Object.entries(outcome.invalid).map(([key, message]) => [scoreField(key), message]),
    );
    return rejectForm({ errors, values });
  }
  if ("conflict" in outcome) {
    const { conflict } = outcome;
    return data(
      {
        errors: {
          [FORM_ERROR]:
            "Your scores for this entry were saved from another page or device after you opened this one. Nothing on this page has been saved yet: compare the two below, then save again to keep what is on this page.",
        },
        values,
        conflict: {
          version: conflict.version,
          savedAt: formatInstant(conflict.savedAt, event.timeZone),
          differences: conflict.differences,
        },
      },
      { status: 409 },
    );
  }
  const base = `/events/${event.slug}/judge`;
  const saved = submissionId.data;
  if (!outcome.saved.complete) return redirect(`${base}/${saved}?round=${roundId}&done=progress`);
  const next = nextToScore(await judgeQueue(user, event), roundId, saved);
  return redirect(
    next ? `${base}/${next}?round=${roundId}&done=saved&from=${saved}` : `${base}?done=saved&from=${saved}`,
  );
}

/** With JavaScript: a save made offline waits for the connection instead of failing (see score-draft). */
export async function clientAction({ request, serverAction }: ClientActionFunctionArgs) {
  return sendScores(request, () => serverAction<typeof action>());
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = FormFailure & {
  conflict?: { version: number; savedAt: string; differences: ScoreDifference[] };
};

export default function ScoreEntryPage() {
  const data = useLoaderData<typeof loader>();
  const answer: unknown = useActionData<typeof clientAction>();
  const failure = isFormFailure(answer) ? (answer as ActionData) : undefined;
  // Each answer asking to send again is a new object, so the page sends once per answer.
  const resend = typeof answer === "object" && answer !== null && "resend" in answer ? answer : null;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/judge`}>
        Back to your entries
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {!failure && data.previousSaved ? (
        <InsetText>Your scores for {data.previousSaved} have been saved. This is the next entry to score.</InsetText>
      ) : null}
      {!failure && data.progressSaved ? (
        <InsetText>
          Your scores so far have been saved. Score every criterion, or tick &lsquo;Team absent&rsquo;, to finish this
          entry.
        </InsetText>
      ) : null}
      <span className="nhsuk-caption-l">
        {data.title}: {data.round.name}
      </span>
      <h1>{data.entry.title}</h1>
      {data.editable && data.criteria.length > 0 ? (
        <p>
          <a href="#scores">Go to the scoring form</a>
        </p>
      ) : null}
      <EntryDetails entry={data.entry} />
      <h2 id="scores">Your scores</h2>
      {data.criteria.length === 0 ? (
        <p>The organisers have not published the rubric for this round yet. Come back when judging opens.</p>
      ) : data.editable ? (
        <ScoreForm data={data} failure={failure} resend={resend} />
      ) : (
        <LockedSheet data={data} />
      )}
    </TwoThirds>
  );
}

function ScoreForm({
  data,
  failure,
  resend,
}: {
  data: LoaderData;
  failure: ActionData | undefined;
  resend: object | null;
}) {
  const version = failure?.conflict?.version ?? data.saved?.version ?? 0;
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useScoreDraft(formRef, {
    storageKey: data.draftKey,
    savedVersion: version,
    savedAt: data.saved?.updatedAt ?? null,
    restore: !failure,
  });
  const submit = useSubmit();
  const resent = useRef<object | null>(null);
  // The connection came back after a save that could not be sent: send the form, as the judge left it, again.
  useEffect(() => {
    if (!resend || resend === resent.current || !formRef.current) return;
    resent.current = resend;
    submit(formRef.current);
  }, [resend, submit]);
  return (
    <>
      <DraftNotices {...draft} />
      {failure?.conflict ? <ConflictTable conflict={failure.conflict} roundId={data.round.id} /> : null}
      <p>
        Choose a score for each criterion. You can save part of your scores and come back to finish them. An entry is
        scored when every criterion has a score, or when you tick &lsquo;Team absent&rsquo;.
      </p>
      {/* A new version starts the form afresh from what was saved. */}
      <Form
        method="post"
        action={`/events/${data.slug}/judge/${data.submissionId}?round=${data.round.id}`}
        noValidate
        key={version}
        ref={formRef}
      >
        {/* Uncontrolled, so that a draft typed on an older version can carry that version (see score-draft). */}
        <input type="hidden" name="version" defaultValue={version} />
        {data.criteria.map((criterion) => {
          const saved = data.saved?.criterionScores[criterion.key];
          return (
            <Radios
              key={criterion.key}
              name={scoreField(criterion.key)}
              legend={`${criterion.name} (${criterion.percentage}% of the total)`}
              hint={criterion.guidance || undefined}
              choices={levels(criterion)}
              failure={failure}
              defaultValue={saved === undefined ? undefined : String(saved)}
            />
          );
        })}
        <Checkbox
          name="teamAbsent"
          label="Team absent"
          hint="Tick this if the team did not present to you. The entry then counts as scored without scores."
          failure={failure}
          defaultChecked={data.saved?.teamAbsent ?? false}
        />
        <TextArea
          name="feedback"
          label="Feedback for the team"
          hint="The team sees this after the results are published, without your name. Say what worked and what would make it better."
          failure={failure}
          defaultValue={data.saved?.feedback ?? ""}
        />
        <TextArea
          name="privateNote"
          label="Private note"
          hint="Only you and the organisers see this."
          rows={3}
          failure={failure}
          defaultValue={data.saved?.privateNote ?? ""}
        />
        <SubmitButton>Save scores</SubmitButton>
      </Form>
    </>
  );
}

function levels(criterion: Criterion) {
  const choices = [];
  for (let score = criterion.scaleMin; score <= criterion.scaleMax; score++) {
    const descriptor = criterion.descriptors.find((level) => level.score === score);
    choices.push({ value: String(score), label: String(score), hint: descriptor?.text });
  }
  return choices;
}

function LockedSheet({ data }: { data: LoaderData }) {
  const saved = data.saved;
  return (
    <>
      <InsetText>
        This round has been locked, so your scores can no longer be changed. Ask an organiser if something needs
        correcting.
      </InsetText>
      {saved ? (
        <SummaryList
          rows={[
            ...data.criteria.map((criterion) => {
              const score = saved.criterionScores[criterion.key];
              return {
                key: criterion.name,
                value: score === undefined ? "Not scored" : `${score} out of ${criterion.scaleMax}`,
              };
            }),
            { key: "Team absent", value: saved.teamAbsent ? "Yes" : "No" },
            { key: "Feedback for the team", value: saved.feedback || "None" },
            { key: "Private note", value: saved.privateNote || "None" },
          ]}
        />
      ) : (
        <p>You did not score this entry.</p>
      )}
    </>
  );
}

function ConflictTable({ conflict, roundId }: { conflict: NonNullable<ActionData["conflict"]>; roundId: string }) {
  return (
    <>
      <h3>Saved scores and this page</h3>
      <p>Scores were saved for this entry on {conflict.savedAt}. The form below still holds what is on this page.</p>
      <SideBySide
        caption="The saved scores and this page's"
        rowHeading="Criterion"
        theirsHeading="Saved"
        yoursHeading="This page"
        differences={conflict.differences}
      />
      <p>
        <a href={`?round=${roundId}`}>Discard this page&rsquo;s changes and open the saved scores</a>
      </p>
    </>
  );
}
