// One entry for its event's organisers: the entry, its repository at the deadline, and the
// organisers' actions on it (look at the repository again, extension, disqualification).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireOrganiserOfEvent } from "~/auth/guards.server";
import { EntryDetails } from "~/components/entry";
import { ErrorSummary, SubmitButton, TextArea } from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import { requiredText } from "~/domain/fields";
import { shortCommit } from "~/domain/repositories";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import {
  disqualifyEntry,
  displayEntry,
  entryView,
  recheckRepository,
  reinstateEntry,
  repositoryCheckText,
} from "~/models/entries.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.entry.title ?? "Entry") }];

async function entryFor(request: Request, slug: string | undefined, id: string | undefined) {
  const found = await requireOrganiserOfEvent(request, slug);
  const parsed = z.string().uuid().safeParse(id);
  const view = parsed.success ? await entryView(found.event, parsed.data) : null;
  if (!view) notFound("There is no entry at this address.");
  return { ...found, view };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, view } = await entryFor(request, params.slug, params.id);
  const { submission } = view;
  const show = (at: Date | null) => (at ? formatInstant(at, event.timeZone) : null);
  return {
    slug: event.slug,
    title: event.title,
    id: view.id,
    teamId: submission.teamId,
    entry: displayEntry(event, view),
    status: submission.disqualifiedAt
      ? `Disqualified on ${show(submission.disqualifiedAt)}`
      : submission.status === "submitted"
        ? `Submitted on ${show(submission.submittedAt)}${submission.importedAt ? " (imported)" : ""}`
        : "Draft: not submitted",
    disqualified: submission.disqualifiedAt !== null,
    disqualificationReason: submission.disqualificationReason,
    repository: {
      check: repositoryCheckText(submission),
      checkedAt: show(submission.repositoryCheckedAt),
      branch: submission.repositoryDefaultBranch,
      head: submission.repositoryHeadCommit ? shortCommit(submission.repositoryHeadCommit) : null,
      submitted: submission.submittedCommit ? shortCommit(submission.submittedCommit) : null,
      frozen: submission.frozenCommit ? shortCommit(submission.frozenCommit) : null,
      frozenAt: show(submission.frozenAt),
      hasUrl: submission.repositoryUrl !== "",
    },
    deadline: show(view.cutoff),
    extension: submission.extensionUntil
      ? { until: show(submission.extensionUntil), reason: submission.extensionReason ?? "" }
      : null,
    done: new URL(request.url).searchParams.get("done"),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("recheck") }),
  z.object({ intent: z.literal("disqualify"), reason: requiredText("The reason for disqualifying", 2000) }),
  z.object({ intent: z.literal("reinstate"), reinstateReason: requiredText("The reason for reinstating", 2000) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, view } = await entryFor(request, params.slug, params.id);
  const formData = await readForm(request);
  const parsed = parseForm(actionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const input = parsed.data;
  const outcome =
    input.intent === "recheck"
      ? await recheckRepository(event, view.id)
      : input.intent === "disqualify"
        ? await disqualifyEntry(user, event, view.id, input.reason)
        : await reinstateEntry(user, event, view.id, input.reinstateReason);
  if ("error" in outcome) return formError(outcome.error, formValues(formData));
  return redirect(`/events/${event.slug}/manage/submissions/${view.id}?done=${input.intent}`);
}

const confirmations: Record<string, string> = {
  recheck: "We have looked at the repository again.",
  disqualify: "The entry has been disqualified. We have emailed the team with your reason.",
  reinstate: "The entry has been reinstated. We have emailed the team.",
};

export default function OrganiserEntryPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const { repository } = data;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/submissions`}>
        Back to the entries
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>{data.entry.title}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: data.status },
          ...(data.disqualificationReason ? [{ key: "Reason", value: data.disqualificationReason }] : []),
          { key: "Team's deadline", value: data.deadline ?? "Not set" },
          ...(data.extension
            ? [{ key: "Extension", value: `Until ${data.extension.until}. Reason: ${data.extension.reason}` }]
            : []),
          {
            key: "Repository check",
            value: repository.checkedAt ? `${repository.check} (${repository.checkedAt})` : repository.check,
          },
          ...(repository.head
            ? [
                {
                  key: "Latest commit seen",
                  value: `${repository.head} on ${repository.branch ?? "the default branch"}`,
                },
              ]
            : []),
          { key: "Commit at submission", value: repository.submitted ?? "None" },
          {
            key: "Commit at the deadline",
            value: repository.frozen ? `${repository.frozen} (recorded ${repository.frozenAt})` : "Not recorded yet",
          },
        ]}
      />
      {repository.hasUrl ? (
        <Form method="post">
          <input type="hidden" name="intent" value="recheck" />
          <SubmitButton secondary>Look at the repository again</SubmitButton>
        </Form>
      ) : null}
      <p>
        <Link to={`/events/${data.slug}/manage/submissions/extension?team=${data.teamId}`}>
          {data.extension ? "Change the extension" : "Grant this team an extension"}
        </Link>
      </p>
      <EntryDetails entry={data.entry} />
      {data.disqualified ? (
        <>
          <h2>Reinstate this entry</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reinstate" />
            <TextArea
              name="reinstateReason"
              label="Reason for reinstating"
              hint="The team is emailed this note."
              failure={failure}
            />
            <SubmitButton secondary>Reinstate entry</SubmitButton>
          </Form>
        </>
      ) : (
        <>
          <h2>Disqualify this entry</h2>
          <p>The entry will not be judged or shown in the gallery. The team is emailed your reason.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="disqualify" />
            <TextArea name="reason" label="Reason for disqualifying" failure={failure} />
            <button type="submit" className="nhsuk-button nhsuk-button--warning">
              Disqualify entry
            </button>
          </Form>
        </>
      )}
    </TwoThirds>
  );
}
