// The call for entry as a visitor reads it: what and why, who may enter, the timeline in the
// event's time zone with the next deadline, themes, prizes, rules, and what to do next.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireVisibleEvent } from "~/auth/guards.server";
import { Countdown } from "~/components/countdown";
import { InsetText, pageTitle } from "~/components/layout";
import { KIND_LABELS } from "~/components/manage";
import { ordinal, prizeFundPence } from "~/domain/calls";
import { formatPence } from "~/domain/money";
import { TIMELINE_STEPS, computePhase, galleryOpen, nextDeadline, phaseFlags, phaseLabel } from "~/domain/phases";
import { formatInstant, timeRemaining } from "~/domain/time";
import { getCall } from "~/models/events.server";
import { isVoteOpen } from "~/models/votes.server";
import { getOwnRegistration } from "~/models/registrations.server";
import { renderMarkdown } from "~/services/markdown.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? data.title : "Event") },
  ...(data ? [{ name: "description", content: data.summary }] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, roles, canManage } = await requireVisibleEvent(request, params.slug);
  const call = (await getCall(params.slug!))!;
  const { event, community } = call;
  const own = user ? await getOwnRegistration(event.id, user.id) : null;
  const isJudge = roles.has("judge");
  const now = new Date();
  const phase = computePhase(event.status, event, now);
  const next = nextDeadline(event.status, event, now);
  const show = (at: Date) => formatInstant(at, event.timeZone, { withWeekday: true });
  return {
    slug: event.slug,
    title: event.title,
    kind: KIND_LABELS[event.kind],
    summary: event.summary,
    status: event.status,
    phase,
    phaseLabel: phaseLabel(phase),
    galleryOpen: galleryOpen(event.status, event, now),
    resultsPublished: phaseFlags(event.status, event, now).resultsPublished,
    isJudge,
    voteOpen: own && event.status === "published" ? await isVoteOpen(event) : false,
    cancellationReason: event.cancellationReason,
    community: { name: community.name, slug: community.slug },
    descriptionHtml: renderMarkdown(event.description),
    rulesHtml: event.rules ? renderMarkdown(event.rules) : null,
    where: event.isOnline ? "Online" : [event.venueName, event.venueAddress].filter(Boolean).join(", "),
    timeZone: event.timeZone,
    next: next
      ? { label: next.label, at: show(next.at), iso: next.at.toISOString(), remaining: timeRemaining(now, next.at) }
      : null,
    timeline: TIMELINE_STEPS.flatMap((step) => {
      // Once the organisers have set the announcement, its time replaces the date planned.
      const at = step.key === "resultsPublishedAt" ? (event.resultsAnnouncedAt ?? event[step.key]) : event[step.key];
      return at
        ? [{ label: step.label, at: show(at), iso: at.toISOString(), past: at.getTime() <= now.getTime() }]
        : [];
    }),
    gracePeriodMinutes: event.gracePeriodMinutes,
    eligibility: event.eligibilityStatement,
    questions: call.questions.map((row) => row.question),
    teamSize: { min: event.teamSizeMin, max: event.teamSizeMax },
    capacity: event.capacity,
    requiresOsiLicence: event.requiresOsiLicence,
    requiresDataAttestation: event.requiresDataAttestation,
    themes: call.themes.map((theme) => ({
      id: theme.id,
      title: theme.title,
      description: theme.description,
      proposedBy: theme.proposedBy,
    })),
    noPrizes: event.noPrizes,
    fund: formatPence(prizeFundPence(call.prizes)),
    prizes: call.prizes.map((prize) => ({
      id: prize.id,
      name: prize.name,
      description: prize.description,
      sponsor: prize.sponsor,
      supportMonths: prize.supportMonths,
      themeTitle: prize.themeTitle,
      places: prize.placesPence.map((pence, index) => ({ place: ordinal(index + 1), amount: formatPence(pence) })),
    })),
    signedIn: Boolean(user),
    canManage,
    registrationOpen: phaseFlags(event.status, event, now).registrationOpen,
    registration:
      own && own.registration.status !== "withdrawn"
        ? { waitlisted: own.registration.status === "waitlisted", position: own.position }
        : null,
  };
}

