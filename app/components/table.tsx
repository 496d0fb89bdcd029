// The NHS.UK responsive table: columns on a desktop, one card per row on a phone, each value
// labelled with its column's heading there.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

export interface Column {
  heading: string;
  /** A heading that only screen readers announce, as for a column of buttons. */
  visuallyHidden?: boolean;
}

export interface Row {
  key: string;
  cells: ReactNode[];
}

export function ResponsiveTable({
  caption,
  columns,
  rows,
  wide,
}: {
  caption: string;
  columns: Column[];
  rows: Row[];
  /** Many columns: on a desktop the table scrolls sideways in its own box rather than the page. */
  wide?: boolean;
}) {
  const table = (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
      <thead className="nhsuk-table__head" role="rowgroup">
        <tr className="nhsuk-table__row" role="row">
          {columns.map((column) => (
            <th className="nhsuk-table__header" scope="col" role="columnheader" key={column.heading}>
              {column.visuallyHidden ? (
                <span className="nhsuk-u-visually-hidden">{column.heading}</span>
              ) : (
                column.heading
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => (
          <tr className="nhsuk-table__row" role="row" key={row.key}>
            {row.cells.map((cell, index) => {
              const column = columns[index];
              return (
                <td className="nhsuk-table__cell" role="cell" key={column?.heading ?? index}>
                  {column && !column.visuallyHidden ? (
                    <span className="nhsuk-table__heading" aria-hidden="true">
                      {column.heading}{" "}
                    </span>
                  ) : null}
                  {/* One flex item beside the heading on a phone, however many parts the cell has. */}
                  <span>{cell}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!wide) return table;
  // Focusable and named, so that people using a keyboard can scroll it and hear what it is.
  return (
    <div className="app-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      {table}
    </div>
  );
}

/** A button in a table row that posts the row's fields; screen readers hear which row it acts on. */
export function RowAction({
  fields,
  label,
  context,
}: {
  fields: Record<string, string>;
  label: string;
  context: string;
}) {
  return (
    <Form method="post">
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      <button
        type="submit"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
      >
        {label}
        <span className="nhsuk-u-visually-hidden"> {context}</span>
      </button>
    </Form>
  );
}
