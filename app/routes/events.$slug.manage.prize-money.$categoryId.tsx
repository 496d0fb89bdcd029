// Choosing the winners of one prize category: the eligible entries in the order a judging round
// ranked them, each with a place (or no prize), filled in from the saved winners or else from the
// ranking's suggestion. A choice that differs from the suggestion needs a written reason; a tie is
// the same place chosen for two teams. Works as a plain form without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, Select, SubmitButton, TextArea } from "~/components/form";
import { InsetText, SummaryList, pageTitle } from "~/components/layout";
import { ResponsiveTable } from "~/components/table";
import { awardPlaces, type PlacedTeam } from "~/domain/awards";
import { ordinal } from "~/domain/calls";
import { optionalText } from "~/domain/fields";
import { formatPence } from "~/domain/money";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { getCall } from "~/models/events.server";
import { TIE_RULE_NAMES, categoryChoice, saveCategoryAwards } from "~/models/prizes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Choose winners: ${data.category.name}` : "Choose winners") },
];

const NO_PRIZE = "There is no prize at this address.";
const isUuid = (value: unknown): value is string => z.string().uuid().safeParse(value).success;

/** Each entry's place posts as place.<team id>: "" for no prize, else 1, 2 … */
const PLACE_PREFIX = "place.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  if (!isUuid(params.categoryId)) notFound(NO_PRIZE);
  const asked = new URL(request.url).searchParams.get("round");
  const found = await categoryChoice(event, params.categoryId, isUuid(asked) ? asked : null);
  if (!found) notFound(NO_PRIZE);
  const { allocation, category } = found;
  const saved = allocation.categories.find((one) => one.id === category.id)!;
  // The saved winners, unless the organiser has asked to see another round's suggestion (or
  // there are none yet and the allocation can still change).
  const fromSuggestion =
    allocation.status === "draft" && (saved.awards.length === 0 || category.rankingRoundId !== saved.rankingRoundId);
  const chosen: readonly PlacedTeam[] = fromSuggestion ? category.suggestion : saved.awards;
  const placeOf = new Map(chosen.map((placed) => [placed.teamId, placed.place]));
  const teamName = new Map(category.candidates.map((candidate) => [candidate.teamId, candidate.teamName]));
  const roundName = allocation.rounds.find((round) => round.id === category.rankingRoundId)?.name ?? null;
  const tiedExample =
    category.placesPence.length > 0
      ? awardPlaces(
          category.placesPence,
          [
            { teamId: "a", place: 1 },
            { teamId: "b", place: 1 },
          ],
          event.prizeTieRule,
        ).map((award) => formatPence(award.amountPence))
      : [];
  return {
    slug: event.slug,
    title: event.title,
    status: allocation.status,
    editable: allocation.status === "draft",
    version: allocation.version,
    judgingClosed: allocation.judgingClosed,
    category: {
      id: category.id,
      name: category.name,
      theme: category.themeTitle,
      places: category.placesPence.map((pence, index) => ({
        key: `${ordinal(index + 1)} place`,
        value: formatPence(pence),
      })),
      fund: formatPence(category.fundPence),
    },
    tieRule: TIE_RULE_NAMES[event.prizeTieRule],
    tiedExample,
    teamMayWinSeveral: event.teamMayWinSeveral,
    rounds: allocation.rounds.map((round) => ({
      value: round.id,
      label: `${round.name}${round.kind === "peoples_choice" ? " (People's Choice vote)" : ""}${
        round.status === "locked" ? "" : " (not locked yet)"
      }`,
    })),
    roundId: category.rankingRoundId ?? "",
    roundName,
    fromSuggestion,
    suggestion: category.suggestion.map((placed) => `${ordinal(placed.place)}: ${teamName.get(placed.teamId) ?? ""}`),
    placeOptions: [
      { value: "", label: "No prize" },
      ...category.placesPence.map((_, index) => ({ value: String(index + 1), label: ordinal(index + 1) })),
    ],
    candidates: category.candidates.map((candidate) => ({
      teamId: candidate.teamId,
      teamName: candidate.teamName,
      submissionId: candidate.submissionId,
      title: candidate.title,
      rank: candidate.rank === null ? "Not ranked" : String(candidate.rank),
      awardedElsewhere: candidate.awardedElsewhere,
      place: placeOf.has(candidate.teamId) ? String(placeOf.get(candidate.teamId)) : "",
    })),
    reason: saved.reason ?? "",
  };
}

