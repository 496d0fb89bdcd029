// Follow-on support for an event's organisers: each winning team's support window (from the
// announcement, as long as its prize brings) with the time used against its budget, a form per
// window to move its end or set its budget of hours (with a reason, kept in the audit log), and
// the support staff who answer the teams' requests.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, FORM_ERROR, SubmitButton, TextArea, TextField, type FormFailure } from "~/components/form";
import { InsetText, SummaryList, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { RoleHolders } from "~/components/role-holders";
import type { Event } from "~/db/schema";
import { formatMinutes, windowOpen } from "~/domain/support";
import { DEFAULT_TIME_ZONE, formatInstant, resolveLocalDateTime, toLocalParts } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { applyRoleAction, roleActionSchemas, roleHolders } from "~/models/invitations.server";
import { changeEntitlement, eventEntitlements } from "~/models/support.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Follow-on support") }];

/** A window's fields carry its id, so that every form on the page has its own ids and messages. */
function fieldsOf(entitlementId: string) {
  return { endsOn: `endsOn-${entitlementId}`, budget: `budget-${entitlementId}`, reason: `reason-${entitlementId}` };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const now = new Date();
  const windows = await eventEntitlements(event);
  const { people, invitations } = await roleHolders({ eventId: event.id }, "support");
  return {
    slug: event.slug,
    eventId: event.id,
    title: event.title,
    timeZone: event.timeZone,
    windows: windows.map((window) => {
      const end = toLocalParts(window.endsAt, event.timeZone);
      return {
        id: window.id,
        fields: fieldsOf(window.id),
        teamName: window.teamName,
        from: formatInstant(window.startsAt, event.timeZone),
        to: formatInstant(window.endsAt, event.timeZone),
        open: windowOpen(window, now),
        ended: window.endsAt.getTime() <= now.getTime(),
        used: formatMinutes(window.usedMinutes),
        budget: window.budgetMinutes === null ? null : formatMinutes(window.budgetMinutes),
        overBudget: window.budgetMinutes !== null && window.usedMinutes > window.budgetMinutes,
        requests: window.requests,
        endsOn: end.date,
        endsAtTime: end.time,
        budgetHours: window.budgetMinutes === null ? "" : String(Math.round((window.budgetMinutes / 60) * 100) / 100),
      };
    }),
    people,
    invitations: invitations.map((invitation) => ({
      ...invitation,
      createdAt: formatInstant(invitation.createdAt, DEFAULT_TIME_ZONE),
    })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const staffActionSchema = z.discriminatedUnion("intent", roleActionSchemas);
const STAFF_INTENTS = ["invite", "remove", "cancel"];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const here = `/events/${event.slug}/manage/support`;
  const intent = formData.get("intent");
  if (intent === "change") return changeWindow(user, event, formData, here);
  if (typeof intent !== "string" || !STAFF_INTENTS.includes(intent)) {
    return formError("We could not tell what you wanted to do. Try again", formValues(formData));
  }
  const parsed = parseForm(staffActionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome = await applyRoleAction(user, parsed.data, "support", { eventId: event.id });
  if ("error" in outcome) return formError(outcome.error, formValues(formData));
  return redirect(`${here}?done=staff-${outcome.done}`);
}

const budgetPattern = /^\d{1,5}$/;

async function changeWindow(
  user: Parameters<typeof changeEntitlement>[0],
  event: Event,
  formData: FormData,
  here: string,
) {
  const values = formValues(formData);
  const entitlementId = values.entitlementId ?? "";
  const window = z.string().uuid().safeParse(entitlementId).success
    ? (await eventEntitlements(event)).find((row) => row.id === entitlementId)
    : undefined;
  if (!window) return formError("That support window no longer exists. Reload the page and try again", values);
  const names = fieldsOf(window.id);
  const schema = z.object({
    [names.endsOn]: z
      .string({ required_error: "Enter the day the window ends" })
      .trim()
      .min(1, "Enter the day the window ends")
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the day the window ends as a real date"),
    [names.budget]: z
      .string()
      .trim()
      .optional()
      .default("")
      .refine(
        (value) => value === "" || budgetPattern.test(value),
        "Enter the budget as a whole number of hours, or leave it empty for none",
      ),
    [names.reason]: z
      .string({ required_error: "Enter why the support window is changing" })
      .trim()
      .min(1, "Enter why the support window is changing")
      .max(2000, "The reason must be 2,000 characters or fewer"),
  });
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const endsOn = String(parsed.data[names.endsOn]);
  const budget = String(parsed.data[names.budget]);
  const reason = String(parsed.data[names.reason]);
  // The window keeps its time of day; only its day moves.
  const { time } = toLocalParts(window.endsAt, event.timeZone);
  const resolved = resolveLocalDateTime(endsOn, time, event.timeZone, "later");
  if ("error" in resolved) return formError(`The end date: ${resolved.error}`, values, names.endsOn);
  const outcome = await changeEntitlement(user, event, window.id, {
    endsAt: resolved.instant,
    budgetMinutes: budget === "" ? null : Number(budget) * 60,
    reason,
  });
  if ("error" in outcome) {
    const field =
      outcome.field === "endsAt"
        ? names.endsOn
        : outcome.field === "budget"
          ? names.budget
          : outcome.field === "reason"
            ? names.reason
            : FORM_ERROR;
    return formError(outcome.error, values, field);
  }
  return redirect(`${here}?done=window`);
}

const confirmations: Record<string, string> = {
  window: "The support window has been changed. The change and your reason are in the audit log.",
  "staff-granted": "They now answer this event's support requests. We have emailed them to say so.",
  "staff-invited":
    "We have emailed them an invitation. They join this event's support staff when they create an account with that address.",
  "staff-already": "They are already support staff for this event.",
  "staff-removed": "They no longer answer this event's support requests.",
  "staff-cancelled": "The invitation has been cancelled.",
};

type Window = Awaited<ReturnType<typeof loader>>["windows"][number];

function WindowSection({ window, timeZone, failure }: { window: Window; timeZone: string; failure?: FormFailure }) {
  const mine = failure?.values.entitlementId === window.id ? failure : undefined;
  // Closed, with a fresh form, after each change (which redirects here): the window as it now is.
  const { key } = useLocation();
  const used = window.budget ? `${window.used} of ${window.budget}` : `${window.used} (no budget set)`;
  return (
    <section aria-labelledby={`window-${window.id}`}>
      <h3 id={`window-${window.id}`}>{window.teamName}</h3>
      <SummaryList
        rows={[
          { key: "From", value: window.from },
          {
            key: "To",
            value: window.open ? window.to : window.ended ? `${window.to} (ended)` : window.to,
          },
          {
            key: "Time used",
            value: window.overBudget ? (
              <>
                {used} <strong className="nhsuk-tag nhsuk-tag--red">Over budget</strong>
              </>
            ) : (
              used
            ),
          },
          { key: "Requests", value: String(window.requests) },
        ]}
      />
      <details className="nhsuk-details" open={Boolean(mine)} key={key}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Change {window.teamName}'s window or budget</span>
        </summary>
        <div className="nhsuk-details__text">
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="change" />
            <input type="hidden" name="entitlementId" value={window.id} />
            <TextField
              name={window.fields.endsOn}
              label="Day the window ends"
              hint={`In the event's time zone, ${timeZone}. It ends at ${window.endsAtTime} that day, as now. Later to extend it, earlier to correct a mistake.`}
              type="date"
              failure={mine}
              defaultValue={window.endsOn}
            />
            <TextField
              name={window.fields.budget}
              label="Budget in hours (optional)"
              hint="The support time this team may use, in whole hours. Leave it empty for no budget."
              width={5}
              inputMode="numeric"
              failure={mine}
              defaultValue={window.budgetHours}
            />
            <TextArea
              name={window.fields.reason}
              label="Why is it changing?"
              hint="For example: pilot delayed by an information governance review. It is kept in the audit log."
              failure={mine}
              rows={3}
            />
            <SubmitButton>Save {window.teamName}'s window</SubmitButton>
          </Form>
        </div>
      </details>
    </section>
  );
}

export default function EventSupportPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  return (
    <>
      <BackToOverview slug={data.slug} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <ErrorSummary errors={failure?.errors} />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <span className="nhsuk-caption-l">{data.title}</span>
          <h1>Follow-on support</h1>
          <p>
            Each winning team gets a support window when the results are announced, as long as its prize brings. During
            it, the team can ask for help and the support staff answer.{" "}
            <Link to={`/support?event=${data.eventId}&status=all`}>See this event's support requests</Link>.
          </p>
          <h2>Support windows</h2>
          {data.windows.length === 0 ? (
            <p>
              No team has a support window yet. Windows are given to the winning teams when the results are announced,
              for the prizes that bring support.
            </p>
          ) : (
            data.windows.map((window) => (
              <WindowSection key={window.id} window={window} timeZone={data.timeZone} failure={failure} />
            ))
          )}
          <h2>Support staff</h2>
          <p>
            They answer the winning teams' requests. Until you add anyone, the event's organisers are emailed each new
            request and answer it themselves.
          </p>
        </div>
      </div>
      <RoleHolders
        roleName="support adviser"
        placeName={data.title}
        people={data.people}
        invitations={data.invitations}
        failure={failure}
      />
    </>
  );
}