export default function CallPage() {
  const call = useLoaderData<typeof loader>();
  return (
    <>
      {call.status === "draft" ? (
        <InsetText>This is a draft. Only organisers can see it until it is published.</InsetText>
      ) : null}
      {call.status === "cancelled" ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              This event has been cancelled
            </span>
          </h2>
          {call.cancellationReason ? <p>{call.cancellationReason}</p> : null}
        </div>
      ) : null}
      <span className="nhsuk-caption-l">
        {call.kind} run by {call.community.name}
      </span>
      <h1>{call.title}</h1>
      <p className="nhsuk-lede-text">{call.summary}</p>
      <p>
        <strong className="nhsuk-tag">{call.phaseLabel}</strong>
      </p>
      {call.resultsPublished ? (
        <div>
          <Link className="nhsuk-action-link" to={`/events/${call.slug}/results`}>
            <svg
              className="nhsuk-icon nhsuk-icon--arrow-right-circle"
              xmlns="http://www.w3.org/2000/svg"
              viewBox="0 0 24 24"
              width="16"
              height="16"
              focusable="false"
              aria-hidden="true"
            >
              <path d="M12 2a10 10 0 0 0-10 9h11.7l-4-4a1 1 0 0 1 1.5-1.4l5.6 5.7a1 1 0 0 1 0 1.4l-5.6 5.7a1 1 0 0 1-1.5 0 1 1 0 0 1 0-1.4l4-4H2A10 10 0 1 0 12 2z" />
            </svg>
            <span className="nhsuk-action-link__text">See the results and the winners</span>
          </Link>
        </div>
      ) : null}
      {call.isJudge ? (
        <p>
          <Link className="nhsuk-button" to={`/events/${call.slug}/judge`}>
            Your entries to judge
          </Link>
        </p>
      ) : null}
      {call.galleryOpen ? (
        <p>
          <Link to={`/events/${call.slug}/projects`}>See the projects entered</Link>
        </p>
      ) : null}
      {call.next ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            <strong>{call.next.label}:</strong> {call.next.at}
            <Countdown until={call.next.iso} initial={call.next.remaining} />
          </p>
        </div>
      ) : null}

      <NextStep call={call} />

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2>About</h2>
          <div className="app-prose" dangerouslySetInnerHTML={{ __html: call.descriptionHtml }} />
          <h2>Where</h2>
          <p>{call.where || "To be announced"}</p>

          <h2>Who can enter</h2>
          <p>{call.eligibility}</p>
          {call.questions.length > 0 ? (
            <>
              <p>When you register you will be asked to confirm:</p>
              <ul>
                {call.questions.map((question) => (
                  <li key={question}>{question}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p>
            Teams of{" "}
            {call.teamSize.min === call.teamSize.max
              ? call.teamSize.min
              : `${call.teamSize.min} to ${call.teamSize.max}`}{" "}
            people. Clinicians, developers, designers and patients are all welcome: the best teams mix them.
            {call.capacity
              ? ` ${call.capacity === 1 ? "There is 1 place" : `There are ${call.capacity} places`}; after that you can join the waiting list.`
              : ""}
          </p>
          {call.requiresOsiLicence || call.requiresDataAttestation ? (
            <>
              <h3>What entries must do</h3>
              <ul>
                {call.requiresOsiLicence ? <li>Publish the code under an OSI-approved open-source licence.</li> : null}
                {call.requiresDataAttestation ? (
                  <li>Use no real patient data: only synthetic or anonymised test data.</li>
                ) : null}
              </ul>
            </>
          ) : null}

          {call.themes.length > 0 ? (
            <>
              <h2>Themes</h2>
              {call.themes.map((theme) => (
                <div className="nhsuk-card" key={theme.id}>
                  <div className="nhsuk-card__content">
                    <h3 className="nhsuk-card__heading">{theme.title}</h3>
                    {theme.description ? <p className="nhsuk-card__description">{theme.description}</p> : null}
                    {theme.proposedBy ? <p className="nhsuk-body-s">Proposed by {theme.proposedBy}</p> : null}
                  </div>
                </div>
              ))}
            </>
          ) : null}

          <h2>Prizes</h2>
          {call.noPrizes ? (
            <p>This event has no prizes.</p>
          ) : (
            <>
              <p>
                Total prize fund: <strong>{call.fund}</strong>
              </p>
              {call.prizes.map((prize) => (
                <div className="nhsuk-card" key={prize.id}>
                  <div className="nhsuk-card__content">
                    <h3 className="nhsuk-card__heading">{prize.name}</h3>
                    {prize.description ? <p>{prize.description}</p> : null}
                    <ul className="nhsuk-list">
                      {prize.places.map((place) => (
                        <li key={place.place}>
                          {place.place} place: <strong>{place.amount}</strong>
                        </li>
                      ))}
                    </ul>
                    <p className="nhsuk-body-s">
                      {prize.themeTitle ? `For entries on “${prize.themeTitle}”. ` : ""}
                      {prize.sponsor ? `Sponsored by ${prize.sponsor}. ` : ""}
                      {prize.supportMonths > 0
                        ? `Winners receive ${prize.supportMonths} months of follow-on technical support.`
                        : ""}
                    </p>
                  </div>
                </div>
              ))}
            </>
          )}

          {call.rulesHtml ? (
            <>
              <h2>Rules</h2>
              <div className="app-prose" dangerouslySetInnerHTML={{ __html: call.rulesHtml }} />
            </>
          ) : null}
        </div>

        <div className="nhsuk-grid-column-one-third">
          <h2>Timeline</h2>
          <p className="nhsuk-body-s">Times are in {call.timeZone === "Europe/London" ? "UK time" : call.timeZone}.</p>
          <dl className="nhsuk-summary-list">
            {call.timeline.map((step) => (
              <div className="nhsuk-summary-list__row" key={step.label}>
                <dt className="nhsuk-summary-list__key">{step.label}</dt>
                <dd className="nhsuk-summary-list__value">
                  <time dateTime={step.iso}>{step.at}</time>
                  {step.label === "Submission deadline" && call.gracePeriodMinutes > 0 ? (
                    <span className="nhsuk-body-s"> (with {call.gracePeriodMinutes} minutes' grace)</span>
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
          {call.timeline.length > 0 ? (
            <p>
              <a href={`/events/${call.slug}/calendar.ics`} download>
                Add the timeline to your calendar (.ics)
              </a>
            </p>
          ) : null}
          <p className="nhsuk-body-s">
            Run by <Link to={`/?community=${call.community.slug}`}>{call.community.name}</Link>
          </p>
        </div>
      </div>
    </>
  );
}

function NextStep({
  call,
}: {
  call: {
    slug: string;
    phase: string;
    signedIn: boolean;
    canManage: boolean;
    status: string;
    registrationOpen: boolean;
    registration: { waitlisted: boolean; position: number | null } | null;
    voteOpen: boolean;
  };
}) {
  if (call.canManage) {
    return (
      <p>
        <Link className="nhsuk-button nhsuk-button--secondary" to={`/events/${call.slug}/manage`}>
          Manage this event
        </Link>
      </p>
    );
  }
  // A registered person sees where they stand for as long as the event runs, not only while registration is open.
  if (call.registration && call.status === "published") {
    const { waitlisted, position } = call.registration;
    return (
      <>
        <p>
          <strong>
            {waitlisted
              ? `You are on the waiting list${position === null ? "" : `, number ${position}`}.`
              : "You are registered."}
          </strong>{" "}
          <Link to={`/events/${call.slug}/register`}>See or change your registration</Link>
        </p>
        {waitlisted ? null : (
          <ul className="nhsuk-list">
            <li>
              <Link to={`/events/${call.slug}/team`}>Your team</Link>
            </li>
            <li>
              <Link to={`/events/${call.slug}/submission`}>Your team's entry</Link>
            </li>
            {call.voteOpen ? (
              <li>
                <Link to={`/events/${call.slug}/vote`}>Vote for the People's Choice</Link>
              </li>
            ) : null}
            <li>
              <Link to={`/events/${call.slug}/teams`}>Find a team or people for your team</Link>
            </li>
          </ul>
        )}
      </>
    );
  }
  if (call.signedIn) {
    return call.registrationOpen ? (
      <p>
        <Link className="nhsuk-button" to={`/events/${call.slug}/register`}>
          Register for this event
        </Link>
      </p>
    ) : null;
  }
  if (call.phase !== "registration_open" && call.phase !== "submissions_open") return null;
  return (
    <p>
      To enter, <Link to="/signup">create an account</Link> or{" "}
      <Link to={`/login?redirectTo=/events/${call.slug}`}>sign in</Link>.
    </p>
  );
}
