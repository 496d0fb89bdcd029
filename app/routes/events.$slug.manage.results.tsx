// Announcing the results: what must be ready first (judging closed, prize money approved), then
// publishing now or at a set time in the event's time zone, optionally with one round's full
// ranking. Published now, winners and entrants are emailed at once; set for later, when the time
// comes. A time set for later can be called off.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data as withStatus, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { DateTimeField, ErrorSummary, Radios, Select, SubmitButton, type FormFailure } from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import type { AmbiguousStep } from "~/domain/timeline-form";
import {
  formatInstant,
  parseLocalDateTime,
  resolveLocalDateTime,
  toLocalParts,
  zoneAbbreviation,
  type AmbiguityChoice,
} from "~/domain/time";
import { formValues, parseForm, readForm } from "~/forms.server";
import { announceResults, announcementReadiness, cancelScheduledAnnouncement } from "~/models/announcements.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Announce the results") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const readiness = await announcementReadiness(event);
  const now = new Date();
  const at = event.resultsAnnouncedAt;
  // The time the call's timeline gave for the results, when it is still to come.
  const planned = event.resultsPublishedAt && event.resultsPublishedAt > now ? event.resultsPublishedAt : null;
  const defaults = planned ? toLocalParts(planned, event.timeZone) : { date: "", time: "" };
  return {
    slug: event.slug,
    title: event.title,
    published: event.status === "published",
    timeZone: event.timeZone,
    zoneNow: zoneAbbreviation(now, event.timeZone),
    judgingClosed: readiness.judgingClosed,
    prizeMoneySettled: readiness.prizeMoneySettled,
    rounds: readiness.rounds.map((round) => ({ value: round.id, label: `Show the full ranking of ${round.name}` })),
    state: at === null ? ("not-set" as const) : at > now ? ("scheduled" as const) : ("published" as const),
    at: at ? formatInstant(at, event.timeZone, { withWeekday: true }) : null,
    rankingRound: readiness.rounds.find((round) => round.id === event.resultsRankingRoundId)?.name ?? null,
    emailsSent: event.announcementEmailsSentAt !== null,
    defaultDate: defaults.date,
    defaultTime: defaults.time,
    done: new URL(request.url).searchParams.get("done"),
  };
}

const isUuid = (value: unknown): value is string => z.string().uuid().safeParse(value).success;

const announceSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("announce"),
    when: z.enum(["now", "later"], { errorMap: () => ({ message: "Choose when to publish the results" }) }),
    atDate: z.string().trim().max(20, "Time to publish: Enter a real date and time").optional().default(""),
    atTime: z.string().trim().max(10, "Time to publish: Enter a real date and time").optional().default(""),
    atChoice: z.enum(["earlier", "later"]).optional().catch(undefined),
    rankingRoundId: z
      .string()
      .optional()
      .default("")
      .refine((value) => value === "" || isUuid(value), "Choose a round from the list"),
  }),
  z.object({ intent: z.literal("cancel") }),
]);

type AnnounceFailure = FormFailure & { ambiguous?: AmbiguousStep };

