// The programme report of follow-on support, as a community's organisers and the platform's
// administrators see it: the headline figures, requests by category (a chart and the same numbers
// in a table) and by status, each team's time against its budget, milestones and events. The
// loaders word the figures with supportReportView (domain/support-report); this only lays them out.
import type { ReportBar, ReportView } from "~/domain/support-report";
import { SummaryList, TwoThirds } from "./layout";
import { ResponsiveTable } from "./table";

// The NHS.UK palette: blue bars (5.1:1 on white), text and axis in the body text colours. The
// text's size is the body's (16px on a phone, 19px beyond), from the stylesheet.
const BAR_COLOUR = "#005eb8";
const TEXT_COLOUR = "#212b32";
const AXIS_COLOUR = "#4c6272";

const LABEL_HEIGHT = 28;
const BAR_HEIGHT = 20;
const ROW_GAP = 12;
const ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP;

/**
 * A horizontal bar chart drawn on the server: each bar's name and count on a line, the bar under
 * it, as long as its share of the largest. Its width follows the page (the bars are percentages),
 * its text keeps its size, so it reads the same on a phone. Screen readers hear its title and a
 * description giving every number; the table beside it holds the same numbers.
 */
export function BarChart({ id, title, bars }: { id: string; title: string; bars: ReportBar[] }) {
  const largest = Math.max(1, ...bars.map((bar) => bar.count));
  const description = `${bars.map((bar) => `${bar.name}: ${bar.count}`).join("; ")}.`;
  const height = bars.length * ROW_HEIGHT - ROW_GAP;
  return (
    <svg
      className="app-bar-chart"
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      width="100%"
      height={height}
      focusable="false"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, index) => {
        const top = index * ROW_HEIGHT;
        return (
          <g key={bar.key}>
            <text x="0" y={top + 20} fill={TEXT_COLOUR}>
              {bar.shortName}: <tspan fontWeight="bold">{bar.count}</tspan>
            </text>
            <rect
              x="0"
              y={top + LABEL_HEIGHT}
              width={`${(bar.count / largest) * 100}%`}
              height={BAR_HEIGHT}
              fill={BAR_COLOUR}
            />
            <line
              x1="0.5"
              x2="0.5"
              y1={top + LABEL_HEIGHT}
              y2={top + LABEL_HEIGHT + BAR_HEIGHT}
              stroke={AXIS_COLOUR}
              strokeWidth="1"
            />
          </g>
        );
      })}
    </svg>
  );
}

/**
 * A short table of names and numbers. It stays a table on a phone, where two narrow columns fit,
 * rather than becoming a card a row as the responsive table does.
 */
function CountTable({
  caption,
  heading,
  countHeading,
  rows,
}: {
  caption: string;
  heading: string;
  countHeading: string;
  rows: { key: string; name: string; count: number | string }[];
}) {
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            {heading}
          </th>
          <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
            {countHeading}
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => (
          <tr className="nhsuk-table__row" key={row.key}>
            <td className="nhsuk-table__cell">{row.name}</td>
            <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SupportReport({ view, csvHref }: { view: ReportView; csvHref: string }) {
  if (view.windows === 0 && view.requests === 0) {
    return (
      <TwoThirds>
        <p>
          No team has follow-on support yet. Winning teams get a support window when an event&apos;s results are
          announced, if their prize brings months of support.
        </p>
      </TwoThirds>
    );
  }
  return (
    <>
      <h2>Summary</h2>
      <TwoThirds>
        <SummaryList rows={view.headline} />
        <p>
          The service level counts requests that have had their first response, and those still waiting past their due
          time. Times are in hours on the clock; the service level is in working days.
        </p>
        <p>
          <a href={csvHref} download>
            Download every request as a spreadsheet (CSV)
          </a>
        </p>
      </TwoThirds>

      <h2>Requests by category</h2>
      {view.requests === 0 ? (
        <p>No team has asked for support yet.</p>
      ) : (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <BarChart id="category-chart" title="Requests by category" bars={view.categories} />
          </div>
          <div className="nhsuk-grid-column-one-half">
            <CountTable
              caption="Requests by category"
              heading="Category"
              countHeading="Requests"
              rows={view.categories}
            />
          </div>
        </div>
      )}

      {view.requests === 0 ? null : (
        <>
          <h2>Requests by status</h2>
          <TwoThirds>
            <CountTable caption="Requests by status" heading="Status" countHeading="Requests" rows={view.statuses} />
          </TwoThirds>
        </>
      )}

      <h2>Time used by each team</h2>
      <p>Time support staff logged against each winning team&apos;s window, and its budget of hours if it has one.</p>
      <ResponsiveTable
        wide
        caption="Time used by each team against its budget"
        columns={[
          { heading: "Event" },
          { heading: "Team" },
          { heading: "Support until" },
          { heading: "Requests" },
          { heading: "Time used" },
          { heading: "Budget" },
        ]}
        rows={view.teamWindows.map((window) => ({
          key: window.key,
          cells: [
            window.event,
            window.team,
            <>
              {window.ends}
              {window.ended ? (
                <>
                  {" "}
                  <strong className="nhsuk-tag nhsuk-tag--grey">Ended</strong>
                </>
              ) : null}
            </>,
            String(window.requests),
            <>
              {window.used}
              {window.overBudget ? (
                <>
                  {" "}
                  <strong className="nhsuk-tag nhsuk-tag--red">Over budget</strong>
                </>
              ) : null}
            </>,
            window.budget,
          ],
        }))}
      />

      <h2>Milestones teams have reached</h2>
      <TwoThirds>
        {view.milestoneTotal === 0 ? (
          <p>No team has posted a milestone yet.</p>
        ) : (
          <CountTable
            caption="Milestones teams have reached, by kind"
            heading="Milestone"
            countHeading="Times reached"
            rows={view.milestones}
          />
        )}
      </TwoThirds>

      {view.events.length === 0 ? null : (
        <>
          <h2>By event</h2>
          <TwoThirds>
            <ResponsiveTable
              caption="Requests and time by event"
              columns={[{ heading: "Event" }, { heading: "Requests" }, { heading: "Time used" }]}
              rows={view.events.map((event) => ({
                key: event.key,
                cells: [event.title, String(event.requests), event.used],
              }))}
            />
          </TwoThirds>
        </>
      )}
    </>
  );
}
