// The organisers' list of entries: status, repository check and frozen commit of each, with the
// export, the import and the choice to open the gallery at the deadline.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { Checkbox, SubmitButton } from "~/components/form";
import { InsetText, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { ResponsiveTable } from "~/components/table";
import { galleryOpen, submissionCutoff } from "~/domain/phases";
import { shortCommit } from "~/domain/repositories";
import { formatInstant } from "~/domain/time";
import {
  entriesForOrganisers,
  repositoryCheckText,
  setGalleryAfterDeadline,
  teamsWithoutEntry,
} from "~/models/entries.server";
import { readForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Entries") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const [entries, withoutEntry] = await Promise.all([entriesForOrganisers(event), teamsWithoutEntry(event)]);
  const cutoff = submissionCutoff(event);
  const now = new Date();
  return {
    slug: event.slug,
    title: event.title,
    cutoff: cutoff ? formatInstant(cutoff, event.timeZone, { withWeekday: true }) : null,
    galleryAfterDeadline: event.galleryAfterDeadline,
    galleryOpen: galleryOpen(event.status, event, now),
    done: new URL(request.url).searchParams.get("done"),
    counts: {
      submitted: entries.filter((entry) => entry.submission.status === "submitted" && !entry.submission.disqualifiedAt)
        .length,
      drafts: entries.filter((entry) => entry.submission.status === "draft").length,
      disqualified: entries.filter((entry) => entry.submission.disqualifiedAt).length,
    },
    entries: entries.map(({ submission, teamName, movedOn }) => ({
      id: submission.id,
      teamName,
      title: submission.title || "Untitled entry",
      status: submission.disqualifiedAt
        ? "Disqualified"
        : submission.status === "submitted"
          ? submission.importedAt
            ? "Submitted (imported)"
            : "Submitted"
          : "Draft",
      repository: repositoryCheckText(submission),
      frozen: submission.frozenCommit
        ? `${shortCommit(submission.frozenCommit)}${movedOn ? " (repository has moved on)" : ""}`
        : submission.frozenAt
          ? "Could not be read"
          : "Not yet",
      extension: submission.extensionUntil ? formatInstant(submission.extensionUntil, event.timeZone) : null,
    })),
    withoutEntry,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  await setGalleryAfterDeadline(user, event, formData.get("galleryAfterDeadline") === "yes");
  return redirect(`/events/${event.slug}/manage/submissions?done=gallery`);
}

export default function EntriesPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <BackToOverview slug={data.slug} />
      <h1>Entries for {data.title}</h1>
      {data.done === "gallery" ? <InsetText>The gallery setting has been saved.</InsetText> : null}
      {data.done === "imported" ? <InsetText>The entries have been imported.</InsetText> : null}
      <p>
        {data.counts.submitted} submitted, {data.counts.drafts} {data.counts.drafts === 1 ? "draft" : "drafts"}
        {data.counts.disqualified ? `, ${data.counts.disqualified} disqualified` : ""}.{" "}
        {data.cutoff ? `Entries close on ${data.cutoff}, including the grace period.` : "The deadline is not set yet."}
      </p>
      <ul className="nhsuk-list">
        <li>
          <a href={`/events/${data.slug}/manage/submissions.csv`} download>
            Download the entries as a CSV file
          </a>
        </li>
        <li>
          <Link to="import">Import entries from a CSV file, such as a Devpost export</Link>
        </li>
        <li>
          <Link to={`/events/${data.slug}/projects`}>See the gallery of projects</Link>
          {data.galleryOpen ? " (open to the public)" : " (not yet public)"}
        </li>
      </ul>
      {data.entries.length === 0 ? (
        <p>No team has started an entry yet.</p>
      ) : (
        <ResponsiveTable
          caption="Entries"
          columns={[
            { heading: "Entry" },
            { heading: "Team" },
            { heading: "Status" },
            { heading: "Repository" },
            { heading: "Commit at the deadline" },
          ]}
          rows={data.entries.map((entry) => ({
            key: entry.id,
            cells: [
              <Link key="title" to={entry.id}>
                {entry.title}
              </Link>,
              entry.teamName,
              entry.extension ? `${entry.status}, extended to ${entry.extension}` : entry.status,
              entry.repository,
              entry.frozen,
            ],
          }))}
        />
      )}
      {data.withoutEntry.length ? (
        <>
          <h2>Teams without an entry</h2>
          <ul className="nhsuk-list">
            {data.withoutEntry.map((team) => (
              <li key={team.id}>
                {team.name}:{" "}
                <Link to={`extension?team=${team.id}`}>
                  grant an extension<span className="nhsuk-u-visually-hidden"> to {team.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Gallery</h2>
      <p>
        Entries are shown to the public once the results are published. You can show them from the deadline instead.
      </p>
      <Form method="post">
        <Checkbox
          name="galleryAfterDeadline"
          label="Show the gallery of projects from the deadline"
          defaultChecked={data.galleryAfterDeadline}
        />
        <SubmitButton secondary>Save gallery setting</SubmitButton>
      </Form>
    </>
  );
}
