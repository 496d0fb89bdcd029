// How a model says no: a change refused with a message (and the form field it is about), thrown
// inside a transaction so that everything already written is undone, and handed back to the
// route as a plain value, never as an exception.
import { inTransaction, type Transaction } from "~/db/client.server";

export interface Refusal {
  error: string;
  field?: string;
}

class Refused extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function refuse(message: string, field?: string): never {
  throw new Refused(message, field);
}

/**
 * Runs `work` in a transaction; a refusal inside it rolls everything back and is returned. A
 * transaction that loses a race (deadlock, serialisation failure) is run again (inTransaction).
 */
export async function refusable<T extends object>(work: (tx: Transaction) => Promise<T>): Promise<T | Refusal> {
  try {
    return await inTransaction(work);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return error.field ? { error: error.message, field: error.field } : { error: error.message };
  }
}