/** The allocation's version the page was drawn from; anything unreadable counts as out of date. */
const version = z
  .string()
  .optional()
  .transform((value) => (value && /^\d{1,9}$/.test(value) ? Number(value) : -1));

const winnersSchema = z.object({
  rankingRoundId: z
    .string()
    .optional()
    .transform((value) => (isUuid(value) ? value : null)),
  reason: optionalText("The reason", 2000),
  version,
});

/** The places chosen in the form, or what is wrong with them. */
function readPlaces(values: Record<string, string>): { places: PlacedTeam[] } | { error: string } {
  const places: PlacedTeam[] = [];
  for (const [name, raw] of Object.entries(values)) {
    if (!name.startsWith(PLACE_PREFIX)) continue;
    const value = raw.trim();
    if (value === "") continue;
    const teamId = name.slice(PLACE_PREFIX.length);
    if (!isUuid(teamId)) return { error: "Choose places only for the entries listed" };
    if (!/^\d{1,3}$/.test(value)) return { error: "Choose a place from the list for each entry, or No prize" };
    places.push({ teamId, place: Number(value) });
  }
  return { places };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  if (!isUuid(params.categoryId)) notFound(NO_PRIZE);
  const call = await getCall(event.slug);
  if (!call?.prizes.some((prize) => prize.id === params.categoryId)) notFound(NO_PRIZE);
  const formData = await readForm(request);
  const values = formValues(formData);
  const parsed = parseForm(winnersSchema, formData);
  const chosen = readPlaces(values);
  if (!parsed.ok || "error" in chosen) {
    return rejectForm({
      errors: { ...("error" in chosen ? { places: chosen.error } : {}), ...(parsed.ok ? {} : parsed.failure.errors) },
      values,
    });
  }
  const outcome = await saveCategoryAwards(user, event, params.categoryId, {
    rankingRoundId: parsed.data.rankingRoundId,
    places: chosen.places,
    reason: parsed.data.reason,
    version: parsed.data.version,
  });
  if ("error" in outcome) return formError(outcome.error, values, outcome.field);
  return redirect(`/events/${event.slug}/manage/prize-money?done=winners`);
}

