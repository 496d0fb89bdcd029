// Grants one team more time to submit or change its entry, with a reason kept in the audit log.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireOrganiserOfEvent } from "~/auth/guards.server";
import { DateTimeField, ErrorSummary, SubmitButton, TextArea } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { requiredText } from "~/domain/fields";
import { submissionCutoff } from "~/domain/phases";
import { formatInstant, resolveLocalDateTime, toLocalParts } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { extensionContext, grantExtension } from "~/models/entries.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Grant an extension") }];

async function teamFor(request: Request, slug: string | undefined, teamId: string | null) {
  const found = await requireOrganiserOfEvent(request, slug);
  const parsed = z.string().uuid().safeParse(teamId);
  const team = parsed.success ? await extensionContext(found.event, parsed.data) : null;
  if (!team) notFound("There is no such team at this event.");
  return { ...found, team };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, team } = await teamFor(request, params.slug, new URL(request.url).searchParams.get("team"));
  const cutoff = submissionCutoff(event);
  const current = team.extensionUntil ? toLocalParts(team.extensionUntil, event.timeZone) : null;
  return {
    slug: event.slug,
    title: event.title,
    team: { id: team.id, name: team.name, submissionId: team.submissionId },
    cutoff: cutoff ? formatInstant(cutoff, event.timeZone) : null,
    current: current && { ...current, reason: team.extensionReason ?? "" },
    timeZone: event.timeZone,
  };
}

const schema = z.object({
  untilDate: z.string().trim().min(1, "Enter the date the extension ends"),
  untilTime: z.string().trim().min(1, "Enter the time the extension ends"),
  reason: requiredText("The reason for the extension", 1000),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const url = new URL(request.url);
  const { user, event, team } = await teamFor(request, params.slug, url.searchParams.get("team"));
  const formData = await readForm(request);
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const values = formValues(formData);
  // When the time happens twice (the clocks going back) the later one is the kinder extension.
  const until = resolveLocalDateTime(parsed.data.untilDate, parsed.data.untilTime, event.timeZone, "later");
  if ("error" in until) return formError(`End of the extension: ${until.error}`, values, "untilDate");
  const cutoff = submissionCutoff(event);
  if (cutoff && until.instant <= cutoff) {
    return formError(
      `The extension must end after the deadline and its grace period, ${formatInstant(cutoff, event.timeZone)}`,
      values,
      "untilDate",
    );
  }
  const outcome = await grantExtension(user, event, team.id, until.instant, parsed.data.reason);
  if ("error" in outcome) return formError(outcome.error, values);
  return redirect(`/events/${event.slug}/manage/submissions?done=extension`);
}

export default function ExtensionPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const back = data.team.submissionId
    ? `/events/${data.slug}/manage/submissions/${data.team.submissionId}`
    : `/events/${data.slug}/manage/submissions`;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={back}>
        Back
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Grant {data.team.name} an extension</h1>
      <p>
        The team can submit and change its entry until the time you give, instead of the deadline
        {data.cutoff ? ` (${data.cutoff}, including the grace period)` : ""}. Its commit is frozen when the extension
        ends. The reason is kept in the audit log.
      </p>
      <Form method="post" noValidate>
        <DateTimeField
          name="until"
          legend="End of the extension"
          hint={`In the event's time zone, ${data.timeZone}.`}
          failure={failure}
          defaultDate={data.current?.date}
          defaultTime={data.current?.time}
        />
        <TextArea
          name="reason"
          label="Reason"
          hint="For example: the team lost two hours to a venue power cut."
          failure={failure}
          defaultValue={data.current?.reason}
        />
        <SubmitButton>Grant extension</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
