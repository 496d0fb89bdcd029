// A winning team's follow-on support: its window and the time used, the service level, its
// requests, the form to ask for support while the window is open (read-only history after it),
// and the team's progress since the event, which its public project page shows too.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireUser, requireVisibleEvent } from "~/auth/guards.server";
import {
  ErrorSummary,
  FORM_ERROR,
  Radios,
  SubmitButton,
  TextArea,
  TextField,
  type FormFailure,
} from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { MilestoneList, milestoneDisplay } from "~/components/milestones";
import { StatusTag } from "~/components/support-status";
import { ResponsiveTable } from "~/components/table";
import type { Event, User } from "~/db/schema";
import { optionalText, optionalWebAddress, requiredText } from "~/domain/fields";
import {
  MILESTONE_KINDS,
  MILESTONE_KIND_NAMES,
  SUPPORT_CATEGORIES,
  SUPPORT_CATEGORY_NAMES,
  SUPPORT_PRIORITIES,
  SUPPORT_PRIORITY_NAMES,
  SUPPORT_STATUS_NAMES,
  formatMinutes,
  isFinished,
} from "~/domain/support";
import { formatDate, formatInstant, isCalendarDate, toLocalParts } from "~/domain/time";
import { responseDueDate } from "~/domain/working-days";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import {
  MAX_SUPPORT_TEXT,
  MAX_SUPPORT_TITLE,
  hasSupportWindow,
  isSupportStaff,
  logSupportRequest,
  postMilestone,
  teamSupport,
  type TeamSupport,
} from "~/models/support.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Your team's follow-on support – ${data.title}` : "Your team's follow-on support") },
];

/** The team's support, or the 404 that says why there is none to see. */
async function supportOrNotFound(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, slug);
  const support = await teamSupport(user, event);
  if (!support) notFound(await whyNoSupport(user, event));
  return { user, event, support };
}

/** The same guard for a post, without reading the team's whole history. */
async function memberOfSupportedTeam(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, slug);
  if (!(await hasSupportWindow(user, event))) notFound(await whyNoSupport(user, event));
  return { user, event };
}

async function whyNoSupport(user: User, event: Event): Promise<string> {
  const base =
    "Follow-on support is for the members of the winning teams, once the results are announced. Your account is not in a team with follow-on support at this event.";
  return (await isSupportStaff(user, event.id))
    ? `${base} You support this event: its teams' requests are in the support queue, under Support at the top of the page.`
    : base;
}

/** "UK time", or the zone's own name for an event held elsewhere. */
function zoneName(timeZone: string): string {
  return timeZone === "Europe/London" ? "UK time" : timeZone;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, support } = await supportOrNotFound(request, params.slug);
  return {
    slug: event.slug,
    title: event.title,
    done: new URL(request.url).searchParams.get("done"),
    ...supportView(event, support),
  };
}

function supportView(event: Event, support: TeamSupport) {
  const zone = event.timeZone;
  const { entitlement } = support;
  const budget = entitlement.budgetMinutes;
  return {
    teamName: support.teamName,
    open: support.open,
    // Windows start at the announcement, so this is only ever a moment's race; say it plainly all the same.
    notStarted: !support.open && entitlement.startsAt.getTime() > Date.now(),
    from: formatInstant(entitlement.startsAt, zone),
    to: formatInstant(entitlement.endsAt, zone),
    zoneName: zoneName(zone),
    time: {
      used: formatMinutes(support.usedMinutes),
      budget: budget === null ? null : formatMinutes(budget),
      left: budget === null ? null : formatMinutes(Math.max(0, budget - support.usedMinutes)),
      over: budget !== null && support.usedMinutes > budget,
      anyUsed: support.usedMinutes > 0,
    },
    responseWorkingDays: support.responseWorkingDays,
    requests: support.requests.map((row) => ({
      id: row.id,
      title: row.title,
      category: SUPPORT_CATEGORY_NAMES[row.category],
      status: row.status,
      statusName: SUPPORT_STATUS_NAMES[row.status],
      logged: formatDate(toLocalParts(row.createdAt, zone).date),
      response: row.firstRespondedAt
        ? `Answered on ${formatDate(toLocalParts(row.firstRespondedAt, zone).date)}`
        : isFinished(row.status)
          ? "Not answered"
          : `Response due by the end of ${formatDate(responseDueDate(row.firstResponseDueAt, zone), { withWeekday: true })}${row.overdue ? " (overdue)" : ""}`,
    })),
    milestones: support.milestones.map(milestoneDisplay),
    repositoryUrl: support.repositoryUrl,
    maxTitle: MAX_SUPPORT_TITLE,
  };
}

