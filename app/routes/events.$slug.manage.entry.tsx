// Who may enter and how: team sizes, capacity, eligibility and the requirements entries must meet.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, SubmitButton, TextArea, TextField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { checkbox, optionalText, requiredText, wholeNumber } from "~/domain/fields";
import { parseForm, rejectForm, readForm } from "~/forms.server";
import { getCall, setEligibilityQuestions, updateEvent } from "~/models/events.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Teams, eligibility and requirements") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganiserOfEvent(request, params.slug);
  const { event, questions } = (await getCall(params.slug!))!;
  return {
    slug: event.slug,
    values: {
      teamSizeMin: String(event.teamSizeMin),
      teamSizeMax: String(event.teamSizeMax),
      capacity: event.capacity === null ? "" : String(event.capacity),
      eligibilityStatement: event.eligibilityStatement,
      questions: questions.map((row) => row.question).join("\n"),
      requiresOsiLicence: event.requiresOsiLicence,
      requiresDataAttestation: event.requiresDataAttestation,
    },
  };
}

const MAX_QUESTIONS = 10;

const entrySchema = z
  .object({
    teamSizeMin: wholeNumber("Smallest team", 1, 20),
    teamSizeMax: wholeNumber("Largest team", 1, 20),
    capacity: z
      .string()
      .default("")
      .transform((value) => value.trim())
      .refine(
        (value) => value === "" || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100_000),
        "Places must be a whole number from 1 to 100,000, or blank for no limit",
      )
      .transform((value) => (value === "" ? null : Number(value))),
    eligibilityStatement: requiredText("Who may enter", 2000),
    questions: optionalText("Eligibility questions", 5000)
      .transform((text) =>
        text
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
      )
      .refine((lines) => lines.length <= MAX_QUESTIONS, `Ask ${MAX_QUESTIONS} eligibility questions or fewer`)
      .refine(
        (lines) => lines.every((line) => line.length <= 300),
        "Each eligibility question must be 300 characters or fewer",
      ),
    requiresOsiLicence: checkbox,
    requiresDataAttestation: checkbox,
  })
  .superRefine((value, context) => {
    if (value.teamSizeMax < value.teamSizeMin) {
      context.addIssue({
        code: "custom",
        path: ["teamSizeMax"],
        message: "Largest team must be at least the smallest team",
      });
    }
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const parsed = parseForm(entrySchema, await readForm(request));
  if (!parsed.ok) return rejectForm(parsed.failure);
  const { questions, ...changes } = parsed.data;
  await updateEvent(user, event.id, changes);
  await setEligibilityQuestions(user, event, questions);
  return redirect(`/events/${event.slug}/manage?done=saved`);
}

export default function EntryRulesPage() {
  const { slug, values } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <BackToOverview slug={slug} />
      <ErrorSummary errors={failure?.errors} />
      <h1>Teams, eligibility and requirements</h1>
      <Form method="post" noValidate>
        <h2>Teams and places</h2>
        <TextField
          name="teamSizeMin"
          label="Smallest team"
          hint="Checked when a team submits."
          inputMode="numeric"
          width={3}
          failure={failure}
          defaultValue={values.teamSizeMin}
        />
        <TextField
          name="teamSizeMax"
          label="Largest team"
          hint="Never exceeded, even when several people join at once."
          inputMode="numeric"
          width={3}
          failure={failure}
          defaultValue={values.teamSizeMax}
        />
        <TextField
          name="capacity"
          label="Places"
          hint="How many participants can register. Beyond this, people join a waiting list. Leave blank for no limit."
          inputMode="numeric"
          width={5}
          failure={failure}
          defaultValue={values.capacity}
        />
        <h2>Eligibility</h2>
        <TextArea
          name="eligibilityStatement"
          label="Who may enter"
          hint="For example: clinicians, developers, designers and patients who live or work in West Yorkshire."
          failure={failure}
          defaultValue={values.eligibilityStatement}
          rows={4}
        />
        <TextArea
          name="questions"
          label="Yes or no questions every entrant must answer yes"
          hint={`One question a line, up to ${MAX_QUESTIONS}. For example: I work for or with an NHS organisation.`}
          failure={failure}
          defaultValue={values.questions}
          rows={4}
        />
        <h2>Requirements for entries</h2>
        <Checkbox
          name="requiresOsiLicence"
          label="The code must have an OSI-approved open-source licence"
          failure={failure}
          defaultChecked={values.requiresOsiLicence}
        />
        <Checkbox
          name="requiresDataAttestation"
          label="Teams must confirm they use no real patient data"
          hint="Only synthetic or anonymised test data."
          failure={failure}
          defaultChecked={values.requiresDataAttestation}
        />
        <SubmitButton>Save</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
