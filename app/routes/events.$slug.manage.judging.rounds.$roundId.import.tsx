// Scores from paper score sheets, typed into a spreadsheet (judge email, entry, criterion, score).
// The file is checked first and every row's problems are shown; nothing is saved until the
// organiser confirms a file with none.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfRound } from "~/auth/guards.server";
import { ErrorSummary, FORM_ERROR, FileField, SubmitButton } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { RowProblems } from "~/components/row-problems";
import { ResponsiveTable } from "~/components/table";
import type { Event } from "~/db/schema";
import { parseCsv } from "~/domain/csv";
import {
  SCORE_IMPORT_COLUMNS,
  readScoreImport,
  type ImportedSheet,
  type ScoreImportContext,
} from "~/domain/score-import";
import { formError, readCsvImport, rowProblems } from "~/forms.server";
import { importPaperScores, scoreImportContext } from "~/models/scoring.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Import paper scores") }];

const MAX_FILE_BYTES = 512 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId, ["shortlist", "final"]);
  return { slug: event.slug, title: event.title, roundId: round.id, roundName: round.name };
}

type Checked =
  { ok: true; sheets: ImportedSheet[]; context: ScoreImportContext } | { ok: false; errors: Record<string, string> };

async function check(event: Event, roundId: string, text: string): Promise<Checked> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: { file: parsed.message } };
  const context = await scoreImportContext(event, roundId);
  if (!context) return { ok: false, errors: { file: "This round has no rubric yet" } };
  const result = readScoreImport(parsed.rows, context);
  if ("error" in result) return { ok: false, errors: { file: result.error } };
  if (result.errors.length > 0) {
    return {
      ok: false,
      errors: rowProblems(result.errors),
    };
  }
  return { ok: true, sheets: result.sheets, context };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId, [
    "shortlist",
    "final",
  ]);
  const submitted = await readCsvImport(request, MAX_FILE_BYTES);
  if ("error" in submitted) return formError(submitted.error, {}, "file");
  // Checked again when confirmed, since scores may have changed since the preview.
  const checked = await check(event, round.id, submitted.text);
  if (!checked.ok) return data({ errors: checked.errors, values: {}, preview: null }, { status: 400 });
  if (submitted.step === "preview") {
    const titles = new Map(checked.context.entries.map((entry) => [entry.submissionId, entry.title || entry.teamName]));
    const emails = new Map(checked.context.judges.map((judge) => [judge.userId, judge.email]));
    return {
      errors: {},
      values: {},
      preview: {
        csv: submitted.text,
        sheets: checked.sheets.map((sheet) => ({
          key: `${sheet.judgeUserId}:${sheet.submissionId}`,
          judge: emails.get(sheet.judgeUserId) ?? "",
          entry: titles.get(sheet.submissionId) ?? "",
          scores: Object.keys(sheet.criterionScores).length,
          rows: sheet.rows.join(", "),
        })),
      },
    };
  }
  const outcome = await importPaperScores(user, event, round.id, checked.sheets);
  if ("error" in outcome) return formError(outcome.error, {}, FORM_ERROR);
  return redirect(`/events/${event.slug}/manage/judging/rounds/${round.id}?done=imported`);
}

export default function ImportScoresPage() {
  const { slug, title, roundId, roundName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const preview = result && "preview" in result ? result.preview : null;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${slug}/manage/judging/rounds/${roundId}`}>
        Back to {roundName}
      </Link>
      <ErrorSummary errors={result?.errors} />
      <span className="nhsuk-caption-l">{title}</span>
      <h1>Import paper scores into {roundName}</h1>
      <RowProblems errors={result?.errors as Record<string, string> | undefined} />
      {preview ? (
        <>
          <p>
            The file has scores for {preview.sheets.length}{" "}
            {preview.sheets.length === 1 ? "judge's sheet" : "judges' sheets"} and no problems. A paper score replaces
            the judge's score for that criterion; their other scores stay.
          </p>
          <ResponsiveTable
            caption="Score sheets to import"
            columns={[{ heading: "Judge" }, { heading: "Entry" }, { heading: "Scores" }, { heading: "Rows" }]}
            rows={preview.sheets.map((sheet) => ({
              key: sheet.key,
              cells: [sheet.judge, sheet.entry, String(sheet.scores), sheet.rows],
            }))}
          />
          <Form method="post">
            <input type="hidden" name="csv" value={preview.csv} />
            <SubmitButton>Import these scores</SubmitButton>
          </Form>
          <p>
            <Link to=".">Choose a different file</Link>
          </p>
        </>
      ) : (
        <>
          <p>
            Choose a CSV file with the columns {SCORE_IMPORT_COLUMNS.join(", ")}: one row for each judge, entry and
            criterion. Name the entry by its title or its team's name, and the criterion by its name in the rubric. We
            check every row and show any problems before anything is saved.
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