const requestSchema = z.object({
  intent: z.literal("request"),
  title: requiredText("A title for your request", MAX_SUPPORT_TITLE),
  category: z.enum(SUPPORT_CATEGORIES, { errorMap: () => ({ message: "Choose what kind of help it is" }) }),
  description: requiredText("A description of what you need", MAX_SUPPORT_TEXT),
  priority: z.enum(SUPPORT_PRIORITIES, { errorMap: () => ({ message: "Choose how urgent it is" }) }),
  repositoryUrl: optionalWebAddress("The repository's address"),
});

const milestoneSchema = z.object({
  intent: z.literal("milestone"),
  milestoneKind: z.enum(MILESTONE_KINDS, { errorMap: () => ({ message: "Choose what kind of milestone it is" }) }),
  milestoneTitle: requiredText("What your team achieved", MAX_SUPPORT_TITLE),
  achievedOn: z
    .string({ required_error: "Enter the date it happened" })
    .trim()
    .min(1, "Enter the date it happened")
    .refine(isCalendarDate, "Enter the date it happened as a real date, for example 2025-06-15"),
  milestoneDescription: optionalText("What you tell us about it", MAX_SUPPORT_TEXT),
});

/** The milestone model's fields, as this page names them (two forms share the page). */
const MILESTONE_FIELDS: Record<string, string> = { title: "milestoneTitle", achievedOn: "achievedOn" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await memberOfSupportedTeam(request, params.slug);
  const formData = await readForm(request);
  const values = formValues(formData);
  const intent = formData.get("intent");

  if (intent === "request") {
    const parsed = parseForm(requestSchema, formData);
    if (!parsed.ok) return rejectForm(parsed.failure);
    const { intent: _, ...input } = parsed.data;
    const outcome = await logSupportRequest(user, event, input);
    if ("error" in outcome) return formError(outcome.error, values);
    return redirect(`/events/${event.slug}/support/${outcome.requestId}?done=logged`);
  }

  if (intent === "milestone") {
    const parsed = parseForm(milestoneSchema, formData);
    if (!parsed.ok) return rejectForm(parsed.failure);
    const outcome = await postMilestone(user, event, {
      kind: parsed.data.milestoneKind,
      title: parsed.data.milestoneTitle,
      description: parsed.data.milestoneDescription,
      achievedOn: parsed.data.achievedOn,
    });
    if ("error" in outcome) {
      return formError(outcome.error, values, MILESTONE_FIELDS[outcome.field ?? ""] ?? FORM_ERROR);
    }
    return redirect(`/events/${event.slug}/support?done=milestone`);
  }

  return formError("We did not understand that request. Reload the page and try again.", values);
}

const confirmations: Record<string, string> = {
  milestone: "Your milestone has been posted. It also shows on your project's public page.",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function TeamSupportPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const formFailure = (intent: string) => (failure?.values.intent === intent ? failure : undefined);
  return (
    <>
      <TwoThirds>
        <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
          Back to {data.title}
        </Link>
        <ErrorSummary errors={failure?.errors} />
        {confirmation ? <InsetText>{confirmation}</InsetText> : null}
        <span className="nhsuk-caption-l">{data.title}</span>
        <h1>Your team's follow-on support</h1>
        <p className="nhsuk-lede-text">{data.teamName}</p>
        <Window data={data} />

        <h2>Your requests</h2>
        {data.requests.length === 0 ? (
          <p>{data.open ? "Your team has not asked for support yet." : "Your team did not ask for support."}</p>
        ) : null}
      </TwoThirds>
      {data.requests.length > 0 ? (
        // The whole width of the page: five columns are cramped in two thirds of it.
        <ResponsiveTable
          caption="Your team's support requests"
          columns={[
            { heading: "Request" },
            { heading: "Category" },
            { heading: "Status" },
            { heading: "Logged" },
            { heading: "First response" },
          ]}
          rows={data.requests.map((row) => ({
            key: row.id,
            cells: [
              <Link to={`/events/${data.slug}/support/${row.id}`}>{row.title}</Link>,
              row.category,
              <StatusTag status={row.status} name={row.statusName} />,
              row.logged,
              row.response,
            ],
          }))}
        />
      ) : null}
      <TwoThirds>
        {data.open ? (
          <AskForSupport repositoryUrl={data.repositoryUrl} maxTitle={data.maxTitle} failure={formFailure("request")} />
        ) : null}

        <h2 id="progress">Your progress</h2>
        <p>
          Tell the organisers, and everyone who reads your project's page, how far your project has come since the
          event: a pilot, a deployment in an NHS organisation, funding, a clinical safety case signed off. Milestones
          show on your project's public page.
        </p>
        {data.milestones.length > 0 ? (
          <MilestoneList milestones={data.milestones} />
        ) : (
          <p>Your team has not posted any milestones yet.</p>
        )}
        <PostMilestone maxTitle={data.maxTitle} failure={formFailure("milestone")} />
      </TwoThirds>
    </>
  );
}

