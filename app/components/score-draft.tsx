// Keeps a judge's unsaved scores on their device: a draft in localStorage as they type, put back when they
// return to the page, and a save made without a connection held until the connection returns. Only an
// enhancement: without JavaScript the scoring form is a plain form post and none of this runs.
import { useEffect, useState, useSyncExternalStore, type RefObject } from "react";

const VERSION_FIELD = "version";
/** How often to ask the server whether it can be reached when the device believes it is online but nothing answers. */
const PROBE_INTERVAL_MS = 10_000;

interface Draft {
  /** The saved version the judge was typing on top of. */
  baseVersion: number;
  /** When they last typed, in the device's clock. */
  typedAt: number;
  fields: [string, string][];
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== "object" || value === null) return false;
  const draft = value as Partial<Draft>;
  return (
    typeof draft.baseVersion === "number" &&
    typeof draft.typedAt === "number" &&
    Array.isArray(draft.fields) &&
    draft.fields.every((pair) => Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string")
  );
}

// Storage can be missing or full (private browsing, quotas): the draft is a convenience, so failures are quiet.
function readDraft(key: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function clearDraft(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}

function fieldsOf(form: HTMLFormElement): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of new FormData(form)) {
    if (name !== VERSION_FIELD && typeof value === "string") fields.push([name, value]);
  }
  return fields.sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0])));
}

function versionOf(form: HTMLFormElement): number {
  const input = form.elements.namedItem(VERSION_FIELD);
  return input instanceof HTMLInputElement ? Number(input.value) || 0 : 0;
}

function writeDraft(key: string, form: HTMLFormElement): void {
  const draft: Draft = { baseVersion: versionOf(form), typedAt: Date.now(), fields: fieldsOf(form) };
  try {
    window.localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // No room on the device: the form itself still holds what was typed.
  }
}

/** Puts a draft's values into the form, with the version it was typed on so a stale draft is noticed on saving. */
function applyDraft(form: HTMLFormElement, draft: Draft): void {
  const values = new Map(draft.fields);
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLInputElement) {
      if (element.name === VERSION_FIELD) element.value = String(draft.baseVersion);
      else if (element.type === "radio" || element.type === "checkbox") {
        element.checked = values.get(element.name) === element.value;
      }
    } else if (element instanceof HTMLTextAreaElement) {
      element.value = values.get(element.name) ?? "";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A save waiting for the connection, shared between the route's clientAction and the page.

let waitingForConnection = false;
const waitingListeners = new Set<() => void>();

function setWaiting(waiting: boolean) {
  waitingForConnection = waiting;
  for (const listener of waitingListeners) listener();
}

function subscribeWaiting(listener: () => void) {
  waitingListeners.add(listener);
  return () => {
    waitingListeners.delete(listener);
  };
}

/** The draft of the scoring form on the page now, cleared once its save has gone through. */
let activeDraftKey: string | null = null;

/** Resolves when the connection seems to be back: the `online` event, or the server answering a probe. */
function connectionBack(signal: AbortSignal): Promise<void> {
  setWaiting(true);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = () => {
      settled = true;
      window.removeEventListener("online", onOnline);
      window.clearInterval(timer);
      signal.removeEventListener("abort", onAbort);
      setWaiting(false);
    };
    const onOnline = () => {
      if (settled) return;
      finish();
      resolve();
    };
    const onAbort = () => {
      if (settled) return;
      finish();
      reject(signal.reason);
    };
    // A connection that answers nothing while the device believes it is online fires no event.
    const timer = window.setInterval(() => {
      if (!navigator.onLine) return;
      fetch("/healthz", { cache: "no-store" }).then(
        (response) => {
          if (response.ok) onOnline();
        },
        () => {},
      );
    }, PROBE_INTERVAL_MS);
    window.addEventListener("online", onOnline);
    signal.addEventListener("abort", onAbort);
  });
}

/**
 * The scoring page's clientAction: sends the form now, or when the connection returns. A save that went
 * through (a redirect) clears the draft. When the post itself fails for want of a network, the form cannot be
 * sent again from here (its body is spent), so this waits for the connection and asks the page to send it
 * again: safe, since the server stores a repeated identical save once.
 */
export async function sendScores<T>(request: Request, send: () => Promise<T>): Promise<T | { resend: true }> {
  const key = activeDraftKey;
  if (!navigator.onLine) await connectionBack(request.signal);
  try {
    return await send();
  } catch (error) {
    if (error instanceof Response) {
      if (key && error.status >= 300 && error.status < 400) clearDraft(key);
      throw error;
    }
    // fetch rejects with a TypeError when there is no network; anything else is a real error.
    if (!(error instanceof TypeError)) throw error;
    await connectionBack(request.signal);
    return { resend: true };
  }
}

/**
 * Keeps the form's draft as the judge types and, when `restore` (the page was not just answered with errors,
 * whose form already shows what was typed), puts back a draft that is newer than the saved sheet: one typed
 * on top of the saved version, or one typed after a later save elsewhere (which keeps its old version, so the
 * server shows both rather than overwrite).
 */
export function useScoreDraft(
  formRef: RefObject<HTMLFormElement>,
  options: { storageKey: string; savedVersion: number; savedAt: string | null; restore: boolean },
) {
  const { storageKey, savedVersion, savedAt, restore } = options;
  const [restored, setRestored] = useState(false);
  const [offline, setOffline] = useState(false);
  const waiting = useSyncExternalStore(
    subscribeWaiting,
    () => waitingForConnection,
    () => false,
  );

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    activeDraftKey = storageKey;
    const draft = readDraft(storageKey);
    if (restore && draft) {
      const savedTime = savedAt ? Date.parse(savedAt) : 0;
      const newer =
        draft.baseVersion === savedVersion || (draft.baseVersion < savedVersion && draft.typedAt > savedTime);
      if (newer && JSON.stringify(draft.fields) !== JSON.stringify(fieldsOf(form))) {
        applyDraft(form, draft);
        setRestored(true);
      } else {
        clearDraft(storageKey);
      }
    } else if (!restore) {
      // The judge has seen the answer (errors, or the saved scores beside theirs): what they typed now stands
      // on the version the form carries.
      writeDraft(storageKey, form);
    }
    const keep = () => writeDraft(storageKey, form);
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    return () => {
      form.removeEventListener("input", keep);
      form.removeEventListener("change", keep);
      if (activeDraftKey === storageKey) activeDraftKey = null;
    };
  }, [formRef, storageKey, savedVersion, savedAt, restore]);

  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);

  return { restored, offline, waiting };
}

/** What the draft and the connection mean for the judge, in a region that screen readers announce. */
export function DraftNotices({ restored, offline, waiting }: ReturnType<typeof useScoreDraft>) {
  return (
    <div aria-live="polite">
      {waiting ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Not sent yet
            </span>
          </h3>
          <p>You are offline. Your scores are kept on this device and will be sent when the connection returns.</p>
        </div>
      ) : offline ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            You are offline. What you enter is kept on this device. Select &lsquo;Save scores&rsquo; and your scores
            will be sent when the connection returns.
          </p>
        </div>
      ) : null}
      {restored && !waiting ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            We have put back the scores you entered on this device but had not saved. Select &lsquo;Save scores&rsquo;
            to save them.
          </p>
        </div>
      ) : null}
    </div>
  );
}
