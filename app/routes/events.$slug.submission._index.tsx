// The team's entry: what they built, for which problem, and where the code lives. Any member
// edits it until the deadline (or their extension); after it the page shows the entry read-only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { EntryDetails } from "~/components/entry";
import { SideBySide } from "~/components/side-by-side";
import {
  Checkbox,
  ErrorSummary,
  FORM_ERROR,
  Select,
  SubmitButton,
  TextArea,
  TextField,
  type FormFailure,
} from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import { CONTRIBUTION_PREFIX, entryFormSchema } from "~/domain/entry-form";
import { LICENCES } from "~/domain/licences";
import { shortCommit } from "~/domain/repositories";
import { SUBMISSION_LIMITS, SUGGESTED_TECHNOLOGIES } from "~/domain/submissions";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { getCall } from "~/models/events.server";
import { displayEntry, entryView } from "~/models/entries.server";
import { teamWonPrizes } from "~/models/award-shares.server";
import { publishedFeedback } from "~/models/scoring.server";
import { removeScreenshot, returnToDraft, saveEntry, teamEntry } from "~/models/submissions.server";
import { hasSupportWindow } from "~/models/support.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Your entry") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const base = { slug: event.slug, title: event.title, done: new URL(request.url).searchParams.get("done") };
  const entry = await teamEntry(event, user.id);
  if (!entry) return { ...base, entry: null };
  const { submission } = entry;
  const show = (at: Date | null) => (at ? formatInstant(at, event.timeZone, { withWeekday: true }) : null);
  const readOnly = entry.refusal !== null;
  const view = readOnly && submission ? await entryView(event, submission.id) : null;
  const feedback = readOnly && submission ? await publishedFeedback(event, submission.id) : [];
  const { themes } = (await getCall(event.slug))!;
  return {
    ...base,
    wonPrizes: await teamWonPrizes(user, event),
    hasSupport: await hasSupportWindow(user, event),
    entry: {
      teamName: entry.team.name,
      members: entry.members.map(({ userId, name }) => ({ userId, name })),
      teamSizeMin: event.teamSizeMin,
      fields: entry.fields,
      version: submission?.version ?? 0,
      status: submission?.status ?? "draft",
      submittedAt: show(submission?.submittedAt ?? null),
      disqualificationReason: submission?.disqualifiedAt ? submission.disqualificationReason : null,
      extensionUntil: submission?.extensionUntil ? show(submission.extensionUntil) : null,
      cutoff: show(entry.cutoff),
      refusal: entry.refusal,
      repository: submission?.repositoryCheckedAt
        ? {
            reachable: submission.repositoryReachable === true,
            message: submission.repositoryMessage,
            defaultBranch: submission.repositoryDefaultBranch,
            headCommit: submission.repositoryHeadCommit ? shortCommit(submission.repositoryHeadCommit) : null,
            checkedAt: show(submission.repositoryCheckedAt),
          }
        : null,
      screenshots: entry.screenshots.map(({ id, description, byteSize }) => ({
        id,
        description,
        size: `${Math.max(1, Math.round(byteSize / 1024))} KB`,
      })),
      requiresOsiLicence: event.requiresOsiLicence,
      requiresDataAttestation: event.requiresDataAttestation,
      display: view ? displayEntry(event, view) : null,
      feedback,
    },
    themes: themes.map((theme) => ({ value: theme.id, label: theme.title })),
  };
}

