// The call's timeline, entered and shown in the event's time zone and stored in UTC.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { DateTimeField, ErrorSummary, SubmitButton, TextArea, TextField, type FormFailure } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { TIMELINE_STEPS } from "~/domain/phases";
import { formatInstant, toLocalParts } from "~/domain/time";
import { readTimelineForm, type AmbiguousStep } from "~/domain/timeline-form";
import { formValues, readForm } from "~/forms.server";
import { updateEvent } from "~/models/events.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Timeline") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const defaults: Record<string, string> = { gracePeriodMinutes: String(event.gracePeriodMinutes) };
  for (const step of TIMELINE_STEPS) {
    const at = event[step.key];
    if (!at) continue;
    const parts = toLocalParts(at, event.timeZone);
    defaults[`${step.key}Date`] = parts.date;
    defaults[`${step.key}Time`] = parts.time;
  }
  return { slug: event.slug, timeZone: event.timeZone, published: event.status !== "draft", defaults };
}

type TimelineFailure = FormFailure & { ambiguous: Partial<Record<string, AmbiguousStep>> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const values = formValues(formData);
  const { timeline, errors, ambiguous } = readTimelineForm(values, event.timeZone);
  const reason = (values.reason ?? "").trim();
  const deadlineMoved = timeline.submissionDeadlineAt?.getTime() !== event.submissionDeadlineAt?.getTime();
  if (event.status !== "draft" && deadlineMoved && Object.keys(errors).length === 0) {
    if (reason === "") errors.reason = "Enter the reason for moving the submission deadline: entrants are emailed it";
    else if (reason.length > 2000) errors.reason = "Reason must be 2,000 characters or fewer";
  }
  if (Object.keys(errors).length > 0) {
    return data<TimelineFailure>({ errors, values, ambiguous }, { status: 400 });
  }
  await updateEvent(user, event.id, timeline, {
    reason: reason || undefined,
    deadlineText: timeline.submissionDeadlineAt
      ? formatInstant(timeline.submissionDeadlineAt, event.timeZone, { withWeekday: true })
      : undefined,
  });
  return redirect(`/events/${event.slug}/manage?done=saved`);
}

export default function TimelinePage() {
  const { slug, timeZone, published, defaults } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <BackToOverview slug={slug} />
      <ErrorSummary errors={failure?.errors} />
      <h1>Timeline</h1>
      <p>
        Enter each time as it will be in the event&apos;s time zone, <strong>{timeZone}</strong>. Each step must come
        after the one before. In a challenge, registration can stay open while submissions are open, until the deadline.
      </p>
      <Form method="post" noValidate>
        {TIMELINE_STEPS.map((step) => (
          <div key={step.key}>
            <DateTimeField
              name={step.key}
              legend={step.label}
              failure={failure}
              defaultDate={defaults[`${step.key}Date`]}
              defaultTime={defaults[`${step.key}Time`]}
              ambiguous={failure?.ambiguous[step.key]}
            />
            {step.key === "submissionDeadlineAt" ? (
              <TextField
                name="gracePeriodMinutes"
                label="Grace period in minutes"
                hint="Entries are still accepted for this long after the deadline, for slow uploads. 0 for none."
                inputMode="numeric"
                width={4}
                failure={failure}
                defaultValue={defaults.gracePeriodMinutes}
              />
            ) : null}
          </div>
        ))}
        {published ? (
          <TextArea
            name="reason"
            label="If you move the submission deadline, why?"
            hint="Needed only when the deadline moves. Everyone registered is emailed the new deadline and this reason."
            failure={failure}
            rows={3}
          />
        ) : null}
        <SubmitButton>Save timeline</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
