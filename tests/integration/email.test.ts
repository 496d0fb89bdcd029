import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import { deliverDueEmails, enqueueEmail, smtpTransport, type MailTransport } from "~/services/email.server";

interface Received {
  to: string[];
  raw: string;
}

async function startSmtp(options: { refuseFirst: number }) {
  const received: Received[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals < options.refuseFirst) {
          refusals++;
          const error = new Error("Mailbox busy, try later") as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("email outbox", () => {
  it("delivers to a real SMTP server on loopback and marks the message sent", async () => {
    const smtp = await startSmtp({ refuseFirst: 0 });
    cleanup = smtp.close;
    await enqueueEmail(getDb(), { to: "judge@example.org", subject: "You are invited to judge", text: "Hello" });
    const result = await deliverDueEmails(smtpTransport(smtp.url));
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(["judge@example.org"]);
    expect(smtp.received[0]!.raw).toContain("Subject: You are invited to judge");
    const [row] = await getDb().select().from(emailOutbox);
    expect(row).toMatchObject({ status: "sent", attempts: 1, transport: "smtp" });
  });

  it("retries with back-off after the server refused once", async () => {
    const smtp = await startSmtp({ refuseFirst: 1 });
    cleanup = smtp.close;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await enqueueEmail(getDb(), { to: "nurse@example.org", subject: "Reset your password", text: "Link" });
    const transport = smtpTransport(smtp.url);

    const first = await deliverDueEmails(transport);
    expect(first).toEqual({ sent: 0, failed: 1 });
    let [row] = await getDb().select().from(emailOutbox);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toMatch(/451/);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/delivery of message \d+ failed \(attempt 1\)/));
    const delay = row!.nextAttemptAt.getTime() - Date.now();
    expect(delay).toBeGreaterThan(20_000);

    // Not due yet: nothing is sent before the back-off has passed.
    expect(await deliverDueEmails(transport)).toEqual({ sent: 0, failed: 0 });

    const later = new Date(row!.nextAttemptAt.getTime() + 1000);
    expect(await deliverDueEmails(transport, later)).toEqual({ sent: 1, failed: 0 });
    [row] = await getDb().select().from(emailOutbox);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.received).toHaveLength(1);
  });

  it("gives up after the last attempt and keeps the message as failed", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const failing: MailTransport = {
      name: "smtp",
      send: async () => {
        throw new Error("connection refused");
      },
    };
    await enqueueEmail(getDb(), { to: "x@example.org", subject: "s", text: "t" });
    await getDb().update(emailOutbox).set({ attempts: 7 });
    await deliverDueEmails(failing);
    const [row] = await getDb().select().from(emailOutbox);
    expect(row).toMatchObject({ status: "failed", attempts: 8, lastError: "connection refused" });
  });
});
