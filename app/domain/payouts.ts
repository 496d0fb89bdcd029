// Where each share of prize money stands, and the sums finance reconciles. We keep statuses and
// payment references only: bank details are collected by finance through its own process.
import { formatPence, sumPence } from "./money";
import { isCalendarDate } from "./time";

export const PAYOUT_STATUSES = ["awaiting_details", "ready", "paid", "declined", "forfeited"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const PAYOUT_STATUS_NAMES: Record<PayoutStatus, string> = {
  awaiting_details: "Awaiting payee details",
  ready: "Ready to pay",
  paid: "Paid",
  declined: "Declined",
  forfeited: "Forfeited",
};

// The moves an organiser can make. Paid can go back to ready only to correct a mistake, with a
// reason; declined and forfeited can be undone the same way, to awaiting details.
const MOVES: Record<PayoutStatus, readonly PayoutStatus[]> = {
  awaiting_details: ["ready", "declined", "forfeited"],
  ready: ["awaiting_details", "paid", "declined", "forfeited"],
  paid: ["ready"],
  declined: ["awaiting_details"],
  forfeited: ["awaiting_details"],
};

export function nextPayoutStatuses(from: PayoutStatus): readonly PayoutStatus[] {
  return MOVES[from];
}

export interface PayoutChange {
  to: PayoutStatus;
  /** YYYY-MM-DD, for paid. */
  paidOn?: string;
  reference?: string;
  reason?: string;
}

/**
 * What is wrong with moving a share from one status to another, field by field; empty when the
 * move can be made. `today` (YYYY-MM-DD in the event's time zone) bounds the payment date.
 */
export function payoutChangeErrors(
  from: PayoutStatus,
  change: PayoutChange,
  today: string,
): Partial<Record<"to" | "paidOn" | "reference" | "reason", string>> {
  const errors: Partial<Record<"to" | "paidOn" | "reference" | "reason", string>> = {};
  if (change.to === from) errors.to = `This share is already ${PAYOUT_STATUS_NAMES[from].toLowerCase()}`;
  else if (!MOVES[from].includes(change.to)) {
    errors.to = `A share that is ${PAYOUT_STATUS_NAMES[from].toLowerCase()} cannot be marked ${PAYOUT_STATUS_NAMES[change.to].toLowerCase()}`;
  }
  if (change.to === "paid") {
    const paidOn = change.paidOn?.trim() ?? "";
    if (paidOn === "") errors.paidOn = "Enter the date the payment was made";
    else if (!isCalendarDate(paidOn)) errors.paidOn = "The payment date must be a real date";
    else if (paidOn > today) errors.paidOn = "The payment date must be today or in the past";
    if (!change.reference?.trim()) errors.reference = "Enter the payment reference from finance";
  }
  const undoing = from === "paid" || from === "declined" || from === "forfeited";
  if ((change.to === "declined" || change.to === "forfeited" || undoing) && !change.reason?.trim()) {
    errors.reason =
      change.to === "declined"
        ? "Enter why the share was declined"
        : change.to === "forfeited"
          ? "Enter why the share was forfeited"
          : "Enter why this is being corrected";
  }
  return errors;
}

export interface ShareMoney {
  amountPence: number;
  status: PayoutStatus;
}

export interface Reconciliation {
  /** The prize places' money. */
  fundPence: number;
  /** Given to teams in awards. */
  allocatedPence: number;
  paidPence: number;
  /** Declined or forfeited: allocated but never to be paid. */
  releasedPence: number;
  /** Allocated, still to pay: awaiting details or ready. */
  outstandingPence: number;
  /** Never allocated, or released. */
  unspentPence: number;
}

/** Fund, allocated, paid and outstanding money, which always balance: allocated = paid + released + outstanding. */
export function reconcile(fundPence: number, shares: readonly ShareMoney[]): Reconciliation {
  const total = (statuses: readonly PayoutStatus[]) =>
    sumPence(shares.filter((share) => statuses.includes(share.status)).map((share) => share.amountPence));
  const allocatedPence = sumPence(shares.map((share) => share.amountPence));
  const paidPence = total(["paid"]);
  const releasedPence = total(["declined", "forfeited"]);
  const outstandingPence = total(["awaiting_details", "ready"]);
  return {
    fundPence,
    allocatedPence,
    paidPence,
    releasedPence,
    outstandingPence,
    unspentPence: fundPence - allocatedPence + releasedPence,
  };
}

/** Adds up reconciliations (the events of a community). */
export function addReconciliations(parts: readonly Reconciliation[]): Reconciliation {
  const sum = (key: keyof Reconciliation) => sumPence(parts.map((part) => part[key]));
  return {
    fundPence: sum("fundPence"),
    allocatedPence: sum("allocatedPence"),
    paidPence: sum("paidPence"),
    releasedPence: sum("releasedPence"),
    outstandingPence: sum("outstandingPence"),
    unspentPence: sum("unspentPence"),
  };
}

/** A reconciliation's amounts as people read them ("£1,300"). */
export function formatReconciliation(money: Reconciliation) {
  return {
    fund: formatPence(money.fundPence),
    allocated: formatPence(money.allocatedPence),
    paid: formatPence(money.paidPence),
    released: formatPence(money.releasedPence),
    outstanding: formatPence(money.outstandingPence),
    unspent: formatPence(money.unspentPence),
  };
}
