// One follow-on support request for the staff who work its event: what the team asked, the whole
// thread with the internal notes and the time each entry took, and the two things staff do here:
// reply to the team (emailed to them) or add an internal note, with the time spent and a status
// move; and assign the request. Anyone else, and any request of an event they do not support,
// gets the same 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireSupportStaff } from "~/auth/guards.server";
import {
  ErrorSummary,
  FORM_ERROR,
  Radios,
  Select,
  SubmitButton,
  TextArea,
  TextField,
  type FormFailure,
} from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import { StatusTag } from "~/components/support-status";
import type { User } from "~/db/schema";
import { optionalText } from "~/domain/fields";
import {
  SUPPORT_CATEGORY_NAMES,
  SUPPORT_PRIORITY_NAMES,
  SUPPORT_STATUSES,
  SUPPORT_STATUS_NAMES,
  formatMinutes,
  parseMinutes,
  staffStatusMoves,
} from "~/domain/support";
import { formatDate, formatInstant } from "~/domain/time";
import { responseDueDate } from "~/domain/working-days";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { getEventBySlug } from "~/models/events.server";
import { MAX_SUPPORT_TEXT, assignRequest, assignableStaff, requestForStaff, staffEntry } from "~/models/support.server";
import { renderMarkdown } from "~/services/markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.title} – support request` : "Support request") },
];

const NO_REQUEST = "There is no support request at this address, or it belongs to an event you do not support.";

