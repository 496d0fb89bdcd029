// Adds one screenshot to the team's entry. Its type is judged from its bytes, not its name.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { ErrorSummary, FORM_ERROR, FileField, SubmitButton, TextField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { requiredText } from "~/domain/fields";
import { SUBMISSION_LIMITS } from "~/domain/submissions";
import { formError, readUploadForm, rejectForm } from "~/forms.server";
import { addScreenshot, teamEntry } from "~/models/submissions.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Add a screenshot") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const entry = await teamEntry(event, user.id);
  if (!entry) throw redirect(`/events/${event.slug}/submission`);
  return { slug: event.slug, title: event.title, refusal: entry.refusal, count: entry.screenshots.length };
}

const descriptionField = requiredText("A description of the screenshot", SUBMISSION_LIMITS.screenshotDescription);

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const upload = await readUploadForm(request, SUBMISSION_LIMITS.screenshotBytes);
  if (!upload) return formError("Choose a screenshot and send the form again", {}, "screenshot");
  const typed = upload.formData.get("description");
  const values = { description: typeof typed === "string" ? typed : "" };
  const errors: Record<string, string> = {};
  const file = upload.files.get("screenshot");
  if (!file) errors.screenshot = "Choose a screenshot";
  const description = descriptionField.safeParse(values.description);
  if (!description.success) errors.description = description.error.issues[0]!.message;
  if (!file || !description.success) return rejectForm({ errors, values });
  const outcome = await addScreenshot(user, event, { ...file, description: description.data }, now);
  if ("error" in outcome) return formError(outcome.error, values, outcome.field ?? FORM_ERROR);
  return redirect(`/events/${event.slug}/submission?done=screenshot`);
}

export default function AddScreenshotPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/submission`}>
        Back to your entry
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Add a screenshot</h1>
      {data.refusal ? (
        <p>{data.refusal}.</p>
      ) : (
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileField
            name="screenshot"
            label="Screenshot"
            hint={`A PNG or JPEG image of 2 MB or less. Your entry has ${data.count} of ${SUBMISSION_LIMITS.screenshots}.`}
            accept="image/png,image/jpeg"
            failure={failure}
          />
          <TextField
            name="description"
            label="What the screenshot shows"
            hint="For people who cannot see it, for example: The ward view, listing patients due a falls assessment."
            failure={failure}
          />
          <SubmitButton>Add screenshot</SubmitButton>
        </Form>
      )}
    </TwoThirds>
  );
}
