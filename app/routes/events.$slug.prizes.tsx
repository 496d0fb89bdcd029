// A winning team's prize money, for its members once the results are out: what the team won,
// each member's share and where its payment stands, where the viewer's own share goes (to them
// or to an organisation), and shares the captain proposes and every member accepts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment, useEffect, useState } from "react";
import { z } from "zod";
import { notFound, requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { ErrorSummary, FORM_ERROR, SubmitButton, TextField, type FormFailure } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { ResponsiveTable } from "~/components/table";
import { ordinal } from "~/domain/calls";
import { formatDate } from "~/domain/time";
import { formatPence, parsePoundsToPence } from "~/domain/money";
import { PAYOUT_STATUS_NAMES } from "~/domain/payouts";
import { phaseFlags } from "~/domain/phases";
import { formValues, formError, parseForm, rejectForm, readForm } from "~/forms.server";
import {
  MAX_ORGANISATION_NAME_LENGTH,
  answerShareProposal,
  directShare,
  proposeShares,
  teamPrizes,
  type TeamPrizes,
} from "~/models/award-shares.server";
import { hasSupportWindow } from "~/models/support.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Your team's prize money – ${data.title}` : "Your team's prize money") },
];

// Each form's fields carry the id of the share or award they are about, so that a team with two
// prizes has no two fields with the same id and the error summary links to the right one.
const payeeField = (shareId: string) => `payeeKind-${shareId}`;
const organisationField = (shareId: string) => `organisationName-${shareId}`;
const amountField = (shareId: string) => `amount-${shareId}`;
/** Where an error about the whole split points: the first amount's input. */
const amountsField = (awardId: string) => `amounts-${awardId}`;

/** An amount as typed into a £ field: "1,000" or "333.34". */
function poundsText(pence: number): string {
  return formatPence(pence).replace("£", "");
}

/** The team's prizes, or the 404 that says why there are none to see. */
async function prizesOrNotFound(request: Request, slug: string | undefined) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, slug);
  const now = new Date();
  const prizes = await teamPrizes(user, event, now);
  if (!prizes) {
    notFound(
      phaseFlags(event.status, event, now).resultsPublished
        ? "You are not in a team at this event, so there is no prize money to show you."
        : "Prize money is shown here once the results of the event are announced.",
    );
  }
  return { user, event, prizes };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event, prizes } = await prizesOrNotFound(request, params.slug);
  return {
    slug: event.slug,
    title: event.title,
    done: new URL(request.url).searchParams.get("done"),
    teamName: prizes.teamName,
    hasSupport: await hasSupportWindow(user, event),
    maxOrganisationName: MAX_ORGANISATION_NAME_LENGTH,
    awards: prizes.awards.map((award) => awardView(award, prizes, user.id)),
  };
}

function awardView(award: TeamPrizes["awards"][number], prizes: TeamPrizes, viewerId: string) {
  const holders = award.shares.filter((share) => share.userId !== null);
  const nameOf = new Map(holders.map((share) => [share.userId!, share.name]));
  const own = award.shares.find((share) => share.userId === viewerId) ?? null;
  const proposal = award.proposal;
  return {
    id: award.id,
    heading: `${ordinal(award.place)} place: ${award.categoryName}`,
    amount: formatPence(award.amountPence),
    supportMonths: award.supportMonths,
    splitOpen: award.splitOpen,
    canPropose: prizes.isCaptain && award.splitOpen && holders.length >= 2,
    shares: award.shares.map((share) => ({
      id: share.id,
      name: share.name,
      isViewer: share.userId === viewerId,
      amount: formatPence(share.amountPence),
      amountInput: poundsText(share.amountPence),
      canHold: share.userId !== null,
      goesTo: share.payeeKind === "organisation" ? share.organisationName : "Paid to them",
      status: PAYOUT_STATUS_NAMES[share.status],
      paid:
        share.status === "paid" && share.paidOn
          ? { on: formatDate(share.paidOn), reference: share.paymentReference }
          : null,
      reason: share.status === "declined" || share.status === "forfeited" ? share.statusReason : "",
    })),
    own: own && {
      id: own.id,
      paid: own.status === "paid",
      payeeKind: own.payeeKind,
      organisationName: own.organisationName,
    },
    proposal: proposal && {
      id: proposal.id,
      proposedBy: proposal.proposedBy,
      rows: holders.map((share) => ({
        userId: share.userId!,
        name: nameOf.get(share.userId!)!,
        proposed: formatPence(proposal.amounts[share.userId!] ?? 0),
        current: formatPence(share.amountPence),
        accepted: proposal.acceptedBy.includes(share.userId!),
      })),
      viewerCanAnswer: award.splitOpen && nameOf.has(viewerId) && !proposal.acceptedBy.includes(viewerId),
    },
  };
}