function reject(failure: AnnounceFailure) {
  return withStatus<AnnounceFailure>(failure, { status: 400 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(announceSchema, formData);
  if (!parsed.ok) return reject(parsed.failure);
  const values = formValues(formData);
  const here = `/events/${event.slug}/manage/results`;
  const input = parsed.data;
  if (input.intent === "cancel") {
    const outcome = await cancelScheduledAnnouncement(user, event);
    if ("error" in outcome) return reject({ errors: { _form: outcome.error }, values });
    return redirect(`${here}?done=cancelled`);
  }
  let at: Date | null = null;
  let ambiguous: AmbiguousStep | undefined;
  if (input.when === "later") {
    if (input.atDate === "") return reject({ errors: { atDate: "Enter the date to publish the results" }, values });
    if (input.atTime === "") return reject({ errors: { atTime: "Enter the time to publish the results" }, values });
    const parsedTime = parseLocalDateTime(input.atDate, input.atTime, event.timeZone);
    if (parsedTime.kind === "ambiguous") {
      ambiguous = {
        earlierLabel: `${input.atTime} ${zoneAbbreviation(parsedTime.earlier, event.timeZone)} (the first time)`,
        laterLabel: `${input.atTime} ${zoneAbbreviation(parsedTime.later, event.timeZone)} (the second time)`,
      };
    }
    const choice: AmbiguityChoice | undefined = input.atChoice;
    const resolved = resolveLocalDateTime(input.atDate, input.atTime, event.timeZone, choice);
    if ("error" in resolved) {
      const field = parsedTime.kind === "ambiguous" ? "atChoice" : "atDate";
      return reject({ errors: { [field]: `Time to publish: ${resolved.error}` }, values, ambiguous });
    }
    at = resolved.instant;
  }
  const outcome = await announceResults(user, event, {
    at,
    rankingRoundId: input.rankingRoundId === "" ? null : input.rankingRoundId,
  });
  if ("error" in outcome) {
    const field = outcome.field === "at" ? "atDate" : (outcome.field ?? "_form");
    return reject({ errors: { [field]: outcome.error }, values, ambiguous });
  }
  return redirect(`${here}?done=${outcome.announced === "now" ? "published" : "scheduled"}`);
}

const confirmations: Record<string, string> = {
  published: "The results are published. Winners and entrants have been emailed.",
  scheduled: "The results will be published at the time you set.",
  cancelled: "The scheduled announcement has been cancelled.",
};

export default function AnnounceResultsPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const ambiguous = failure?.ambiguous;
  const ready = data.judgingClosed && data.prizeMoneySettled && data.published;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage`}>
        Back to the call overview
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Announce the results</h1>

      <h2>Before you announce</h2>
      <SummaryList
        rows={[
          {
            key: "Judging",
            value: data.judgingClosed ? (
              "Closed: every round is locked"
            ) : (
              <>
                Not closed. <Link to={`/events/${data.slug}/manage/judging`}>Lock every judging round</Link>
              </>
            ),
          },
          {
            key: "Prize money",
            value: data.prizeMoneySettled ? (
              "Approved"
            ) : (
              <>
                Not approved yet.{" "}
                <Link to={`/events/${data.slug}/manage/prize-money`}>Allocate and approve the prize money</Link>
              </>
            ),
          },
          ...(data.published ? [] : [{ key: "Event", value: "Not published: only a published event can announce" }]),
        ]}
      />

      {data.state === "published" ? (
        <>
          <h2>Published</h2>
          <p>
            The results were published on {data.at}
            {data.rankingRound ? `, with the full ranking of ${data.rankingRound}` : ""}.
          </p>
          <p>
            {data.emailsSent
              ? "Winners and entrants have been emailed."
              : "The emails to winners and entrants are on their way."}
          </p>
          <p>
            <Link to={`/events/${data.slug}/results`}>See the results page</Link>
          </p>
        </>
      ) : null}

      {data.state === "scheduled" ? (
        <>
          <h2>Scheduled</h2>
          <p>
            The results will be published on <strong>{data.at}</strong>
            {data.rankingRound ? `, with the full ranking of ${data.rankingRound}` : ""}. Winners and entrants are
            emailed then.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Cancel the scheduled announcement
            </button>
          </Form>
        </>
      ) : null}

      {data.state === "not-set" ? (
        <>
          <h2>Publish the results</h2>
          {ready ? null : <p>You can publish once everything above is ready.</p>}
          <p>
            Publishing shows the winners on the event&apos;s public results page, publishes the judges&apos; feedback to
            the teams, and emails every winner (with their share of the prize money) and every other entrant.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="announce" />
            <Radios
              name="when"
              legend="When should the results be published?"
              choices={[
                { value: "now", label: "Publish now" },
                { value: "later", label: "Publish at a set time", hint: "Enter the date and time below." },
              ]}
              failure={failure}
              defaultValue="now"
            />
            <DateTimeField
              name="at"
              legend="Time to publish"
              hint={`Only when you publish at a set time. In the event's time zone, ${data.timeZone} (${data.zoneNow} now).`}
              failure={failure}
              defaultDate={data.defaultDate}
              defaultTime={data.defaultTime}
              ambiguous={ambiguous}
            />
            {data.rounds.length > 0 ? (
              <Select
                name="rankingRoundId"
                label="Full ranking"
                hint="The winners are always shown. You can also show every entry's place in one round."
                options={[{ value: "", label: "Show only the winners" }, ...data.rounds]}
                failure={failure}
                defaultValue=""
              />
            ) : null}
            <SubmitButton>Publish the results</SubmitButton>
          </Form>
        </>
      ) : null}
    </TwoThirds>
  );
}
