// A round's rubric: criteria with guidance, weights (shown as percentages), scales and level
// descriptors. Once a score uses the rubric, a change that alters what scores mean makes a new
// version and the scores already given keep theirs.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireOrganiserOfRound } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, FORM_ERROR, Radios, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { slugFrom } from "~/domain/fields";
import { MAX_CRITERIA, NHS_HACK_DAY_RUBRIC, weightPercentages, type Criterion, type Rubric } from "~/domain/rubrics";
import { formError, formValues, rejectForm, readForm } from "~/forms.server";
import { rubricEditorState, saveRubric } from "~/models/judging.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Rubric") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const state = await rubricEditorState(event, round.id);
  if (!state?.current) notFound("A People's Choice vote has no rubric.");
  const criteria = state.current.rubric.criteria;
  const percentages = weightPercentages(criteria);
  return {
    slug: event.slug,
    title: event.title,
    roundId: round.id,
    roundName: round.name,
    locked: round.status === "locked",
    version: state.current.version,
    scored: state.scored,
    done: new URL(request.url).searchParams.get("done"),
    criteria: criteria.map((criterion, index) => ({
      key: criterion.key,
      name: criterion.name,
      guidance: criterion.guidance,
      weight: String(criterion.weight),
      percentage: percentages[index] ?? 0,
      scaleMin: String(criterion.scaleMin),
      scaleMax: String(criterion.scaleMax),
      descriptors: criterion.descriptors.map((level) => `${level.score}: ${level.text}`).join("\n"),
      levels: criterion.descriptors,
    })),
    canAdd: criteria.length < MAX_CRITERIA,
  };
}

const field = (slot: number, name: string) => `criteria.${slot}.${name}`;
const DESCRIPTOR_LINE = /^\s*(\d+)\s*[:.)\-–]\s*(.*)$/;
const WHOLE = /^\s*\d+\s*$/;

/**
 * Reads the editor's criteria, posted as criteria.<slot>.<field>. A slot ticked for removal, or the
 * blank slot for a new criterion left empty, is skipped; `slots` maps each criterion back to the
 * slot it came from, so that a message about criterion n lands on the right fields.
 */
function readRubricForm(values: Record<string, string>): {
  rubric: Rubric;
  slots: number[];
  errors: Record<string, string>;
} {
  const criteria: Criterion[] = [];
  const slots: number[] = [];
  const errors: Record<string, string> = {};
  for (let slot = 0; slot <= MAX_CRITERIA; slot++) {
    const read = (name: string) => values[field(slot, name)];
    if (read("name") === undefined) continue;
    if (read("remove") === "yes") continue;
    const key = (read("key") ?? "").trim();
    const name = read("name") ?? "";
    const guidance = read("guidance") ?? "";
    const descriptorText = read("descriptors") ?? "";
    if (key === "" && name.trim() === "" && guidance.trim() === "" && descriptorText.trim() === "") continue;
    const number = (raw: string | undefined) => (raw !== undefined && WHOLE.test(raw) ? Number(raw) : NaN);
    const descriptors: Criterion["descriptors"] = [];
    for (const line of descriptorText.split(/\r?\n/)) {
      if (line.trim() === "") continue;
      const match = DESCRIPTOR_LINE.exec(line);
      if (!match) {
        errors[field(slot, "descriptors")] =
          `Start each level of criterion ${criteria.length + 1} with its score, like “3: A working prototype”`;
        continue;
      }
      descriptors.push({ score: Number(match[1]), text: match[2] ?? "" });
    }
    criteria.push({
      key,
      name,
      guidance,
      weight: number(read("weight")),
      scaleMin: number(read("scaleMin")),
      scaleMax: number(read("scaleMax")),
      descriptors,
    });
    slots.push(slot);
  }
  // A new criterion gets a key from its name, unlike any other: scores are stored under it.
  const taken = new Set(criteria.map((criterion) => criterion.key).filter((key) => key !== ""));
  for (const criterion of criteria) {
    if (criterion.key !== "") continue;
    const base = slugFrom(criterion.name) || "criterion";
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    criterion.key = key;
  }
  return { rubric: { criteria }, slots, errors };
}

/** rubricErrors' keys name criteria by position in the rubric; the form's fields are by slot. */
function errorsBySlot(errors: Record<string, string>, slots: number[]): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const match = /^criteria\.(\d+)\.(\w+)/.exec(key);
    if (!match) {
      mapped[slots.length === 0 ? field(0, "name") : FORM_ERROR] ??= message;
      continue;
    }
    const slot = slots[Number(match[1])] ?? 0;
    const name = match[2] === "key" ? "name" : match[2]!;
    mapped[field(slot, name)] ??= message;
  }
  return mapped;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const formData = await readForm(request);
  const values = formValues(formData);
  const here = `/events/${event.slug}/manage/judging/rounds/${round.id}/rubric`;
  let rubric: Rubric;
  let slots: number[] = [];
  if (values.intent === "reset") {
    rubric = NHS_HACK_DAY_RUBRIC;
  } else {
    const read = readRubricForm(values);
    if (Object.keys(read.errors).length > 0) return rejectForm({ errors: read.errors, values });
    rubric = read.rubric;
    slots = read.slots;
  }
  const outcome = await saveRubric(user, event, round.id, rubric);
  if ("errors" in outcome) return rejectForm({ errors: errorsBySlot(outcome.errors, slots), values });
  if ("error" in outcome) return formError(outcome.error, values);
  return redirect(`${here}?done=${outcome.saved}`);
}

