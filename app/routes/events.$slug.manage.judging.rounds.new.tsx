// Creating a judging round: a shortlist, a final or a People's Choice vote.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, Radios, SubmitButton, TextField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { requiredText } from "~/domain/fields";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { MAX_JUDGES_PER_ENTRY, MAX_ROUND_NAME_LENGTH, createRound } from "~/models/judging.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Create a judging round") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  return { slug: event.slug, title: event.title };
}

const roundSchema = z
  .object({
    kind: z.enum(["shortlist", "final", "peoples_choice"], {
      errorMap: () => ({ message: "Choose the kind of round" }),
    }),
    name: requiredText("A name for the round", MAX_ROUND_NAME_LENGTH),
    judgesPerEntry: z.string().trim().optional(),
  })
  // A refinement, unlike a transform, still runs when another field has failed, so every message shows at once.
  .superRefine((input, context) => {
    // Only a shortlist asks how many judges score each entry; a final is scored by every judge.
    if (input.kind !== "shortlist") return;
    const raw = input.judgesPerEntry ?? "";
    const count = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(count >= 1 && count <= MAX_JUDGES_PER_ENTRY)) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["judgesPerEntry"],
        message:
          raw === ""
            ? "Enter how many judges score each entry"
            : `Judges per entry must be a whole number from 1 to ${MAX_JUDGES_PER_ENTRY}`,
      });
    }
  })
  .transform((input) => ({
    ...input,
    judgesPerEntry: input.kind === "shortlist" ? Number(input.judgesPerEntry) : 3,
  }));

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(roundSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome = await createRound(user, event, parsed.data);
  if ("error" in outcome) return formError(outcome.error, formValues(formData), outcome.field);
  return redirect(`/events/${event.slug}/manage/judging/rounds/${outcome.round.id}?done=created`);
}

export default function NewRoundPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/judging`}>
        Back to judging
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Create a judging round</h1>
      <Form method="post" noValidate>
        <Radios
          name="kind"
          legend="Kind of round"
          choices={[
            {
              value: "shortlist",
              label: "Shortlist",
              hint: "Every entry is scored by a few judges. Starts with the NHS Hack Day rubric, which you can change.",
            },
            {
              value: "final",
              label: "Final",
              hint: "Every judge scores every finalist, for example at live pitches. You choose the finalists from the shortlist's results.",
            },
            {
              value: "peoples_choice",
              label: "People's Choice vote",
              hint: "Each registered participant has one vote, not for their own team.",
            },
          ]}
          failure={failure}
          defaultValue="shortlist"
        />
        <TextField
          name="name"
          label="Name of the round"
          hint="For example: Shortlist, Final pitches."
          failure={failure}
        />
        <TextField
          name="judgesPerEntry"
          label="Judges per entry (shortlist only)"
          hint="Three is usual: enough to even out one judge's harshness, few enough for judges to finish."
          inputMode="numeric"
          width={2}
          failure={failure}
          defaultValue="3"
        />
        <SubmitButton>Create round</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
