// The event's prize money for its organisers: the rules for ties and repeat winners, each prize
// category's winners with their amounts and the members' shares, and the two-person approval:
// one organiser proposes, another approves with their password, either can return it to draft.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, Radios, SubmitButton, TextArea } from "~/components/form";
import { InsetText, SummaryList, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { WinnersTable, awardRows } from "~/components/prize-money";
import { ordinal } from "~/domain/calls";
import { checkbox, requiredText } from "~/domain/fields";
import { formatPence } from "~/domain/money";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import {
  TIE_RULE_NAMES,
  allocationView,
  proposeAllocation,
  returnAllocationToDraft,
  setPrizeRules,
} from "~/models/prizes.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Prize money") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const view = await allocationView(event);
  const at = (instant: Date | null) => (instant ? formatInstant(instant, event.timeZone) : null);
  return {
    slug: event.slug,
    title: event.title,
    done: new URL(request.url).searchParams.get("done"),
    status: view.status,
    version: view.version,
    proposedBy: view.proposedBy?.name ?? null,
    proposedAt: at(view.proposedAt),
    approvedBy: view.approvedBy?.name ?? null,
    approvedAt: at(view.approvedAt),
    isProposer: view.proposedBy !== null && view.proposedBy.id === user.id,
    announced: event.resultsAnnouncedAt !== null,
    tieRule: view.tieRule,
    tieRules: Object.entries(TIE_RULE_NAMES).map(([value, label]) => ({
      value,
      label,
      hint:
        value === "share_place"
          ? "Two teams tied 1st share the 1st prize; the next team is 2nd."
          : "Two teams tied 1st share the 1st and 2nd prizes; the next team is 3rd.",
    })),
    teamMayWinSeveral: view.teamMayWinSeveral,
    judgingClosed: view.judgingClosed,
    openRounds: view.rounds.filter((round) => round.status !== "locked").map((round) => round.name),
    fund: formatPence(view.fundPence),
    allocated: formatPence(view.allocatedPence),
    unallocated: formatPence(view.fundPence - view.allocatedPence),
    categories: view.categories.map((category) => ({
      id: category.id,
      name: category.name,
      about: [
        category.themeTitle ? `Only for entries on “${category.themeTitle}”.` : "Open to every entry.",
        category.sponsor ? `Sponsored by ${category.sponsor}.` : "",
      ]
        .filter(Boolean)
        .join(" "),
      places: category.placesPence.map((pence, index) => `${ordinal(index + 1)} ${formatPence(pence)}`).join(", "),
      fund: formatPence(category.fundPence),
      allocated: formatPence(category.allocatedPence),
      followsSuggestion: category.followsSuggestion,
      reason: category.reason,
      awards: awardRows(category.awards, (id) => `/events/${event.slug}/manage/submissions/${id}`),
    })),
  };
}

/** The allocation's version the page was drawn from; anything unreadable counts as out of date. */
const version = z
  .string()
  .optional()
  .transform((value) => (value && /^\d{1,9}$/.test(value) ? Number(value) : -1));