const confirmations: Record<string, string> = {
  unchanged: "Nothing had changed.",
  updated: "The rubric has been saved.",
  new_version:
    "The rubric has been saved as a new version. Scores already given keep the version they were given against.",
};

export default function RubricPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const blankSlot = data.criteria.length;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/judging/rounds/${data.roundId}`}>
        Back to {data.roundName}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">
        {data.title}: {data.roundName}
      </span>
      <h1>Rubric (version {data.version})</h1>

      <h2>How judges see it</h2>
      {data.criteria.map((criterion) => (
        <div className="nhsuk-card" key={criterion.key}>
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading">
              {criterion.name} ({criterion.percentage}%)
            </h3>
            {criterion.guidance ? <p>{criterion.guidance}</p> : null}
            <p className="nhsuk-body-s">
              Scored from {criterion.scaleMin} to {criterion.scaleMax}.
            </p>
            {criterion.levels.length > 0 ? (
              <dl className="nhsuk-summary-list">
                {criterion.levels.map((level) => (
                  <div className="nhsuk-summary-list__row" key={level.score}>
                    <dt className="nhsuk-summary-list__key">{level.score}</dt>
                    <dd className="nhsuk-summary-list__value">{level.text}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </div>
        </div>
      ))}

      {data.locked ? (
        <p>The round is locked, so its rubric cannot be changed. Unlock the round to change it.</p>
      ) : (
        <>
          <h2>Change the rubric</h2>
          {data.scored ? (
            <div className="nhsuk-warning-callout">
              <h3 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  Scoring has started
                </span>
              </h3>
              <p>
                Judges have already scored against version {data.version}. Changing a name, weight, scale or level makes
                version {data.version + 1}: scores already given keep version {data.version}, and judges score against
                the new one from now on. Rewording guidance or reordering does not.
              </p>
            </div>
          ) : null}
          <p>
            Weights are whole numbers: only their proportions matter, and judges see each as a percentage of the total.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="save" />
            {data.criteria.map((criterion, slot) => (
              <CriterionFields key={criterion.key} slot={slot} criterion={criterion} failure={failure} />
            ))}
            {data.canAdd ? <CriterionFields slot={blankSlot} failure={failure} /> : null}
            <SubmitButton>Save rubric</SubmitButton>
          </Form>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Start again from the NHS Hack Day rubric</span>
            </summary>
            <div className="nhsuk-details__text">
              <p>
                Replaces these criteria with the five of the NHS Hack Day rubric: clinical need and impact, feasibility
                in the NHS, technical execution, use of open standards and data, and presentation.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="reset" />
                <SubmitButton secondary>Use the NHS Hack Day rubric</SubmitButton>
              </Form>
            </div>
          </details>
        </>
      )}
    </TwoThirds>
  );
}

function CriterionFields({
  slot,
  criterion,
  failure,
}: {
  slot: number;
  criterion?: {
    key: string;
    name: string;
    guidance: string;
    weight: string;
    percentage: number;
    scaleMin: string;
    scaleMax: string;
    descriptors: string;
  };
  failure?: { errors: Record<string, string>; values: Record<string, string> };
}) {
  const name = (part: string) => field(slot, part);
  return (
    <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-6">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
        {criterion
          ? `Criterion ${slot + 1}: ${criterion.name} (${criterion.percentage}%)`
          : "Add a criterion (optional)"}
      </legend>
      {criterion ? <input type="hidden" name={name("key")} value={criterion.key} /> : null}
      <TextField name={name("name")} label="Name" failure={failure} defaultValue={criterion?.name ?? ""} />
      <TextArea
        name={name("guidance")}
        label="Guidance for judges"
        rows={3}
        failure={failure}
        defaultValue={criterion?.guidance ?? ""}
      />
      <TextField
        name={name("weight")}
        label="Weight"
        hint="A whole number from 1 to 100."
        inputMode="numeric"
        width={3}
        failure={failure}
        defaultValue={criterion?.weight ?? "10"}
      />
      <Radios
        name={name("scaleMin")}
        legend="Lowest score"
        inline
        choices={[
          { value: "0", label: "0" },
          { value: "1", label: "1" },
        ]}
        failure={failure}
        defaultValue={criterion?.scaleMin ?? "1"}
      />
      <TextField
        name={name("scaleMax")}
        label="Highest score"
        hint="A whole number up to 10."
        inputMode="numeric"
        width={2}
        failure={failure}
        defaultValue={criterion?.scaleMax ?? "5"}
      />
      <TextArea
        name={name("descriptors")}
        label="What each score means (optional)"
        hint="One level a line, its score first, like “3: A working prototype of the core idea”."
        rows={5}
        failure={failure}
        defaultValue={criterion?.descriptors ?? ""}
      />
      {criterion ? (
        <Checkbox
          name={name("remove")}
          label={`Remove this criterion`}
          hint="Scores already given for it are kept with their rubric version."
          failure={failure}
        />
      ) : null}
    </fieldset>
  );
}