/** The request at this address, if the viewer works its event's support; otherwise 404. */
async function requestOf(user: User, requestId: string | undefined) {
  const id = z.string().uuid().safeParse(requestId);
  const detail = id.success ? await requestForStaff(user, id.data) : null;
  if (!detail) notFound(NO_REQUEST);
  return detail;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireSupportStaff(request);
  const detail = await requestOf(user, params.requestId);
  const { request: row, timeZone } = detail;
  const found = (await getEventBySlug(detail.eventSlug))!;
  const staff = await assignableStaff(found.event);
  // An administrator may take any request, though not on the event's list of staff.
  if (user.isAdmin && !staff.some((person) => person.id === user.id)) {
    staff.push({ id: user.id, name: user.name, email: user.email });
  }
  if (row.assigneeUserId && !staff.some((person) => person.id === row.assigneeUserId)) {
    staff.push({ id: row.assigneeUserId, name: detail.assigneeName ?? "A former member of staff", email: "" });
  }
  const at = (instant: Date) => formatInstant(instant, timeZone);
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    status: row.status,
    statusName: SUPPORT_STATUS_NAMES[row.status],
    eventTitle: detail.eventTitle,
    eventSlug: detail.eventSlug,
    timeZone,
    teamName: detail.teamName,
    category: SUPPORT_CATEGORY_NAMES[row.category],
    priority: SUPPORT_PRIORITY_NAMES[row.priority],
    loggedBy: `${detail.createdByName} on ${at(row.createdAt)}`,
    assigneeId: row.assigneeUserId ?? "",
    assigneeName: detail.assigneeName,
    assignedToViewer: row.assigneeUserId === user.id,
    viewerId: user.id,
    overdue: detail.overdue,
    // Due by the end of a working day: its date, not the midnight after it.
    due: `the end of ${formatDate(responseDueDate(row.firstResponseDueAt, timeZone), { withWeekday: true })}`,
    answered: row.firstRespondedAt ? at(row.firstRespondedAt) : null,
    resolved: row.resolvedAt ? at(row.resolvedAt) : null,
    closed: row.closedAt ? at(row.closedAt) : null,
    totalTime: formatMinutes(detail.totalMinutes),
    window: { open: detail.windowOpen, endsAt: at(detail.windowEndsAt) },
    repositoryUrl: /^https?:\/\//i.test(row.repositoryUrl) ? row.repositoryUrl : null,
    descriptionHtml: renderMarkdown(row.description),
    messages: detail.messages.map((message) => ({
      id: message.id,
      kind: message.kind,
      authorName: message.authorName,
      at: at(message.createdAt),
      time: message.minutesSpent > 0 ? formatMinutes(message.minutesSpent) : null,
      html: renderMarkdown(message.body),
    })),
    statusChoices: staffStatusMoves(row.status).map((status) => ({
      value: status,
      label: SUPPORT_STATUS_NAMES[status],
    })),
    staff: staff.map((person) => ({ value: person.id, label: person.name })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const version = z
  .string()
  .optional()
  .transform((value) => (value && /^\d{1,9}$/.test(value) ? Number(value) : -1));

const entrySchema = z.object({
  intent: z.literal("entry"),
  kind: z.enum(["reply", "note"], {
    errorMap: () => ({ message: "Choose whether to reply to the team or add an internal note" }),
  }),
  body: optionalText("Your message", MAX_SUPPORT_TEXT),
  minutes: z.string().max(40, "Enter the time spent like 45m or 1h 30m").optional().default(""),
  status: z
    .union([z.literal(""), z.enum(SUPPORT_STATUSES)], {
      errorMap: () => ({ message: "Choose a status from the list" }),
    })
    .optional()
    .default(""),
  version,
});

const assignSchema = z.object({
  intent: z.literal("assign"),
  assignee: z
    .string({ required_error: "Choose someone from the list" })
    .refine((value) => value === "" || z.string().uuid().safeParse(value).success, "Choose someone from the list"),
  version,
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireSupportStaff(request);
  const detail = await requestOf(user, params.requestId);
  const formData = await readForm(request);
  const values = formValues(formData);
  const here = `/support/requests/${detail.request.id}`;
  if (values.intent === "assign") {
    const parsed = parseForm(assignSchema, formData);
    if (!parsed.ok) return rejectForm(parsed.failure);
    const { assignee, version } = parsed.data;
    const outcome = await assignRequest(user, detail.request.id, assignee === "" ? null : assignee, version);
    if ("error" in outcome) return formError(outcome.error, values, outcome.field ?? FORM_ERROR);
    return redirect(`${here}?done=${assignee === "" ? "unassigned" : "assigned"}`);
  }
  if (values.intent !== "entry") return formError("We could not tell what you wanted to do. Try again", values);
  const parsed = parseForm(entrySchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const { kind, body, status, version } = parsed.data;
  const minutesSpent = parseMinutes(parsed.data.minutes);
  if (minutesSpent === null) {
    return formError("Enter the time spent like 45m or 1h 30m, or leave it empty", values, "minutes");
  }
  const outcome = await staffEntry(user, detail.request.id, {
    kind,
    body,
    minutesSpent,
    status: status === "" ? undefined : status,
    version,
  });
  if ("error" in outcome) return formError(outcome.error, values, outcome.field ?? FORM_ERROR);
  return redirect(`${here}?done=${kind}`);
}

const confirmations: Record<string, string> = {
  reply: "Your reply has been sent. Every member of the team has been emailed it.",
  note: "Your internal note has been saved. The team does not see it.",
  assigned: "The request has been assigned.",
  unassigned: "The request is now assigned to nobody.",
};

type Message = Awaited<ReturnType<typeof loader>>["messages"][number];

function MessageMeta({ message, withAuthor }: { message: Message; withAuthor?: boolean }) {
  return (
    <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
      {withAuthor ? `${message.authorName}, ` : ""}
      {message.at}
      {message.time ? ` · Time spent: ${message.time}` : ""}
    </p>
  );
}

function ThreadEntry({ message, teamName }: { message: Message; teamName: string }) {
  if (message.kind === "note") {
    return (
      <div className="nhsuk-warning-callout app-note">
        <h3 className="nhsuk-warning-callout__label">
          <span role="text">Internal note — the team does not see this</span>
        </h3>
        <MessageMeta message={message} withAuthor />
        <div className="app-prose" dangerouslySetInnerHTML={{ __html: message.html }} />
      </div>
    );
  }
  return (
    <div className={`nhsuk-card${message.kind === "reply" ? " app-reply" : ""}`}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">
          {message.kind === "reply"
            ? `Reply to the team from ${message.authorName}`
            : `${message.authorName} of ${teamName}`}
        </h3>
        <MessageMeta message={message} />
        <div className="app-prose" dangerouslySetInnerHTML={{ __html: message.html }} />
      </div>
    </div>
  );
}

function firstResponse(data: Awaited<ReturnType<typeof loader>>) {
  if (data.answered) return `Answered on ${data.answered} (due by ${data.due})`;
  if (data.overdue) {
    return (
      <>
        <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong> Was due by {data.due}
      </>
    );
  }
  return `Due by ${data.due}`;
}

export default function SupportRequestPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  // Each form shows the values typed and its fields' messages only when it was the one sent.
  const entryFailure: FormFailure | undefined = failure?.values.intent === "entry" ? failure : undefined;
  const assignFailure: FormFailure | undefined = failure?.values.intent === "assign" ? failure : undefined;
  // Fresh forms after each change (which redirects here): empty fields, the new assignee and
  // status chosen. After an error the location stays the same and what was typed stays.
  const { key } = useLocation();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to="/support">
        Back to support requests
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">
        {data.teamName}, {data.eventTitle}
      </span>
      <h1>{data.title}</h1>
      <SummaryList
        rows={[
          { key: "Event", value: data.eventTitle },
          { key: "Team", value: data.teamName },
          { key: "Kind of help", value: data.category },
          { key: "Priority", value: data.priority },
          { key: "Status", value: <StatusTag status={data.status} name={data.statusName} /> },
          { key: "Logged by", value: data.loggedBy },
          { key: "Assigned to", value: data.assigneeName ?? "Nobody" },
          { key: "First response", value: firstResponse(data) },
          ...(data.resolved ? [{ key: "Resolved", value: data.resolved }] : []),
          ...(data.closed ? [{ key: "Closed", value: data.closed }] : []),
          { key: "Time logged", value: data.totalTime },
          {
            key: "Team's support window",
            value: data.window.open ? `Ends on ${data.window.endsAt}` : `Ended on ${data.window.endsAt}`,
          },
          ...(data.repositoryUrl
            ? [
                {
                  key: "Repository",
                  value: (
                    <a className="app-break-anywhere" href={data.repositoryUrl} rel="noopener noreferrer">
                      {data.repositoryUrl}
                    </a>
                  ),
                },
              ]
            : []),
        ]}
      />
      <p className="nhsuk-body-s">Times are in the event's time zone, {data.timeZone}.</p>

      <h2>What the team asked</h2>
      <div className="app-prose" dangerouslySetInnerHTML={{ __html: data.descriptionHtml }} />

      <h2>Conversation</h2>
      {data.messages.length === 0 ? (
        <p>Nobody has replied or added a note yet.</p>
      ) : (
        <ol className="nhsuk-list app-thread">
          {data.messages.map((message) => (
            <li key={message.id}>
              <ThreadEntry message={message} teamName={data.teamName} />
            </li>
          ))}
        </ol>
      )}

      <h2>Reply or add a note</h2>
      {data.window.open ? null : (
        <InsetText>
          The team's support window ended on {data.window.endsAt}. You can still reply, note your time and close the
          request.
        </InsetText>
      )}
      <Form method="post" noValidate key={`entry-${key}`}>
        <input type="hidden" name="intent" value="entry" />
        <input type="hidden" name="version" value={data.version} />
        <Radios
          name="kind"
          legend="What are you adding?"
          choices={[
            {
              value: "reply",
              label: "A reply to the team",
              hint: "Shown on their request and emailed to every member of the team.",
            },
            {
              value: "note",
              label: "An internal note",
              hint: "Only support staff and organisers see it. The team does not.",
            },
          ]}
          failure={entryFailure}
        />
        <TextArea
          name="body"
          label="Message"
          hint="You can use Markdown: **bold**, lists and links. A note may be left empty if you only record time."
          failure={entryFailure}
          rows={6}
        />
        <TextField
          name="minutes"
          label="Time spent (optional)"
          hint="For example 45m or 1h 30m"
          width={10}
          spellCheck={false}
          failure={entryFailure}
        />
        <Select
          name="status"
          label="Status"
          hint={
            data.status === "open"
              ? "A reply to an open request moves it to In progress unless you choose otherwise."
              : undefined
          }
          options={[{ value: "", label: `Leave it as ${data.statusName}` }, ...data.statusChoices]}
          failure={entryFailure}
        />
        <SubmitButton>Save</SubmitButton>
      </Form>

      <h2>Who is working on it</h2>
      <Form method="post" noValidate key={`assign-${key}`}>
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="version" value={data.version} />
        <Select
          name="assignee"
          label="Assigned to"
          options={[{ value: "", label: "Nobody" }, ...data.staff]}
          defaultValue={data.assigneeId}
          failure={assignFailure}
        />
        <SubmitButton secondary>Save who is assigned</SubmitButton>
      </Form>
      {data.assignedToViewer ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="assign" />
          <input type="hidden" name="version" value={data.version} />
          <input type="hidden" name="assignee" value={data.viewerId} />
          <SubmitButton secondary>Assign it to me</SubmitButton>
        </Form>
      )}
    </TwoThirds>
  );
}
