// Two versions of the same fields next to each other: what someone else saved and what this page
// sent, when a save from an out-of-date page is refused rather than overwriting.

export interface Difference {
  label: string;
  theirs: string;
  yours: string;
}

export function SideBySide({
  caption,
  rowHeading,
  theirsHeading,
  yoursHeading,
  differences,
}: {
  caption: string;
  rowHeading: string;
  theirsHeading: string;
  yoursHeading: string;
  differences: readonly Difference[];
}) {
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            {rowHeading}
          </th>
          <th className="nhsuk-table__header" scope="col">
            {theirsHeading}
          </th>
          <th className="nhsuk-table__header" scope="col">
            {yoursHeading}
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {differences.map((difference) => (
          <tr className="nhsuk-table__row" key={difference.label}>
            <th className="nhsuk-table__header" scope="row">
              {difference.label}
            </th>
            <td className="nhsuk-table__cell app-pre-line">{difference.theirs || "(empty)"}</td>
            <td className="nhsuk-table__cell app-pre-line">{difference.yours || "(empty)"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
