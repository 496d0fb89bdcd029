// The call's words and place: kind, title, address, summary, description, venue, time zone, rules.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, SubmitButton, TextArea, TextField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { BackToOverview, KindRadios } from "~/components/manage";
import { checkbox, optionalText, requiredText, slugField } from "~/domain/fields";
import { isValidTimeZone } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { isSlugTaken, updateEvent } from "~/models/events.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Details and venue") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  return {
    slug: event.slug,
    published: event.status !== "draft",
    values: {
      kind: event.kind,
      title: event.title,
      slug: event.slug,
      summary: event.summary,
      description: event.description,
      isOnline: event.isOnline,
      venueName: event.venueName,
      venueAddress: event.venueAddress,
      timeZone: event.timeZone,
      rules: event.rules,
    },
  };
}

const detailsSchema = z
  .object({
    kind: z.enum(["hackday", "challenge"], { errorMap: () => ({ message: "Select the kind of event" }) }),
    title: requiredText("Title", 120),
    slug: slugField("Web address name"),
    summary: requiredText("Summary", 280),
    description: optionalText("Description", 20_000),
    isOnline: checkbox,
    venueName: optionalText("Venue name", 200),
    venueAddress: optionalText("Venue address", 500),
    timeZone: z.string().trim().refine(isValidTimeZone, "Enter a time zone from the list, like Europe/London"),
    rules: optionalText("Rules", 20_000),
  })
  .superRefine((value, context) => {
    if (!value.isOnline && value.venueAddress === "" && value.venueName !== "") {
      context.addIssue({
        code: "custom",
        path: ["venueAddress"],
        message: "Enter the venue's address, or tick that the event is online",
      });
    }
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(detailsSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const input = parsed.data;
  if (input.slug !== event.slug && event.status !== "draft") {
    return formError(
      "The web address cannot change once the call is published: people have shared it",
      formValues(formData),
      "slug",
    );
  }
  if (await isSlugTaken(input.slug, event.id)) {
    return formError("Web address name is already used by another event", formValues(formData), "slug");
  }
  await updateEvent(user, event.id, input);
  return redirect(`/events/${input.slug}/manage?done=saved`);
}

export default function EventDetailsPage() {
  const { slug, values, published } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <BackToOverview slug={slug} />
      <ErrorSummary errors={failure?.errors} />
      <h1>Details and venue</h1>
      <Form method="post" noValidate>
        <KindRadios failure={failure} defaultValue={values.kind} />
        <TextField name="title" label="Title" failure={failure} defaultValue={values.title} />
        <TextField
          name="slug"
          label="Web address name"
          hint={
            published
              ? "It cannot change now that the call is published."
              : "The end of the call's web address, like leeds-hack-day-2027."
          }
          failure={failure}
          defaultValue={values.slug}
          spellCheck={false}
        />
        <TextField
          name="summary"
          label="Summary"
          hint="One line, shown in the list of events."
          failure={failure}
          defaultValue={values.summary}
        />
        <TextArea
          name="description"
          label="Description"
          hint="What the event is, why it matters and what to expect. You can use Markdown: ## for a heading, **bold**, - for a list, [text](https://…) for a link."
          failure={failure}
          defaultValue={values.description}
          rows={10}
        />
        <h2>Where</h2>
        <Checkbox name="isOnline" label="The event is online" failure={failure} defaultChecked={values.isOnline} />
        <TextField
          name="venueName"
          label="Venue name"
          hint="Leave blank for an online event."
          failure={failure}
          defaultValue={values.venueName}
        />
        <TextArea
          name="venueAddress"
          label="Venue address"
          failure={failure}
          defaultValue={values.venueAddress}
          rows={3}
        />
        <TextField
          name="timeZone"
          label="Time zone"
          hint="Times are entered and shown in this zone. Most events in the UK use Europe/London."
          failure={failure}
          defaultValue={values.timeZone}
          spellCheck={false}
        />
        <TextArea
          name="rules"
          label="Rules"
          hint="Optional: the rules entrants agree to, in Markdown."
          failure={failure}
          defaultValue={values.rules}
          rows={6}
        />
        <SubmitButton>Save details</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