const uuid = (message: string) => z.string({ required_error: message }).uuid(message);
const RELOAD = "Reload the page and try again.";

const actionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("direct-share"), shareId: uuid(`That share was not found. ${RELOAD}`) }),
    z.object({ intent: z.literal("propose-shares"), awardId: uuid(`That prize was not found. ${RELOAD}`) }),
    z.object({
      intent: z.literal("answer-proposal"),
      proposalId: uuid(`That proposal was not found. ${RELOAD}`),
      answer: z.enum(["accept", "decline"], { errorMap: () => ({ message: "Choose to accept or decline" }) }),
    }),
  ],
  { errorMap: () => ({ message: `We did not understand that request. ${RELOAD}` }) },
);

const payeeChoice = z.enum(["person", "organisation"], {
  errorMap: () => ({ message: "Choose whether to be paid yourself or to give your share to an organisation" }),
});

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, prizes } = await prizesOrNotFound(request, params.slug);
  const formData = await readForm(request);
  const values = formValues(formData);
  const parsed = parseForm(actionSchema, formData);
  if (!parsed.ok) {
    // Only hidden fields are checked here: say so as one message about the form.
    return formError(Object.values(parsed.failure.errors)[0] ?? `Something went wrong. ${RELOAD}`, values);
  }
  const input = parsed.data;

  if (input.intent === "direct-share") {
    const kind = payeeChoice.safeParse(formData.get(payeeField(input.shareId)) ?? undefined);
    if (!kind.success) {
      return rejectForm({ errors: { [payeeField(input.shareId)]: kind.error.issues[0]!.message }, values });
    }
    const name = formData.get(organisationField(input.shareId));
    const outcome = await directShare(user, event, input.shareId, {
      payeeKind: kind.data,
      organisationName: typeof name === "string" ? name : "",
    });
    if ("error" in outcome) {
      const field = outcome.field === "organisationName" ? organisationField(input.shareId) : FORM_ERROR;
      return formError(outcome.error, values, field);
    }
    return redirect(`/events/${event.slug}/prizes?done=${kind.data === "organisation" ? "organisation" : "person"}`);
  }

  if (input.intent === "propose-shares") {
    const award = prizes.awards.find((candidate) => candidate.id === input.awardId);
    if (!award) return formError("That prize is not your team's", values);
    const amounts: Record<string, number> = {};
    const errors: Record<string, string> = {};
    for (const share of award.shares) {
      if (!share.userId) continue;
      const typed = formData.get(amountField(share.id));
      const read =
        typeof typed === "string" && typed.trim() !== ""
          ? parsePoundsToPence(typed)
          : { error: "Enter an amount in pounds, £0 if they take none" };
      if ("error" in read) errors[amountField(share.id)] = `For ${share.name}, ${lowerFirst(read.error)}`;
      else amounts[share.userId] = read.pence;
    }
    if (Object.keys(errors).length > 0) return rejectForm({ errors, values });
    const outcome = await proposeShares(user, event, award.id, amounts);
    if ("error" in outcome) {
      return formError(outcome.error, values, outcome.field === "amounts" ? amountsField(award.id) : FORM_ERROR);
    }
    return redirect(`/events/${event.slug}/prizes?done=${outcome.agreed ? "agreed" : "proposed"}`);
  }

  const accept = input.answer === "accept";
  const outcome = await answerShareProposal(user, event, input.proposalId, accept);
  if ("error" in outcome) return formError(outcome.error, values);
  return redirect(`/events/${event.slug}/prizes?done=${outcome.agreed ? "agreed" : accept ? "accepted" : "declined"}`);
}

const confirmations: Record<string, string> = {
  person: "Saved: your share will be paid to you. Finance will contact you for your payment details.",
  organisation: "Saved: your share will go to the organisation you named. Finance will contact you about paying it.",
  proposed: "Your proposal has been sent to the rest of your team. It takes effect when every member has accepted it.",
  accepted: "You have accepted the proposal. It takes effect when every member has accepted it.",
  declined: "You have declined the proposal. The shares stay as they were.",
  agreed: "Every member has accepted the proposal: the new shares are in place.",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Award = LoaderData["awards"][number];

export default function PrizesPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to {data.title}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      {data.awards.length === 0 ? (
        <>
          <h1>Your team did not win a prize this time</h1>
          <p>
            Thank you for taking part with {data.teamName}. Every entry was read and scored by the judges, and their
            feedback can help with what you build next.
          </p>
          <ul className="nhsuk-list">
            <li>
              <Link to={`/events/${data.slug}/submission`}>Read your judges' feedback</Link>
            </li>
            <li>
              <Link to={`/events/${data.slug}/results`}>See the results</Link>
            </li>
          </ul>
        </>
      ) : (
        <>
          <h1>Your team's prize money</h1>
          <p className="nhsuk-lede-text">Congratulations to {data.teamName}.</p>
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              We never ask for bank details on this site. The organisers' finance team will contact each person
              receiving a share (or the organisation they chose) to collect payment details through their own process.
            </p>
          </div>
          {data.awards.map((award) => (
            <AwardSection
              key={award.id}
              award={award}
              failure={failure}
              maxOrganisationName={data.maxOrganisationName}
            />
          ))}
          {data.hasSupport ? (
            <>
              <h2>Follow-on support</h2>
              <p>Ask the support team for help, follow your requests and post your progress since the event.</p>
              <p>
                <Link to={`/events/${data.slug}/support`}>Your team's follow-on support</Link>
              </p>
            </>
          ) : null}
          <p>
            <Link to={`/events/${data.slug}/results`}>See all the results</Link>
          </p>
        </>
      )}
    </TwoThirds>
  );
}

