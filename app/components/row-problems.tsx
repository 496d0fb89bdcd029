// The rows of an imported file that have problems, each with its own anchor so that the error
// summary's links land on it. Shown instead of saving anything.
import { InsetText } from "~/components/layout";

/** `errors` keyed `row-N`, as the importers report them; other keys are left to the summary. */
export function RowProblems({ errors }: { errors: Record<string, string> | undefined }) {
  const rows = Object.entries(errors ?? {}).filter(([key]) => key.startsWith("row-"));
  if (rows.length === 0) return null;
  return (
    <>
      <InsetText>
        Nothing has been imported. Correct these rows in your spreadsheet and choose the file again.
      </InsetText>
      <h2>Rows with problems</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {rows.map(([key, message]) => (
          <li key={key} id={key} tabIndex={-1}>
            {message}
          </li>
        ))}
      </ul>
    </>
  );
}
