// The support queue: the follow-on support requests of every event the viewer works, filtered by
// a plain GET form (so the filters work without JavaScript and a filtered queue can be linked to,
// as the overdue digest email does with ?overdue=1).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSupportStaff } from "~/auth/guards.server";
import { Checkbox, Select } from "~/components/form";
import { pageTitle } from "~/components/layout";
import { StatusTag } from "~/components/support-status";
import { ResponsiveTable } from "~/components/table";
import {
  SUPPORT_CATEGORIES,
  SUPPORT_CATEGORY_NAMES,
  SUPPORT_PRIORITY_NAMES,
  SUPPORT_STATUSES,
  SUPPORT_STATUS_NAMES,
} from "~/domain/support";
import { DEFAULT_TIME_ZONE, formatDate, formatInstant } from "~/domain/time";
import { responseDueDate } from "~/domain/working-days";
import { eventTimeZones, supportQueue, supportedEvents } from "~/models/support.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Support requests") }];

const QUEUE_LIMIT = 500;

// A filter typed into the address bar that makes no sense is ignored rather than refused.
const querySchema = z.object({
  status: z.enum(["unfinished", "all", ...SUPPORT_STATUSES]).catch("unfinished"),
  category: z.enum(SUPPORT_CATEGORIES).nullable().catch(null),
  assignee: z.enum(["me", "none"]).nullable().catch(null),
  event: z.string().uuid().nullable().catch(null),
  overdue: z
    .string()
    .transform((value) => ["yes", "1", "true", "on"].includes(value))
    .catch(false),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireSupportStaff(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const events = await supportedEvents(user);
  const eventId = query.event && events.some((event) => event.id === query.event) ? query.event : null;
  const rows = await supportQueue(user, {
    status: query.status === "all" ? undefined : query.status,
    category: query.category ?? undefined,
    assignee: query.assignee === "me" ? user.id : (query.assignee ?? undefined),
    eventId: eventId ?? undefined,
    overdue: query.overdue,
  });
  const zones = await eventTimeZones(rows.map((row) => row.eventId));
  const zoneOf = (eventId: string) => zones.get(eventId) ?? DEFAULT_TIME_ZONE;
  return {
    filters: {
      status: query.status,
      category: query.category ?? "",
      assignee: query.assignee ?? "",
      event: eventId ?? "",
      overdue: query.overdue,
    },
    events: events.map((event) => ({ value: event.id, label: event.title })),
    limited: rows.length >= QUEUE_LIMIT,
    rows: rows.map((row) => ({
      id: row.id,
      title: row.title,
      teamName: row.teamName,
      eventTitle: row.eventTitle,
      category: SUPPORT_CATEGORY_NAMES[row.category],
      priority: SUPPORT_PRIORITY_NAMES[row.priority],
      urgent: row.priority === "urgent" || row.priority === "high",
      status: row.status,
      statusName: SUPPORT_STATUS_NAMES[row.status],
      assigneeName: row.assigneeName,
      overdue: row.overdue,
      // Due by the end of a working day: its date, not the midnight after it.
      due: formatDate(responseDueDate(row.firstResponseDueAt, zoneOf(row.eventId)), { withWeekday: true }),
      answered: row.firstRespondedAt ? formatInstant(row.firstRespondedAt, zoneOf(row.eventId)) : null,
    })),
  };
}

type QueueRow = Awaited<ReturnType<typeof loader>>["rows"][number];

function FirstResponse({ row }: { row: QueueRow }) {
  if (row.answered) return <>Answered {row.answered}</>;
  if (row.overdue) {
    return (
      <>
        <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong> Was due by the end of {row.due}
      </>
    );
  }
  return <>Due by the end of {row.due}</>;
}

function countText(count: number, limited: boolean): string {
  if (count === 0) return "No requests match these filters.";
  if (limited) return `Showing the first ${count} requests. Narrow the filters to see the rest.`;
  return `${count} ${count === 1 ? "request matches" : "requests match"} these filters.`;
}

export default function SupportQueuePage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Support requests</h1>
      <p>
        Requests from the winning teams whose follow-on support you work, with the most urgent first response at the
        top. Times are in each event's time zone.
      </p>
      <Form method="get" className="app-filters" aria-label="Filter the requests">
        <Select
          name="status"
          label="Status"
          options={[
            { value: "unfinished", label: "Not resolved yet" },
            { value: "all", label: "Any status" },
            ...SUPPORT_STATUSES.map((status) => ({ value: status, label: SUPPORT_STATUS_NAMES[status] })),
          ]}
          defaultValue={data.filters.status}
        />
        <Select
          name="category"
          label="Kind of help"
          options={[
            { value: "", label: "Any kind" },
            ...SUPPORT_CATEGORIES.map((category) => ({ value: category, label: SUPPORT_CATEGORY_NAMES[category] })),
          ]}
          defaultValue={data.filters.category}
        />
        <Select
          name="assignee"
          label="Assigned to"
          options={[
            { value: "", label: "Anyone or nobody" },
            { value: "me", label: "Me" },
            { value: "none", label: "Nobody" },
          ]}
          defaultValue={data.filters.assignee}
        />
        <Select
          name="event"
          label="Event"
          options={[{ value: "", label: "All your events" }, ...data.events]}
          defaultValue={data.filters.event}
        />
        <Checkbox name="overdue" label="Only overdue" defaultChecked={data.filters.overdue} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Show requests
        </button>
      </Form>
      <p role="status">{countText(data.rows.length, data.limited)}</p>
      {data.rows.length > 0 ? (
        <ResponsiveTable
          caption="Support requests"
          wide
          columns={[
            { heading: "Request" },
            { heading: "Team and event" },
            { heading: "Kind of help" },
            { heading: "Priority" },
            { heading: "Status" },
            { heading: "Assigned to" },
            { heading: "First response" },
          ]}
          rows={data.rows.map((row) => ({
            key: row.id,
            cells: [
              <Link to={`/support/requests/${row.id}`}>{row.title}</Link>,
              <>
                {row.teamName}
                <br />
                <span className="nhsuk-body-s">{row.eventTitle}</span>
              </>,
              row.category,
              row.urgent ? <strong>{row.priority}</strong> : row.priority,
              <StatusTag status={row.status} name={row.statusName} />,
              row.assigneeName ?? "Nobody",
              <FirstResponse row={row} />,
            ],
          }))}
        />
      ) : null}
    </>
  );
}