function AwardSection({
  award,
  failure,
  maxOrganisationName,
}: {
  award: Award;
  failure: FormFailure | undefined;
  maxOrganisationName: number;
}) {
  return (
    <section aria-labelledby={`award-${award.id}`}>
      <h2 id={`award-${award.id}`}>{award.heading}</h2>
      <p>
        Your team won <strong>{award.amount}</strong>.
        {award.supportMonths > 0
          ? ` It also comes with ${award.supportMonths} months of follow-on technical support to help turn your prototype into something used in the NHS.`
          : ""}
      </p>
      <h3>Each member's share</h3>
      <ResponsiveTable
        caption={`Shares of ${award.heading}`}
        columns={[{ heading: "Member" }, { heading: "Share" }, { heading: "Goes to" }, { heading: "Payment" }]}
        rows={award.shares.map((share) => ({
          key: share.id,
          cells: [
            share.isViewer ? `${share.name} (you)` : share.name,
            share.amount,
            share.goesTo,
            <>
              {share.status}
              {share.paid ? ` on ${share.paid.on}, reference ${share.paid.reference}` : ""}
              {share.reason ? `: ${share.reason}` : ""}
            </>,
          ],
        }))}
      />
      {award.own ? (
        <OwnShare
          share={award.own}
          failure={failure?.values.shareId === award.own.id ? failure : undefined}
          maxOrganisationName={maxOrganisationName}
        />
      ) : null}
      {award.proposal ? <Proposal proposal={award.proposal} /> : null}
      {award.canPropose ? (
        <ProposeForm
          award={award}
          failure={
            failure?.values.intent === "propose-shares" && failure.values.awardId === award.id ? failure : undefined
          }
        />
      ) : null}
      {award.splitOpen ? null : <p>Payment of this prize has started, so how it is shared can no longer change.</p>}
    </section>
  );
}