function Window({ data }: { data: LoaderData }) {
  const days = `${data.responseWorkingDays} working ${data.responseWorkingDays === 1 ? "day" : "days"}`;
  return (
    <>
      {data.open || data.notStarted ? (
        <p>
          Your team's follow-on support runs from {data.from} to {data.to}. Times are in {data.zoneName}.
          {data.notStarted ? " You can ask for support once it has started." : ""}
        </p>
      ) : (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Your team's follow-on support ended on {data.to}
            </span>
          </h2>
          <p>
            It ran from {data.from} to {data.to} ({data.zoneName}).
          </p>
          <p>
            You can still read your requests and post your progress, but you can no longer ask for support or add to a
            request. If you need more time, ask the organisers of the event.
          </p>
        </div>
      )}
      {data.time.budget ? (
        <p>
          Support time used: {data.time.used} of {data.time.budget}
          {data.time.over ? ", which is more than your team's budget." : ` (${data.time.left} left).`}
        </p>
      ) : data.time.anyUsed ? (
        <p>Support time used so far: {data.time.used}.</p>
      ) : null}
      {data.open ? (
        <p>
          The support team aims to give a first response within {days}, Monday to Friday, not counting bank holidays in
          England.
        </p>
      ) : null}
    </>
  );
}

function AskForSupport({
  repositoryUrl,
  maxTitle,
  failure,
}: {
  repositoryUrl: string;
  maxTitle: number;
  failure: FormFailure | undefined;
}) {
  return (
    <>
      <h2 id="ask">Ask for support</h2>
      <p>
        Ask for one thing at a time: a separate request for each problem helps the right person pick it up. Everyone in
        your team can read your requests and the replies, and each reply is emailed to all of you.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="request" />
        <TextField
          name="title"
          label="What do you need help with?"
          hint={`A short title, up to ${maxTitle} characters. For example, "Connecting to the GP Connect test environment".`}
          failure={failure}
        />
        <Radios
          name="category"
          legend="What kind of help is it?"
          choices={SUPPORT_CATEGORIES.map((category) => ({ value: category, label: SUPPORT_CATEGORY_NAMES[category] }))}
          failure={failure}
        />
        <TextArea
          name="description"
          label="Describe what you need"
          hint={
            <>
              What you are trying to do, what you have tried, and any dates that matter. Never include patient data. You
              can use Markdown: <code>**bold**</code>, lists that start with <code>-</code>, and links written as{" "}
              <code>[text](https://…)</code>.
            </>
          }
          rows={8}
          failure={failure}
        />
        <Radios
          name="priority"
          legend="How urgent is it?"
          hint="Urgent is for something that stops a pilot or a live service."
          choices={SUPPORT_PRIORITIES.map((priority) => ({ value: priority, label: SUPPORT_PRIORITY_NAMES[priority] }))}
          defaultValue="normal"
          failure={failure}
        />
        <TextField
          name="repositoryUrl"
          label="Code repository (optional)"
          type="url"
          spellCheck={false}
          hint="The repository this is about. We have filled in your entry's; change it if this is about another."
          defaultValue={repositoryUrl}
          failure={failure}
        />
        <SubmitButton>Send your request</SubmitButton>
      </Form>
    </>
  );
}

function PostMilestone({ maxTitle, failure }: { maxTitle: number; failure: FormFailure | undefined }) {
  return (
    <>
      <h3>Post a milestone</h3>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="milestone" />
        <Radios
          name="milestoneKind"
          legend="What kind of milestone is it?"
          choices={MILESTONE_KINDS.map((kind) => ({ value: kind, label: MILESTONE_KIND_NAMES[kind] }))}
          failure={failure}
        />
        <TextField
          name="milestoneTitle"
          label="What did your team achieve?"
          hint={`Up to ${maxTitle} characters. For example, "Pilot started on two wards at St James's".`}
          failure={failure}
        />
        <TextField
          name="achievedOn"
          label="When did it happen?"
          hint="Today or an earlier date."
          type="date"
          width={10}
          failure={failure}
        />
        <TextArea
          name="milestoneDescription"
          label="Tell us more (optional)"
          hint="Anything people reading your project's page should know. It is shown publicly."
          rows={4}
          failure={failure}
        />
        <SubmitButton secondary>Post this milestone</SubmitButton>
      </Form>
    </>
  );
}
