// One share of prize money moved on: ready to pay, paid (with the date and finance's payment
// reference), declined or forfeited (with a reason), or a mistake corrected (with a reason).
// Only the moves the share's status allows are offered; the model checks them again.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, Radios, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import type { Event } from "~/db/schema";
import { ordinal } from "~/domain/calls";
import { optionalText } from "~/domain/fields";
import { formatPence } from "~/domain/money";
import {
  PAYOUT_STATUSES,
  PAYOUT_STATUS_NAMES,
  nextPayoutStatuses,
  payoutChangeErrors,
  type PayoutStatus,
} from "~/domain/payouts";
import { toLocalParts } from "~/domain/time";
import { formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { allocationState, changePayout, payouts } from "~/models/prizes.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Change a payout") }];

const NO_SHARE = "There is no share of prize money at this address.";
const isUuid = (value: unknown): value is string => z.string().uuid().safeParse(value).success;

/** The share at this address, among the event's own: any other answers 404. */
async function shareOf(event: Event, shareId: string | undefined) {
  if (!isUuid(shareId)) notFound(NO_SHARE);
  const share = (await payouts(event)).find((row) => row.id === shareId);
  if (!share) notFound(NO_SHARE);
  return share;
}

/** Today in the event's time zone, as a date input and the payout rules take it. */
function today(event: Event): string {
  return toLocalParts(new Date(), event.timeZone).date;
}

const HINTS: Record<PayoutStatus, string> = {
  awaiting_details: "Finance is still waiting for the payee's details.",
  ready: "Finance has what it needs and can pay.",
  paid: "Enter the date it was paid and finance's payment reference below.",
  declined: "The winner has turned the money down. Enter why below.",
  forfeited: "The money can no longer be paid, for example the winner never replied. Enter why below.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const share = await shareOf(event, params.shareId);
  const next = nextPayoutStatuses(share.status);
  const correcting = share.status === "paid" || share.status === "declined" || share.status === "forfeited";
  return {
    slug: event.slug,
    title: event.title,
    approved: (await allocationState(event)).status === "approved",
    share: {
      id: share.id,
      version: share.version,
      prize: `${share.categoryName}, ${ordinal(share.place)} place`,
      teamName: share.teamName,
      name: share.name,
      email: share.email,
      payee: share.payeeKind === "organisation" ? `${share.organisationName} (chosen by ${share.name})` : share.name,
      amount: formatPence(share.amountPence),
      status: PAYOUT_STATUS_NAMES[share.status],
      reference: share.paymentReference,
      paidOn: share.paidOn,
      reason: share.statusReason,
    },
    choices: next.map((status) => ({
      value: status,
      label: correcting ? `${PAYOUT_STATUS_NAMES[status]} (correct a mistake)` : PAYOUT_STATUS_NAMES[status],
      hint: HINTS[status],
    })),
    asksPayment: next.includes("paid"),
    asksReason: correcting || next.includes("declined") || next.includes("forfeited"),
    today: today(event),
  };
}

const changeSchema = z.object({
  to: z.enum(PAYOUT_STATUSES, { errorMap: () => ({ message: "Choose what has happened to this share" }) }),
  paidOn: z.string().trim().max(20, "The payment date must be a real date").optional().default(""),
  reference: optionalText("The payment reference", 200),
  reason: optionalText("The reason", 2000),
  version: z
    .string()
    .optional()
    .transform((value) => (value && /^\d{1,9}$/.test(value) ? Number(value) : -1)),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const share = await shareOf(event, params.shareId);
  const formData = await readForm(request);
  const parsed = parseForm(changeSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const values = formValues(formData);
  const { to, paidOn, reference, reason, version } = parsed.data;
  const change = { to, paidOn, reference, reason };
  const day = today(event);
  // Every field's problem at once; the model checks again in its transaction.
  const errors = payoutChangeErrors(share.status, change, day);
  if (Object.keys(errors).length > 0) return rejectForm({ errors, values });
  const outcome = await changePayout(user, event, share.id, { ...change, version }, day);
  if ("error" in outcome) {
    return rejectForm({ errors: { [outcome.field ?? "_form"]: outcome.error }, values });
  }
  return redirect(`/events/${event.slug}/manage/prize-money/payouts?done=changed`);
}

export default function ChangePayoutPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { share } = data;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/prize-money/payouts`}>
        Back to payouts
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Change a payout</h1>
      <SummaryList
        rows={[
          { key: "Prize", value: share.prize },
          { key: "Team", value: share.teamName },
          { key: "Member", value: share.email ? `${share.name} (${share.email})` : share.name },
          { key: "Payee", value: share.payee },
          { key: "Amount", value: share.amount },
          { key: "Status", value: share.status },
          ...(share.reference ? [{ key: "Payment reference", value: share.reference }] : []),
          ...(share.paidOn ? [{ key: "Paid on", value: share.paidOn }] : []),
          ...(share.reason ? [{ key: "Reason", value: share.reason }] : []),
        ]}
      />
      <InsetText>
        Never enter bank details here. The finance team collects them from the winner through its own process; we keep
        only the status and the payment reference.
      </InsetText>
      {data.approved ? (
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={share.version} />
          <Radios name="to" legend="What has happened to this share?" choices={data.choices} failure={failure} />
          {data.asksPayment ? (
            <>
              <TextField
                name="paidOn"
                label="Date paid"
                hint="Only when you mark it paid. Today or earlier."
                type="date"
                width={10}
                failure={failure}
                defaultValue={data.today}
              />
              <TextField
                name="reference"
                label="Payment reference"
                hint="Only when you mark it paid: the reference from finance, for example BACS-0042."
                width={20}
                failure={failure}
              />
            </>
          ) : null}
          {data.asksReason ? (
            <TextArea
              name="reason"
              label="Reason"
              hint="Needed when the share is declined or forfeited, or when you correct a mistake. It is kept in the audit log."
              failure={failure}
              rows={3}
            />
          ) : null}
          <SubmitButton>Save payout</SubmitButton>
        </Form>
      ) : (
        <p>Payouts start once the allocation is approved.</p>
      )}
    </TwoThirds>
  );
}
