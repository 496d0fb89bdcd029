// Imports entries collected elsewhere (a Devpost project export, or our own columns) so that an
// event can still be judged here. The file is checked first and every row's problems are shown;
// nothing is saved until the organiser confirms a file with none.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, FORM_ERROR, FileField, SubmitButton } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { RowProblems } from "~/components/row-problems";
import { ResponsiveTable } from "~/components/table";
import { getConfig } from "~/config.server";
import { parseCsv } from "~/domain/csv";
import { PLATFORM_COLUMNS, readEntryImport, type ImportedEntry } from "~/domain/submission-import";
import type { Event } from "~/db/schema";
import { formError, readCsvImport, rowProblems } from "~/forms.server";
import { importContext, importEntries } from "~/models/entries.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Import entries") }];

const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  return { slug: event.slug, title: event.title };
}

type Checked = { ok: true; entries: ImportedEntry[]; format: string } | { ok: false; errors: Record<string, string> };

async function check(event: Event, text: string): Promise<Checked> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: { file: parsed.message } };
  const context = await importContext(event);
  const result = readEntryImport(parsed.rows, {
    themeTitles: context.themes.map((theme) => theme.title),
    existingTeamNames: context.teamNames,
    allowHttp: getConfig().REPOSITORY_ALLOW_PRIVATE_HOSTS,
  });
  if ("error" in result) return { ok: false, errors: { file: result.error } };
  if (result.errors.length > 0) {
    return {
      ok: false,
      errors: rowProblems(result.errors),
    };
  }
  return {
    ok: true,
    entries: result.entries,
    format: result.format === "devpost" ? "a Devpost export" : "our columns",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const submitted = await readCsvImport(request, MAX_FILE_BYTES);
  if ("error" in submitted) return formError(submitted.error, {}, "file");
  // Checked again when confirmed, since the event may have changed since the preview.
  const checked = await check(event, submitted.text);
  if (!checked.ok) return data({ errors: checked.errors, values: {}, preview: null }, { status: 400 });
  if (submitted.step === "preview") {
    return {
      errors: {},
      values: {},
      preview: { csv: submitted.text, format: checked.format, entries: checked.entries },
    };
  }
  const outcome = await importEntries(user, event, checked.entries);
  if ("error" in outcome) return formError(outcome.error, {}, FORM_ERROR);
  return redirect(`/events/${event.slug}/manage/submissions?done=imported`);
}

export default function ImportEntriesPage() {
  const { slug, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const preview = result && "preview" in result ? result.preview : null;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${slug}/manage/submissions`}>
        Back to the entries
      </Link>
      <ErrorSummary errors={result?.errors} />
      <span className="nhsuk-caption-l">{title}</span>
      <h1>Import entries</h1>
      <RowProblems errors={result?.errors as Record<string, string> | undefined} />
      {preview ? (
        <>
          <p>
            The file is {preview.format} with {preview.entries.length}{" "}
            {preview.entries.length === 1 ? "entry" : "entries"} and no problems. Each becomes a team with a submitted
            entry. People whose email address has an account here join their team.
          </p>
          <ResponsiveTable
            caption="Entries to import"
            columns={[{ heading: "Row" }, { heading: "Team" }, { heading: "Title" }, { heading: "Repository" }]}
            rows={preview.entries.map((entry) => ({
              key: String(entry.row),
              cells: [String(entry.row), entry.teamName, entry.title, entry.repositoryUrl || "None"],
            }))}
          />
          <Form method="post">
            <input type="hidden" name="csv" value={preview.csv} />
            <SubmitButton>
              Import {preview.entries.length} {preview.entries.length === 1 ? "entry" : "entries"}
            </SubmitButton>
          </Form>
          <p>
            <Link to=".">Choose a different file</Link>
          </p>
        </>
      ) : (
        <>
          <p>
            Choose a Devpost project export (CSV), or a CSV file with these columns: {PLATFORM_COLUMNS.join(", ")}.
            Member emails are separated by semicolons. We check every row and show any problems before anything is
            saved.
          </p>
          <Form method="post" encType="multipart/form-data" noValidate>
            <FileField name="file" label="CSV file" accept=".csv,text/csv" failure={result} />
            <SubmitButton>Check the file</SubmitButton>
          </Form>
        </>
      )}
    </TwoThirds>
  );
}
