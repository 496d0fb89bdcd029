// The emails the platform has written, for administrators of a platform without an email
// server (the embedded default). Not available in production, where real mail is sent.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound, requireAdmin } from "~/auth/guards.server";
import { DEFAULT_TIME_ZONE, formatInstant } from "~/domain/time";
import { pageTitle } from "~/components/layout";
import { getConfig } from "~/config.server";
import { recentEmails } from "~/services/email.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Mailbox") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  if (getConfig().NODE_ENV === "production") notFound();
  const emails = await recentEmails();
  return {
    emails: emails.map((email) => ({
      id: email.id,
      to: email.toAddress,
      subject: email.subject,
      text: email.textBody,
      status: email.status,
      createdAt: formatInstant(email.createdAt, DEFAULT_TIME_ZONE),
    })),
  };
}

export default function MailboxPage() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Mailbox</h1>
      <p>The latest 100 emails the platform has written, newest first.</p>
      {emails.length === 0 ? <p>No emails yet.</p> : null}
      {emails.map((email) => (
        <div className="nhsuk-card" key={email.id}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-m">{email.subject}</h2>
            <p className="nhsuk-body-s">
              To {email.to}, {email.createdAt} ({email.status})
            </p>
            <pre className="nhsuk-body-s app-email-body">{email.text}</pre>
          </div>
        </div>
      ))}
    </>
  );
}