const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rules"),
    tieRule: z.enum(["share_place", "share_places"], {
      errorMap: () => ({ message: "Choose how tied teams are paid" }),
    }),
    teamMayWinSeveral: checkbox,
    version,
  }),
  z.object({ intent: z.literal("propose"), version }),
  z.object({
    intent: z.literal("return"),
    reason: requiredText("Why the allocation goes back to draft", 2000),
    version,
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(actionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const values = formValues(formData);
  const here = `/events/${event.slug}/manage/prize-money`;
  const input = parsed.data;
  switch (input.intent) {
    case "rules": {
      const outcome = await setPrizeRules(
        user,
        event,
        {
          tieRule: input.tieRule,
          teamMayWinSeveral: input.teamMayWinSeveral,
        },
        input.version,
      );
      if ("error" in outcome) return formError(outcome.error, values, outcome.field);
      return redirect(`${here}?done=rules`);
    }
    case "propose": {
      const outcome = await proposeAllocation(user, event, input.version);
      if ("error" in outcome) return formError(outcome.error, values, outcome.field);
      return redirect(`${here}?done=proposed`);
    }
    case "return": {
      const outcome = await returnAllocationToDraft(user, event, input.reason, input.version);
      if ("error" in outcome) return formError(outcome.error, values, outcome.field);
      return redirect(`${here}?done=returned`);
    }
  }
}

const confirmations: Record<string, string> = {
  rules: "The prize rules have been saved.",
  winners: "The winners have been saved.",
  proposed: "The allocation is proposed for approval. The other organisers have been emailed.",
  approved: "The allocation is approved. You can now announce the results and start the payouts.",
  returned: "The allocation is back in draft. It needs proposing and approving again.",
};

const STATUS_TAGS = {
  draft: { text: "Draft", className: "nhsuk-tag nhsuk-tag--grey" },
  proposed: { text: "Waiting for approval", className: "nhsuk-tag nhsuk-tag--yellow" },
  approved: { text: "Approved", className: "nhsuk-tag nhsuk-tag--green" },
} as const;

export default function PrizeMoneyPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const intent = failure?.values.intent;
  const tag = STATUS_TAGS[data.status];
  return (
    <>
      <BackToOverview slug={data.slug} />
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Prize money</h1>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <SummaryList
            rows={[
              {
                key: "Status",
                value: (
                  <>
                    <strong className={tag.className}>{tag.text}</strong>
                    {data.status === "draft" ? (
                      <p className="nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">Not yet proposed for approval.</p>
                    ) : null}
                    {data.proposedBy ? (
                      <p className="nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
                        Proposed by {data.proposedBy} on {data.proposedAt}.
                      </p>
                    ) : null}
                    {data.approvedBy ? (
                      <p className="nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
                        Approved by {data.approvedBy} on {data.approvedAt}.
                      </p>
                    ) : null}
                  </>
                ),
              },
              { key: "Prize fund", value: data.fund },
              { key: "Allocated", value: data.allocated },
              { key: "Not allocated", value: data.unallocated },
            ]}
          />

          {data.judgingClosed ? null : (
            <div className="nhsuk-warning-callout">
              <h2 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  Judging is not closed
                </span>
              </h2>
              <p>
                {data.openRounds.length > 0
                  ? `Still open: ${data.openRounds.join(", ")}. `
                  : "This event has no judging rounds yet. "}
                You can choose winners now, but the allocation can be proposed only once every judging round is locked,
                so the results it rests on cannot change.
              </p>
              <p>
                <Link to={`/events/${data.slug}/manage/judging`}>Go to judging</Link>
              </p>
            </div>
          )}

          {data.status === "approved" ? (
            <ul className="nhsuk-list">
              <li>
                <Link to="payouts">Payouts: who has been paid</Link>
              </li>
              <li>
                <a href={`/events/${data.slug}/manage/prize-money/finance.csv`} download>
                  Download the finance file (CSV)
                </a>
              </li>
              <li>
                <Link to={`/events/${data.slug}/manage/results`}>Announce the results</Link>
              </li>
            </ul>
          ) : null}
        </div>
      </div>

      {data.categories.length === 0 ? (
        <p>
          This event has no prize categories. <Link to={`/events/${data.slug}/manage/prizes`}>Add prizes</Link>
        </p>
      ) : null}
      {data.categories.map((category) => (
        <section key={category.id} aria-labelledby={`category-${category.id}`}>
          <h2 id={`category-${category.id}`}>{category.name}</h2>
          <p className="nhsuk-body-s">
            {category.about} Places: {category.places}. Fund {category.fund}, allocated {category.allocated}.
          </p>
          {category.awards.length === 0 ? (
            <p>No winners chosen yet.</p>
          ) : (
            <WinnersTable prizeName={category.name} awards={category.awards} />
          )}
          {category.awards.length > 0 && !category.followsSuggestion && category.reason ? (
            <p className="nhsuk-body-s">
              <strong>Chosen differently from the ranking:</strong> {category.reason}
            </p>
          ) : null}
          <p>
            <Link to={category.id}>
              {data.status === "draft" ? "Choose winners" : "See how the winners were chosen"}
              <span className="nhsuk-u-visually-hidden"> of {category.name}</span>
            </Link>
          </p>
        </section>
      ))}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2>Approval</h2>
          {data.status === "draft" ? (
            <>
              <p>
                When every prize has its winners, propose the allocation. A second organiser of this event, or an
                administrator, must then approve it with their password before the results can be announced.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="propose" />
                <input type="hidden" name="version" value={data.version} />
                <SubmitButton>Propose for approval</SubmitButton>
              </Form>
            </>
          ) : null}
          {data.status === "proposed" ? (
            data.isProposer ? (
              <p>
                You proposed this allocation, so a different organiser or an administrator must approve it. The other
                organisers have been emailed.
              </p>
            ) : (
              <>
                <p>
                  {data.proposedBy} has proposed this allocation. Check every prize and, if it is right, approve it with
                  your password.
                </p>
                <p>
                  <Link className="nhsuk-button" to="approve">
                    Check and approve
                  </Link>
                </p>
              </>
            )
          ) : null}
          {data.status === "approved" ? <p>The allocation is approved and can no longer be changed.</p> : null}

          {data.status !== "draft" && !data.announced ? (
            <details className="nhsuk-details" open={intent === "return"}>
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Return the allocation to draft</span>
              </summary>
              <div className="nhsuk-details__text">
                <p>
                  To change any winner or amount, the allocation goes back to draft. It then needs proposing and
                  approving again. Your reason is kept in the audit log.
                </p>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="return" />
                  <input type="hidden" name="version" value={data.version} />
                  <TextArea
                    name="reason"
                    label="Why does the allocation go back to draft?"
                    failure={intent === "return" ? failure : undefined}
                    rows={3}
                  />
                  <SubmitButton secondary>Return to draft</SubmitButton>
                </Form>
              </div>
            </details>
          ) : null}

          <h2>Prize rules</h2>
          {data.status === "draft" ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="rules" />
              <input type="hidden" name="version" value={data.version} />
              <Radios
                name="tieRule"
                legend="When teams tie for a place"
                hint="You can change the rules only while no prize has been given."
                choices={data.tieRules}
                failure={intent === "rules" ? failure : undefined}
                defaultValue={data.tieRule}
              />
              <Checkbox
                name="teamMayWinSeveral"
                label="A team may win more than one prize"
                hint="Otherwise a team that has won one prize is left out of the others."
                failure={intent === "rules" ? failure : undefined}
                defaultChecked={data.teamMayWinSeveral}
              />
              <SubmitButton secondary>Save prize rules</SubmitButton>
            </Form>
          ) : (
            <p>
              {data.tieRules.find((rule) => rule.value === data.tieRule)?.label}.{" "}
              {data.teamMayWinSeveral ? "A team may win more than one prize." : "A team may win one prize at most."}
            </p>
          )}
        </div>
      </div>
    </>
  );
}