export default function ChooseWinnersPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const placesError = failure?.errors.places;
  const placeLabel = (value: string) => data.placeOptions.find((option) => option.value === value)?.label ?? value;
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/prize-money`}>
        Back to prize money
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Choose winners: {data.category.name}</h1>
      {data.editable ? null : (
        <InsetText>
          The allocation is {data.status === "approved" ? "approved" : "proposed for approval"}, so its winners cannot
          change. Return it to draft on the prize money page to change them.
        </InsetText>
      )}
      {data.judgingClosed ? null : (
        <InsetText>
          Judging is not closed: a round is still open, so its ranking can still change. Lock every round before the
          allocation is proposed.
        </InsetText>
      )}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <SummaryList rows={data.category.places} />
          <p>
            {data.category.theme ? `Only entries on “${data.category.theme}” can win this prize. ` : ""}
            Ties: {data.tieRule.toLowerCase()}.
            {data.tiedExample.length > 0
              ? ` For example, two teams tied 1st get ${
                  new Set(data.tiedExample).size === 1 ? `${data.tiedExample[0]} each` : data.tiedExample.join(" and ")
                }.`
              : ""}{" "}
            {data.teamMayWinSeveral
              ? "A team may win more than one prize."
              : "A team may win only one prize at this event."}
          </p>

          {data.rounds.length > 0 ? (
            <Form method="get">
              <Select
                name="round"
                label="Suggest winners from"
                hint="The entries are listed in this round's ranking order."
                options={data.rounds}
                defaultValue={data.roundId}
              />
              <SubmitButton secondary>Show this round's ranking</SubmitButton>
            </Form>
          ) : (
            <p>This event has no judging rounds, so there is no ranking to suggest winners from.</p>
          )}

          {data.roundName ? (
            <p>
              The ranking of {data.roundName} suggests:{" "}
              {data.suggestion.length > 0 ? data.suggestion.join(", ") : "no winners (no entry here is ranked yet)"}.
              {data.fromSuggestion && data.editable ? " The places below start from this suggestion." : ""}
            </p>
          ) : null}
        </div>
      </div>

      <Form method="post" noValidate>
        <input type="hidden" name="version" value={data.version} />
        <input type="hidden" name="rankingRoundId" value={data.roundId} />
        <div className={`nhsuk-form-group${placesError ? " nhsuk-form-group--error" : ""}`}>
          <h2 id="places-heading">Places</h2>
          {data.editable ? (
            <div className="nhsuk-hint" id="places-hint">
              Choose a place for each winning entry. To record a tie, choose the same place for both entries.
            </div>
          ) : null}
          {placesError ? (
            <span className="nhsuk-error-message" id="places-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {placesError}
            </span>
          ) : null}
          {data.candidates.length === 0 ? (
            <p>No submitted entry can win this prize.</p>
          ) : (
            <ResponsiveTable
              caption={`Entries that can win ${data.category.name}`}
              columns={[{ heading: "Rank" }, { heading: "Entry" }, { heading: "Place" }]}
              rows={data.candidates.map((candidate, index) => {
                const id = index === 0 ? "places" : `place-${candidate.teamId}`;
                const name = `${PLACE_PREFIX}${candidate.teamId}`;
                const value = failure ? (failure.values[name] ?? "") : candidate.place;
                return {
                  key: candidate.teamId,
                  cells: [
                    candidate.rank,
                    <>
                      <Link to={`/events/${data.slug}/manage/submissions/${candidate.submissionId}`}>
                        {candidate.title}
                      </Link>
                      <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">{candidate.teamName}</span>
                      {candidate.awardedElsewhere ? (
                        <>
                          <strong className="nhsuk-tag nhsuk-tag--grey nhsuk-u-margin-top-1">
                            Chosen for {candidate.awardedElsewhere}
                          </strong>
                        </>
                      ) : null}
                    </>,
                    data.editable ? (
                      <>
                        <label className="nhsuk-label nhsuk-u-visually-hidden" htmlFor={id}>
                          Place for {candidate.title}
                        </label>
                        <select
                          className={`nhsuk-select${placesError ? " nhsuk-select--error" : ""}`}
                          id={id}
                          name={name}
                          defaultValue={value}
                          aria-describedby={
                            [placesError ? "places-error" : null, "places-hint"].filter(Boolean).join(" ") || undefined
                          }
                        >
                          {data.placeOptions.map((option) => (
                            <option key={option.value} value={option.value}>
                              {option.label}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      placeLabel(candidate.place)
                    ),
                  ],
                };
              })}
            />
          )}
        </div>
        {data.editable ? (
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <TextArea
                name="reason"
                label="Reason for choosing differently from the ranking"
                hint="Needed only when your places differ from the ones the ranking suggests. It is kept in the audit log and shown to the organiser who approves."
                failure={failure}
                defaultValue={data.reason}
                rows={4}
              />
              <SubmitButton>Save winners</SubmitButton>
            </div>
          </div>
        ) : data.reason ? (
          <p>
            <strong>Reason for choosing differently from the ranking:</strong> {data.reason}
          </p>
        ) : null}
      </Form>
    </>
  );
}
