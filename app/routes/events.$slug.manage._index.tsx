// The organiser's overview of a call: what is ready, publishing, and the actions on a live call.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextArea } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { KIND_LABELS, TaskList } from "~/components/manage";
import { formatInstant } from "~/domain/time";
import { computePhase, missingTimelineSteps, phaseLabel, timelineErrors } from "~/domain/phases";
import { requiredText } from "~/domain/fields";
import { formError, parseForm, rejectForm, readForm } from "~/forms.server";
import { archiveEvent, cancelEvent, getCall, missingFromCall, publishEvent, updateEvent } from "~/models/events.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Manage ${data.title}` : "Manage") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganiserOfEvent(request, params.slug);
  const call = (await getCall(params.slug!))!;
  const { event } = call;
  const now = new Date();
  const timelineReady = missingTimelineSteps(event).length === 0 && Object.keys(timelineErrors(event)).length === 0;
  return {
    slug: event.slug,
    title: event.title,
    kind: KIND_LABELS[event.kind],
    status: event.status,
    phase: phaseLabel(computePhase(event.status, event, now)),
    registrationOpen: event.status === "published" && computePhase(event.status, event, now) === "registration_open",
    registrationClosesAt: event.registrationClosesAt ? formatInstant(event.registrationClosesAt, event.timeZone) : null,
    done: new URL(request.url).searchParams.get("done"),
    missing: missingFromCall(call),
    tasks: [
      {
        name: "Details and venue",
        href: "details",
        done: event.summary !== "" && event.description !== "" && (event.isOnline || event.venueAddress !== ""),
      },
      { name: "Timeline", href: "timeline", done: timelineReady },
      { name: "Teams, eligibility and requirements", href: "entry", done: event.eligibilityStatement !== "" },
      { name: "Themes", href: "themes", done: call.themes.length > 0, optional: true },
      {
        name: "Prizes",
        href: "prizes",
        done: event.noPrizes || call.prizes.some((prize) => prize.placesPence.length > 0),
      },
    ],
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("close-registration") }),
  z.object({ intent: z.literal("cancel"), reason: requiredText("Reason for cancelling", 2000) }),
  z.object({ intent: z.literal("archive") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const parsed = parseForm(actionSchema, await readForm(request));
  if (!parsed.ok) return rejectForm(parsed.failure);
  const here = `/events/${event.slug}/manage`;
  switch (parsed.data.intent) {
    case "publish": {
      if (event.status !== "draft") return formError("This call has already been published", {});
      const result = await publishEvent(user, event.slug);
      if ("missing" in result) {
        return formError(
          "The call cannot be published yet: complete what is listed under “Still needed before publishing”",
          {},
        );
      }
      return redirect(`${here}?done=published`);
    }
    case "close-registration": {
      const now = new Date();
      if (event.status !== "published" || computePhase(event.status, event, now) !== "registration_open") {
        return formError("Registration is not open, so it cannot be closed", {});
      }
      await updateEvent(user, event.id, { registrationClosesAt: now }, { reason: "Registration closed early" });
      return redirect(`${here}?done=closed`);
    }
    case "cancel": {
      if (event.status === "cancelled" || event.status === "archived") {
        return formError("This event is already cancelled or archived", {});
      }
      await cancelEvent(user, event, parsed.data.reason);
      return redirect(`${here}?done=cancelled`);
    }
    case "archive": {
      if (event.status === "draft") return formError("A draft cannot be archived: publish or cancel it first", {});
      await archiveEvent(user, event);
      return redirect(`${here}?done=archived`);
    }
  }
}

const doneMessages: Record<string, string> = {
  published: "The call is published. It is now listed on the home page.",
  closed: "Registration is closed.",
  cancelled: "The event is cancelled and everyone registered has been emailed.",
  archived: "The event is archived.",
  saved: "Your changes have been saved.",
};

export default function ManageEventPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      {data.done && doneMessages[data.done] && !failure ? <InsetText>{doneMessages[data.done]}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.kind}</span>
      <h1>{data.title}</h1>
      <p>
        Status: <strong>{data.status === "draft" ? "Draft (only organisers can see it)" : data.phase}</strong>.{" "}
        <Link to={`/events/${data.slug}`}>View the call{data.status === "draft" ? " as it will appear" : ""}</Link>
      </p>
      <h2>The call for entry</h2>
      <TaskList tasks={data.tasks} />
      <h2>People</h2>
      <ul className="nhsuk-list">
        <li>
          <Link to="registrations">Registrations</Link>
        </li>
        <li>
          <Link to="teams">Teams</Link>
        </li>
        <li>
          <Link to="check-in">Check people in at the venue</Link>
        </li>
        <li>
          <Link to="organisers">Organisers of this event</Link>
        </li>
      </ul>
      <h2>Entries</h2>
      <ul className="nhsuk-list">
        <li>
          <Link to="submissions">Entries, extensions and disqualifications</Link>
        </li>
        <li>
          <Link to="submissions/import">Import entries from a CSV file</Link>
        </li>
        <li>
          <Link to="judging">Judging</Link>
        </li>
      </ul>
      <h2>Results and prize money</h2>
      <ul className="nhsuk-list">
        <li>
          <Link to="prize-money">Prize money</Link>
        </li>
        <li>
          <Link to="results">Announce results</Link>
        </li>
        <li>
          <Link to="support">Follow-on support</Link>
        </li>
      </ul>

      {data.status === "draft" ? (
        <>
          <h2>Publish</h2>
          {data.missing.length > 0 ? (
            <div className="nhsuk-warning-callout">
              <h3 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  Still needed before publishing
                </span>
              </h3>
              <ul>
                {data.missing.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p>The call is complete. Publishing lists it on the home page for everyone to see.</p>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <SubmitButton>Publish the call</SubmitButton>
          </Form>
        </>
      ) : null}

      {data.registrationOpen ? (
        <>
          <h2>Registration</h2>
          <p>
            Registration closes on {data.registrationClosesAt}. You can close it now, or extend it on the timeline page.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="close-registration" />
            <SubmitButton secondary>Close registration now</SubmitButton>
          </Form>
        </>
      ) : null}

      {data.status === "draft" || data.status === "published" ? (
        <details className="nhsuk-details" open={Boolean(failure?.errors.reason)}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Cancel the event</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>Everyone registered is emailed with your reason. This cannot be undone.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="cancel" />
              <TextArea name="reason" label="Why is the event cancelled?" failure={failure} rows={3} />
              <button type="submit" className="nhsuk-button nhsuk-button--warning">
                Cancel the event
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      {data.status === "published" || data.status === "cancelled" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="archive" />
          <SubmitButton secondary>Archive the event</SubmitButton>
        </Form>
      ) : null}
    </TwoThirds>
  );
}