function OwnShare({
  share,
  failure,
  maxOrganisationName,
}: {
  share: NonNullable<Award["own"]>;
  failure: FormFailure | undefined;
  maxOrganisationName: number;
}) {
  const name = payeeField(share.id);
  const conditionalId = `conditional-${share.id}`;
  const selected = failure ? failure.values[name] : share.payeeKind;
  const [kind, setKind] = useState(selected);
  // Without JavaScript the organisation's name is always shown; with it, only when it is chosen.
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  if (share.paid) {
    return (
      <>
        <h3>Your share</h3>
        <p>Your share has been paid, so where it goes can no longer change.</p>
      </>
    );
  }
  const error = failure?.errors[name];
  const choices = [
    { value: "person", label: "Pay me", hint: "Finance will contact you for your payment details." },
    {
      value: "organisation",
      label: "Give my share to an organisation",
      hint: "For example your trust's charity or your department's fund.",
    },
  ];
  return (
    <>
      <h3>Your share</h3>
      <p>
        Many NHS organisations do not let their staff accept personal prizes or gifts of money. If that applies to you,
        or you would simply rather, you can give your share to an organisation instead. You can change this until your
        share is paid.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="direct-share" />
        <input type="hidden" name="shareId" value={share.id} />
        <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby={error ? `${name}-error` : undefined}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Where should your share go?</legend>
            {error ? (
              <span className="nhsuk-error-message" id={`${name}-error`}>
                <span className="nhsuk-u-visually-hidden">Error:</span> {error}
              </span>
            ) : null}
            <div className="nhsuk-radios">
              {choices.map((choice, index) => {
                const id = index === 0 ? name : `${name}-${index + 1}`;
                return (
                  <Fragment key={choice.value}>
                    <div className="nhsuk-radios__item">
                      <input
                        className="nhsuk-radios__input"
                        id={id}
                        name={name}
                        type="radio"
                        value={choice.value}
                        defaultChecked={selected === choice.value}
                        onChange={() => setKind(choice.value)}
                        aria-describedby={`${id}-item-hint`}
                        aria-controls={choice.value === "organisation" ? conditionalId : undefined}
                      />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                        {choice.label}
                      </label>
                      <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-item-hint`}>
                        {choice.hint}
                      </div>
                    </div>
                    {choice.value === "organisation" ? (
                      <div
                        className="nhsuk-radios__conditional"
                        id={conditionalId}
                        hidden={enhanced && kind !== "organisation"}
                      >
                        <TextField
                          name={organisationField(share.id)}
                          label="Name of the organisation"
                          hint={`Only if you give your share to an organisation. For example, Leeds Teaching Hospitals Charity. Up to ${maxOrganisationName} characters.`}
                          failure={failure}
                          defaultValue={share.organisationName}
                        />
                      </div>
                    ) : null}
                  </Fragment>
                );
              })}
            </div>
          </fieldset>
        </div>
        <SubmitButton secondary>Save where your share goes</SubmitButton>
      </Form>
    </>
  );
}

function Proposal({ proposal }: { proposal: NonNullable<Award["proposal"]> }) {
  return (
    <>
      <h3>A new split has been proposed</h3>
      <p>
        {proposal.proposedBy} has proposed sharing the prize like this. It takes effect only when every member has
        accepted it; if anyone declines, the shares stay as they are.
      </p>
      <ResponsiveTable
        caption="The proposed split"
        columns={[
          { heading: "Member" },
          { heading: "Proposed share" },
          { heading: "Share now" },
          { heading: "Accepted" },
        ]}
        rows={proposal.rows.map((row) => ({
          key: row.userId,
          cells: [row.name, row.proposed, row.current, row.accepted ? "Yes" : "Not yet"],
        }))}
      />
      {proposal.viewerCanAnswer ? (
        <Form method="post" className="nhsuk-button-group">
          <input type="hidden" name="intent" value="answer-proposal" />
          <input type="hidden" name="proposalId" value={proposal.id} />
          <button type="submit" name="answer" value="accept" className="nhsuk-button">
            Accept this split
          </button>
          <button type="submit" name="answer" value="decline" className="nhsuk-button nhsuk-button--secondary">
            Decline it
          </button>
        </Form>
      ) : null}
    </>
  );
}

function ProposeForm({ award, failure }: { award: Award; failure: FormFailure | undefined }) {
  const members = award.shares.filter((share) => share.canHold);
  const groupError = failure?.errors[amountsField(award.id)];
  const groupErrorId = `${amountsField(award.id)}-error`;
  return (
    <details className="nhsuk-details" open={Boolean(failure)}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Share the prize differently</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>
          Unless your team agrees otherwise, the prize is split equally, with any odd pence going to the members who
          joined first. As captain you can propose a different split: every member must accept it before it takes
          effect, and a new proposal replaces one still waiting.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="propose-shares" />
          <input type="hidden" name="awardId" value={award.id} />
          <div className={`nhsuk-form-group${groupError ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={groupError ? groupErrorId : undefined}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                How much each member gets, adding up to {award.amount}
              </legend>
              {groupError ? (
                <span className="nhsuk-error-message" id={groupErrorId}>
                  <span className="nhsuk-u-visually-hidden">Error:</span> {groupError}
                </span>
              ) : null}
              {members.map((share, index) => {
                const name = amountField(share.id);
                // The first input also carries the id the whole split's error links to. That error comes
                // only once every amount reads as one, so no input has an error of its own then.
                const id = index === 0 && groupError ? amountsField(award.id) : name;
                const error = failure?.errors[name];
                const described = [error ? `${name}-error` : null, index === 0 && groupError ? groupErrorId : null]
                  .filter(Boolean)
                  .join(" ");
                return (
                  <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`} key={share.id}>
                    <label className="nhsuk-label" htmlFor={id}>
                      {share.isViewer ? `${share.name} (you)` : share.name}
                    </label>
                    {error ? (
                      <span className="nhsuk-error-message" id={`${name}-error`}>
                        <span className="nhsuk-u-visually-hidden">Error:</span> {error}
                      </span>
                    ) : null}
                    <div className="nhsuk-input-wrapper">
                      <div className="nhsuk-input-wrapper__prefix" aria-hidden="true">
                        £
                      </div>
                      <input
                        className={`nhsuk-input nhsuk-input--width-10${error ? " nhsuk-input--error" : ""}`}
                        id={id}
                        name={name}
                        type="text"
                        inputMode="decimal"
                        spellCheck={false}
                        defaultValue={failure?.values[name] ?? share.amountInput}
                        aria-describedby={described || undefined}
                      />
                    </div>
                  </div>
                );
              })}
            </fieldset>
          </div>
          <SubmitButton>Propose this split</SubmitButton>
        </Form>
      </div>
    </details>
  );
}
