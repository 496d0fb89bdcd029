// A community's follow-on support across its events, for its organisers and administrators: the
// programme report (components/support-report.tsx), its CSV, and the community's service level,
// the working days within which a team's request gets its first response.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfCommunity } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { SupportReport } from "~/components/support-report";
import { supportReportView } from "~/domain/support-report";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { programmeReport, setResponseWorkingDays } from "~/models/support.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Follow-on support: ${data.name}` : "Follow-on support") },
];

const DAYS_MESSAGE = "Enter a whole number of working days from 1 to 30";

const serviceLevelSchema = z.object({
  days: z
    .string({ required_error: DAYS_MESSAGE })
    .trim()
    .min(1, "Enter the number of working days within which teams get a first response")
    .regex(/^\d{1,6}$/, DAYS_MESSAGE)
    .transform(Number),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireOrganiserOfCommunity(request, params.slug);
  const now = new Date();
  const { report } = await programmeReport(community.id, now);
  return {
    name: community.name,
    slug: community.slug,
    days: community.supportResponseWorkingDays,
    saved: new URL(request.url).searchParams.get("saved") === "service-level",
    view: supportReportView(report, now),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = await requireOrganiserOfCommunity(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(serviceLevelSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome = await setResponseWorkingDays(user, community.id, parsed.data.days);
  if ("error" in outcome) return formError(outcome.error, formValues(formData), outcome.field);
  return redirect(`/organise/communities/${community.slug}/support-report?saved=service-level`);
}

export default function CommunitySupportReportPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const plural = data.days === 1 ? "working day" : "working days";
  return (
    <>
      <Link className="nhsuk-back-link" to="/organise">
        Back to events you organise
      </Link>
      {data.saved && !failure ? (
        <InsetText>
          Saved. Requests that teams log from now on are due a first response within {data.days} {plural}.
        </InsetText>
      ) : null}
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.name}</span>
      <h1>Follow-on support across the community</h1>
      <TwoThirds>
        <p>
          The help that winning teams of {data.name}&apos;s events have asked for since their results were announced:
          how quickly they had a first response, the time support staff gave them, and what the teams have achieved.
        </p>
      </TwoThirds>

      <SupportReport view={data.view} csvHref={`/organise/communities/${data.slug}/support-report.csv`} />

      <TwoThirds>
        <h2 id="service-level">Service level</h2>
        <p>
          Teams are promised a first response to each request within {data.days} {plural} (Monday to Friday, not
          counting bank holidays in England). A change applies to requests logged after it; requests already logged keep
          the time they were given.
        </p>
        <Form method="post" noValidate>
          <TextField
            name="days"
            label="First response within this many working days"
            hint="A whole number from 1 to 30"
            inputMode="numeric"
            width={2}
            defaultValue={String(data.days)}
            failure={failure}
          />
          <SubmitButton>Save the service level</SubmitButton>
        </Form>
      </TwoThirds>
    </>
  );
}