const otherActions = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("return-to-draft") }),
  z.object({ intent: z.literal("remove-screenshot"), screenshotId: z.string().uuid() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  // The deadline is judged when the request arrived, not after the repository check.
  const now = new Date();
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "save" || intent === "submit") {
    const entry = await teamEntry(event, user.id, now);
    const memberIds = entry?.members.map((member) => member.userId) ?? [];
    const parsed = parseForm(entryFormSchema({ requiresOsiLicence: event.requiresOsiLicence, memberIds }), formData);
    if (!parsed.ok) return rejectForm(parsed.failure);
    const { fields, version } = parsed.data;
    const outcome = await saveEntry(user, event, { fields, baseVersion: version, submit: intent === "submit" }, now);
    const values = formValues(formData);
    if ("error" in outcome) return formError(outcome.error, values, outcome.field);
    if ("conflict" in outcome) {
      const { conflict } = outcome;
      return data(
        {
          errors: {
            [FORM_ERROR]: `${conflict.savedBy} saved this entry after you opened it. Nothing of yours has been saved yet: compare the two below, then save again to keep your version.`,
          },
          values,
          conflict: {
            savedBy: conflict.savedBy,
            savedAt: formatInstant(conflict.savedAt, event.timeZone),
            differences: conflict.differences,
            // The page's data is not reloaded after a 409, so the form takes the version from here.
            version: conflict.version,
          },
        },
        { status: 409 },
      );
    }
    const repositoryProblem =
      outcome.saved !== undefined && outcome.repository && !outcome.repository.ok
        ? { repositoryUrl: outcome.repository.message }
        : {};
    const problems = { ...repositoryProblem, ...outcome.incomplete };
    if (Object.keys(problems).length > 0) {
      // Saved as a draft (or, for a submitted entry, not saved): say what stands in the way.
      const notice =
        outcome.saved === "draft"
          ? "Your draft has been saved, but it cannot be submitted yet."
          : outcome.saved === "submitted"
            ? null
            : "Your changes have not been saved: a submitted entry must stay complete. Fix these, or return the entry to a draft first.";
      return data({ errors: problems, values, notice }, { status: outcome.saved ? 200 : 400 });
    }
    return redirect(`/events/${event.slug}/submission?done=${outcome.saved}`);
  }
  const parsed = parseForm(otherActions, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome =
    parsed.data.intent === "return-to-draft"
      ? await returnToDraft(user, event, now)
      : await removeScreenshot(user, event, parsed.data.screenshotId, now);
  if ("error" in outcome) return formError(outcome.error, {});
  return redirect(`/events/${event.slug}/submission?done=${parsed.data.intent}`);
}

const confirmations: Record<string, string> = {
  draft: "Your draft has been saved. Any member of your team can carry on with it.",
  submitted: "Your entry has been submitted. You can still change it until the deadline.",
  "return-to-draft": "Your entry is a draft again. Submit it again before the deadline, or it will not be judged.",
  "remove-screenshot": "The screenshot has been removed.",
  screenshot: "The screenshot has been added.",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Entry = NonNullable<LoaderData["entry"]>;
type ActionData = FormFailure & {
  conflict?: {
    savedBy: string;
    savedAt: string;
    version: number;
    differences: { label: string; before: string; after: string }[];
  };
  notice?: string | null;
};

export default function SubmissionPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as ActionData | undefined;
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to {data.title}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {failure?.notice ? <InsetText>{failure.notice}</InsetText> : null}
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      {"wonPrizes" in data && (data.wonPrizes || data.hasSupport) ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          {data.wonPrizes ? (
            <p>
              Congratulations: your team won a prize.{" "}
              <Link to={`/events/${data.slug}/prizes`}>Your team's prize money</Link>
            </p>
          ) : null}
          {data.hasSupport ? (
            <p>
              Ask for help and post your progress:{" "}
              <Link to={`/events/${data.slug}/support`}>Your team's follow-on support</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      {data.entry ? (
        <YourEntry entry={data.entry} themes={data.themes} slug={data.slug} failure={failure} />
      ) : (
        <>
          <h1>Your entry</h1>
          <p>
            You need to be in a team at this event to enter. An entry belongs to a team, even a team of one where the
            event allows it.
          </p>
          <p>
            <Link to={`/events/${data.slug}/team`}>Create or join a team</Link>
          </p>
        </>
      )}
    </TwoThirds>
  );
}

function EntryStatus({ entry }: { entry: Entry }) {
  const rows = [
    {
      key: "Status",
      value: entry.disqualificationReason
        ? "Disqualified"
        : entry.status === "submitted"
          ? `Submitted on ${entry.submittedAt}`
          : "Draft: not submitted",
    },
    { key: "Deadline", value: entry.cutoff ?? "Not set yet" },
  ];
  if (entry.extensionUntil) rows.push({ key: "Extension", value: `Granted until ${entry.extensionUntil}` });
  return <SummaryList rows={rows} />;
}

function YourEntry({
  entry,
  themes,
  slug,
  failure,
}: {
  entry: Entry;
  themes: { value: string; label: string }[];
  slug: string;
  failure: ActionData | undefined;
}) {
  const heading = entry.fields.title || "Your entry";
  if (entry.refusal) {
    return (
      <>
        <h1>{heading}</h1>
        <InsetText>
          {entry.disqualificationReason
            ? `This entry has been disqualified. The organisers' reason: ${entry.disqualificationReason}`
            : `${entry.refusal}.`}
        </InsetText>
        <EntryStatus entry={entry} />
        {entry.feedback.map((round) => (
          <section key={round.roundName}>
            <h2>Feedback from the judges: {round.roundName}</h2>
            {round.comments.map((comment, index) => (
              <blockquote className="nhsuk-inset-text app-pre-line" key={index}>
                {comment}
              </blockquote>
            ))}
          </section>
        ))}
        {entry.display ? <EntryDetails entry={entry.display} /> : <p>Your team did not start an entry.</p>}
        <p>
          <Link to={`/events/${slug}/submission/history`}>See every version of your entry</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{heading}</h1>
      <p>
        Team: {entry.teamName}. Anyone in your team can edit this entry. Save a draft as often as you like; submit it
        when it is complete. You can change a submitted entry until the deadline.
      </p>
      <EntryStatus entry={entry} />
      {failure?.conflict ? <ConflictTable conflict={failure.conflict} /> : null}
      {/* A new version starts the form afresh, so it shows what was saved (tidied up) rather than what was typed. */}
      <Form method="post" noValidate key={entry.version}>
        <input type="hidden" name="version" value={failure?.conflict?.version ?? entry.version} />
        <TextField name="title" label="Title" failure={failure} defaultValue={entry.fields.title} />
        <TextField
          name="summary"
          label="One-line summary"
          hint="What it does and for whom, in one sentence. Judges and the gallery show this first."
          failure={failure}
          defaultValue={entry.fields.summary}
        />
        <TextArea
          name="description"
          label="Description"
          hint="The clinical problem, what you built, how it works and what you would do next. You can use Markdown."
          rows={10}
          failure={failure}
          defaultValue={entry.fields.description}
        />
        {themes.length ? (
          <Select
            name="themeId"
            label="Theme"
            options={[{ value: "", label: "Choose a theme" }, ...themes]}
            failure={failure}
            defaultValue={entry.fields.themeId ?? ""}
          />
        ) : null}
        <TextField
          name="repositoryUrl"
          label="Code repository"
          type="url"
          spellCheck={false}
          hint="The address of the public repository, for example https://github.com/your-team/your-project. We check that it is public each time you save."
          failure={failure}
          defaultValue={entry.fields.repositoryUrl}
        />
        {entry.repository && !failure?.errors.repositoryUrl ? <RepositoryCheck repository={entry.repository} /> : null}
        <TextField
          name="demoUrl"
          label="Demo (optional)"
          type="url"
          spellCheck={false}
          hint="A link where judges can try it, starting with https://"
          failure={failure}
          defaultValue={entry.fields.demoUrl}
        />
        <TextField
          name="videoUrl"
          label="Video (optional)"
          type="url"
          spellCheck={false}
          hint="A short video of it working, starting with https://"
          failure={failure}
          defaultValue={entry.fields.videoUrl}
        />
        <Select
          name="licence"
          label="Licence"
          hint={
            entry.requiresOsiLicence
              ? "This event needs an open-source licence approved by the Open Source Initiative."
              : "The licence your code is released under."
          }
          options={[
            { value: "", label: "Choose a licence" },
            ...LICENCES.filter((licence) => licence.osiApproved || !entry.requiresOsiLicence).map((licence) => ({
              value: licence.id,
              label: `${licence.name} (${licence.id})`,
            })),
          ]}
          failure={failure}
          defaultValue={entry.fields.licence}
        />
        <TextField
          name="technologies"
          label="Technologies and standards (optional)"
          hint={`Separate them with commas, for example: ${SUGGESTED_TECHNOLOGIES.slice(0, 5).join(", ")}.`}
          failure={failure}
          defaultValue={entry.fields.technologies.join(", ")}
        />
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who did what (optional)</legend>
          {entry.members.map((member) => (
            <TextArea
              key={member.userId}
              name={`${CONTRIBUTION_PREFIX}${member.userId}`}
              label={member.name}
              rows={2}
              failure={failure}
              defaultValue={entry.fields.contributions[member.userId] ?? ""}
            />
          ))}
        </fieldset>
        {entry.requiresDataAttestation ? (
          <Checkbox
            name="dataAttestation"
            label="Our entry uses no real patient data, only synthetic or anonymised test data"
            failure={failure}
            defaultChecked={entry.fields.dataAttestation}
          />
        ) : null}
        <div className="nhsuk-button-group">
          <button type="submit" name="intent" value="save" className="nhsuk-button nhsuk-button--secondary">
            Save draft
          </button>
          <button type="submit" name="intent" value="submit" className="nhsuk-button">
            {entry.status === "submitted" ? "Save changes" : "Submit entry"}
          </button>
        </div>
      </Form>
      <Screenshots entry={entry} slug={slug} />
      {entry.status === "submitted" ? (
        <>
          <h2>Return to a draft</h2>
          <p>Your entry will not be judged unless you submit it again before the deadline.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="return-to-draft" />
            <SubmitButton secondary>Return to a draft</SubmitButton>
          </Form>
        </>
      ) : null}
      <p>
        <Link to={`/events/${slug}/submission/history`}>See every version of your entry</Link>
      </p>
      <p className="nhsuk-body-s">
        A team needs at least {entry.teamSizeMin} {entry.teamSizeMin === 1 ? "member" : "members"} to submit. Yours has{" "}
        {entry.members.length}. The description is limited to {SUBMISSION_LIMITS.description.toLocaleString("en-GB")}{" "}
        characters.
      </p>
    </>
  );
}

function RepositoryCheck({ repository }: { repository: NonNullable<Entry["repository"]> }) {
  if (!repository.reachable) {
    return (
      <InsetText>
        When we last looked, on {repository.checkedAt}: {repository.message}
      </InsetText>
    );
  }
  return (
    <InsetText>
      Public and reachable when we last looked, on {repository.checkedAt}: branch{" "}
      <code>{repository.defaultBranch ?? "unknown"}</code> at commit <code>{repository.headCommit}</code>.
    </InsetText>
  );
}

function ConflictTable({ conflict }: { conflict: NonNullable<ActionData["conflict"]> }) {
  return (
    <>
      <h2>What changed</h2>
      <p>
        {conflict.savedBy} saved the entry on {conflict.savedAt}. The form below still holds your version.
      </p>
      <SideBySide
        caption="Their version and yours"
        rowHeading="Field"
        theirsHeading={`Saved by ${conflict.savedBy}`}
        yoursHeading="Yours"
        differences={conflict.differences.map(({ label, before, after }) => ({ label, theirs: before, yours: after }))}
      />
      <p>
        <a href="?">Discard your changes and open their version</a>
      </p>
    </>
  );
}

function Screenshots({ entry, slug }: { entry: Entry; slug: string }) {
  return (
    <>
      <h2>Screenshots</h2>
      <p>
        Up to {SUBMISSION_LIMITS.screenshots} PNG or JPEG images of 2 MB or less. Describe each one for people who
        cannot see it.
      </p>
      {entry.screenshots.length ? (
        <ul className="nhsuk-list">
          {entry.screenshots.map((screenshot) => (
            <li key={screenshot.id} className="app-screenshot-item">
              <img src={`/events/${slug}/screenshots/${screenshot.id}`} alt={screenshot.description} width={240} />
              <p className="nhsuk-body-s">
                {screenshot.description} ({screenshot.size})
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="remove-screenshot" />
                <input type="hidden" name="screenshotId" value={screenshot.id} />
                <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
                  Remove<span className="nhsuk-u-visually-hidden"> screenshot: {screenshot.description}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      {entry.screenshots.length < SUBMISSION_LIMITS.screenshots ? (
        <p>
          <Link to={`/events/${slug}/submission/screenshots`}>Add a screenshot</Link>
        </p>
      ) : null}
    </>
  );
}
