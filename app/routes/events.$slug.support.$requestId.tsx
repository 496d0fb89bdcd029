// One of a winning team's support requests as the team sees it: its details, the description and
// the conversation with the support team (internal notes never reach this page: the model leaves
// them out in SQL), a form to add to it while the window is open, and reopening a resolved request
// for 14 days after it was resolved.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextArea, type FormFailure } from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import { StatusTag } from "~/components/support-status";
import { requiredText } from "~/domain/fields";
import {
  REOPEN_DAYS,
  SUPPORT_CATEGORY_NAMES,
  SUPPORT_PRIORITY_NAMES,
  SUPPORT_STATUS_NAMES,
  reopenRefusal,
} from "~/domain/support";
import { formatDate, formatInstant } from "~/domain/time";
import { responseDueDate } from "~/domain/working-days";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { MAX_SUPPORT_TEXT, reopenRequest, requestForTeam, teamMessage } from "~/models/support.server";
import { renderMarkdown } from "~/services/markdown.server";

const DAY = 86_400_000;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${data.request.title} – Your team's follow-on support` : "Support request") },
];

/** The request, if it is the viewer's team's at this event; a 404 for anyone else. */
async function requestOrNotFound(request: Request, params: { slug?: string; requestId?: string }) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const id = z.string().uuid().safeParse(params.requestId);
  const now = new Date();
  const detail = id.success ? await requestForTeam(user, event, id.data, now) : null;
  if (!detail) notFound("There is no support request of your team's at this address.");
  return { user, event, detail, now };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, detail, now } = await requestOrNotFound(request, params);
  const zone = event.timeZone;
  const row = detail.request;
  const reopenUntil =
    row.status === "resolved" && row.resolvedAt ? new Date(row.resolvedAt.getTime() + REOPEN_DAYS * DAY) : null;
  return {
    slug: event.slug,
    title: event.title,
    done: new URL(request.url).searchParams.get("done"),
    teamName: detail.teamName,
    request: {
      id: row.id,
      title: row.title,
      category: SUPPORT_CATEGORY_NAMES[row.category],
      priority: SUPPORT_PRIORITY_NAMES[row.priority],
      status: row.status,
      statusName: SUPPORT_STATUS_NAMES[row.status],
      logged: `${detail.createdByName}, on ${formatInstant(row.createdAt, zone)}`,
      assignee: detail.assigneeName,
      answered: row.firstRespondedAt ? formatInstant(row.firstRespondedAt, zone) : null,
      dueBy: formatDate(responseDueDate(row.firstResponseDueAt, zone), { withWeekday: true }),
      overdue: detail.overdue,
      resolved: row.resolvedAt && row.status === "resolved" ? formatInstant(row.resolvedAt, zone) : null,
      repositoryUrl: row.repositoryUrl,
      descriptionHtml: renderMarkdown(row.description),
    },
    // The model never selects internal notes for a team; a second look costs nothing.
    messages: detail.messages
      .filter((message) => message.kind !== "note")
      .map((message) => ({
        id: message.id,
        fromStaff: message.kind === "reply",
        authorName: message.authorName,
        at: formatInstant(message.createdAt, zone),
        bodyHtml: renderMarkdown(message.body),
      })),
    windowOpen: detail.windowOpen,
    windowEnded: formatInstant(detail.windowEndsAt, zone),
    canMessage: detail.windowOpen && row.status !== "closed",
    canReopen: detail.windowOpen && reopenRefusal(row, now) === null,
    reopenUntil: reopenUntil ? formatInstant(reopenUntil, zone) : null,
  };
}

const actionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("message"), body: requiredText("Your message", MAX_SUPPORT_TEXT) }),
    z.object({ intent: z.literal("reopen"), reason: requiredText("What still needs doing", MAX_SUPPORT_TEXT) }),
  ],
  { errorMap: () => ({ message: "We did not understand that request. Reload the page and try again." }) },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, detail } = await requestOrNotFound(request, params);
  const formData = await readForm(request);
  const values = formValues(formData);
  const parsed = parseForm(actionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const input = parsed.data;
  const requestId = detail.request.id;
  const outcome =
    input.intent === "message"
      ? await teamMessage(user, event, requestId, input.body)
      : await reopenRequest(user, event, requestId, input.reason);
  if ("error" in outcome) {
    const field = outcome.field === "body" || outcome.field === "reason" ? outcome.field : undefined;
    return formError(outcome.error, values, field);
  }
  return redirect(
    `/events/${event.slug}/support/${requestId}?done=${input.intent === "message" ? "message" : "reopened"}`,
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SupportRequestPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const formFailure = (intent: string) => (failure?.values.intent === intent ? failure : undefined);
  const { request } = data;
  const confirmation = failure ? undefined : confirmationOf(data);
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/support`}>
        Back to your team's follow-on support
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">
        {data.teamName}, {data.title}
      </span>
      <h1>{request.title}</h1>
      <SummaryList
        rows={[
          { key: "Status", value: <StatusTag status={request.status} name={request.statusName} /> },
          { key: "Category", value: request.category },
          { key: "Priority", value: request.priority },
          { key: "Logged by", value: request.logged },
          { key: "Assigned to", value: request.assignee ?? "Not assigned yet" },
          {
            key: "First response",
            value: request.answered
              ? `Answered on ${request.answered}`
              : `Due by the end of ${request.dueBy}${request.overdue ? " (overdue)" : ""}`,
          },
          ...(request.repositoryUrl
            ? [
                {
                  key: "Code repository",
                  value: (
                    <a href={request.repositoryUrl} className="app-break-anywhere" rel="noopener noreferrer nofollow">
                      {request.repositoryUrl}
                    </a>
                  ),
                },
              ]
            : []),
        ]}
      />
      <h2>What your team asked</h2>
      <div className="app-prose" dangerouslySetInnerHTML={{ __html: request.descriptionHtml }} />

      <h2>Conversation</h2>
      {data.messages.length === 0 ? (
        <p>
          {request.answered || request.overdue
            ? "There are no messages yet."
            : `No replies yet. The support team aims to reply by the end of ${request.dueBy}.`}
        </p>
      ) : (
        <ol className="nhsuk-list" aria-label="Messages, oldest first">
          {data.messages.map((message) => (
            <Message key={message.id} message={message} teamName={data.teamName} />
          ))}
        </ol>
      )}

      <Actions data={data} formFailure={formFailure} />
    </TwoThirds>
  );
}

function confirmationOf(data: LoaderData): string | undefined {
  switch (data.done) {
    case "logged":
      return `Your request has been sent to the support team. They aim to give a first response by the end of ${data.request.dueBy}. Everyone in your team is emailed each reply.`;
    case "message":
      return "Your message has been added to the conversation.";
    case "reopened":
      return "Your request has been reopened and is back with the support team.";
    default:
      return undefined;
  }
}

function Message({ message, teamName }: { message: LoaderData["messages"][number]; teamName: string }) {
  if (message.fromStaff) {
    return (
      <li className="nhsuk-card nhsuk-card--feature">
        <div className="nhsuk-card__content nhsuk-card__content--feature">
          <h3 className="nhsuk-card__heading nhsuk-card__heading--feature nhsuk-heading-s">
            Reply from the support team
          </h3>
          <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
            {message.authorName}, {message.at}
          </p>
          <div className="app-prose" dangerouslySetInnerHTML={{ __html: message.bodyHtml }} />
        </div>
      </li>
    );
  }
  return (
    <li className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">From {teamName}</h3>
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">
          {message.authorName}, {message.at}
        </p>
        <div className="app-prose" dangerouslySetInnerHTML={{ __html: message.bodyHtml }} />
      </div>
    </li>
  );
}

function Actions({
  data,
  formFailure,
}: {
  data: LoaderData;
  formFailure: (intent: string) => FormFailure | undefined;
}) {
  const { request } = data;
  const askAgain = <Link to={`/events/${data.slug}/support#ask`}>ask for support again</Link>;
  if (!data.windowOpen) {
    return (
      <InsetText>
        Your team's follow-on support ended on {data.windowEnded}, so this request can no longer be added to or
        reopened. If you need more time, ask the organisers of the event.
      </InsetText>
    );
  }
  return (
    <>
      {request.status === "closed" ? (
        <InsetText>This request is closed. If you need more help, {askAgain}.</InsetText>
      ) : null}
      {request.status === "resolved" && data.canReopen ? (
        <>
          <h2>Reopen this request</h2>
          <p>
            If the problem is not solved after all, you can reopen this request until {data.reopenUntil} ({REOPEN_DAYS}{" "}
            days after it was resolved). It goes back to the support team.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reopen" />
            <TextArea
              name="reason"
              label="What still needs doing?"
              hint="You can use Markdown."
              rows={4}
              failure={formFailure("reopen")}
            />
            <SubmitButton>Reopen this request</SubmitButton>
          </Form>
        </>
      ) : null}
      {request.status === "resolved" && !data.canReopen ? (
        <InsetText>
          This request was resolved on {request.resolved}. It could be reopened for {REOPEN_DAYS} days after that, and
          that time has passed. If you need more help, {askAgain}.
        </InsetText>
      ) : null}
      {data.canMessage ? (
        <>
          <h2>Add a message</h2>
          {request.status === "waiting_on_team" ? (
            <p>The support team is waiting for your answer. When you send it, the request goes back to them.</p>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="message" />
            <TextArea
              name="body"
              label="Your message"
              hint={
                request.status === "resolved"
                  ? "The request stays resolved. To ask for more help with it, reopen it instead. You can use Markdown."
                  : "Everyone in your team and the support team can read it. You can use Markdown. Never include patient data."
              }
              rows={5}
              failure={formFailure("message")}
            />
            <SubmitButton secondary={request.status === "resolved"}>Send your message</SubmitButton>
          </Form>
        </>
      ) : null}
    </>
  );
}
