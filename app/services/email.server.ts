// The one way to send email. A change that causes an email writes it to the outbox in the same
// transaction; the worker delivers it over SMTP (SMTP_URL) or, without SMTP, prints it to the log.
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { getConfig } from "~/config.server";
import { databaseUnavailableCode, getDb, type Queryable } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export async function enqueueEmail(db: Queryable, email: OutgoingEmail): Promise<void> {
  await db.insert(emailOutbox).values({ toAddress: email.to, subject: email.subject, textBody: email.text });
}

export interface MailTransport {
  name: "smtp" | "log";
  send(email: OutgoingEmail & { from: string }): Promise<void>;
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send(email) {
      await transporter.sendMail({ from: email.from, to: email.to, subject: email.subject, text: email.text });
    },
  };
}

export const logTransport: MailTransport = {
  name: "log",
  async send(email) {
    console.info(`[email] to ${email.to}: ${email.subject}\n${email.text}\n[end of email]`);
  },
};

export function configuredTransport(): MailTransport {
  const { SMTP_URL } = getConfig();
  return SMTP_URL ? smtpTransport(SMTP_URL) : logTransport;
}

export const MAX_ATTEMPTS = 8;
const CLAIM_BATCH = 20;
const CLAIM_LEASE_MS = 2 * 60 * 1000;

/** Wait before the next try: 30 s, 1 min, 2 min ... at most one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

/**
 * Claims due messages (skipping rows another instance holds), sends each, and records the result.
 * A message whose sender crashed mid-send is claimed again once its lease runs out.
 */
export async function deliverDueEmails(
  transport: MailTransport = configuredTransport(),
  now: Date = new Date(),
): Promise<{ sent: number; failed: number }> {
  const db = getDb();
  const from = getConfig().MAIL_FROM;
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      or(
        and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)),
        and(eq(emailOutbox.status, "sending"), lte(emailOutbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(emailOutbox.id))
    .limit(CLAIM_BATCH)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(emailOutbox)
    .set({
      status: "sending",
      attempts: sql`${emailOutbox.attempts} + 1`,
      lockedUntil: new Date(now.getTime() + CLAIM_LEASE_MS),
    })
    .where(inArray(emailOutbox.id, due))
    .returning();

  let sent = 0;
  let failed = 0;
  for (const message of claimed) {
    try {
      await transport.send({ from, to: message.toAddress, subject: message.subject, text: message.textBody });
      await db
        .update(emailOutbox)
        .set({ status: "sent", sentAt: new Date(), lockedUntil: null, lastError: null, transport: transport.name })
        .where(eq(emailOutbox.id, message.id));
      sent++;
    } catch (error) {
      failed++;
      const giveUp = message.attempts >= MAX_ATTEMPTS;
      await db
        .update(emailOutbox)
        .set({
          status: giveUp ? "failed" : "pending",
          lockedUntil: null,
          lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(message.attempts)),
        })
        .where(eq(emailOutbox.id, message.id));
      console.warn(`[email] delivery of message ${message.id} failed (attempt ${message.attempts}): ${String(error)}`);
    }
  }
  return { sent, failed };
}

/**
 * Polls the outbox until stopped. One per app instance; instances never send a message twice. A
 * round that fails (the database is down) is logged and the next one tries again: the worker never
 * stops, and a message claimed before the failure is claimed again when its lease runs out.
 */
export function startEmailWorker(intervalMs = getConfig().EMAIL_POLL_SECONDS * 1000): () => void {
  const transport = configuredTransport();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDueEmails(transport)
      .catch((error) =>
        databaseUnavailableCode(error)
          ? console.error(`[email] database unavailable (${databaseUnavailableCode(error)}), trying again shortly`)
          : console.error("[email] worker error", error),
      )
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** For the administrators' mailbox page outside production: newest first. */
export async function recentEmails(limit = 100) {
  return getDb()
    .select()
    .from(emailOutbox)
    .orderBy(sql`${emailOutbox.id} desc`)
    .limit(limit);
}
