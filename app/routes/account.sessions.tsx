import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSession } from "~/auth/guards.server";
import { clearedSessionCookieFor, endOtherSessions, endUserSession, listUserSessions } from "~/auth/session.server";
import { DEFAULT_TIME_ZONE, formatInstant } from "~/domain/time";
import { InsetText, pageTitle } from "~/components/layout";
import { ResponsiveTable, RowAction } from "~/components/table";
import { describeUserAgent } from "~/domain/user-agent";
import { readForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Where you are signed in") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session: current } = await requireSession(request);
  const sessions = await listUserSessions(user.id);
  return {
    passwordChanged: new URL(request.url).searchParams.has("passwordChanged"),
    sessions: sessions.map((session) => ({
      id: session.id,
      device: describeUserAgent(session.userAgent),
      signedInAt: formatInstant(session.createdAt, DEFAULT_TIME_ZONE),
      lastActiveAt: formatInstant(session.lastActiveAt, DEFAULT_TIME_ZONE),
      isCurrent: session.id === current.id,
    })),
  };
}

const endSessionSchema = z.discriminatedUnion("intent", [
  // A session id as newSessionToken makes it: anything else (a NUL byte, say) never reaches the database.
  z.object({ intent: z.literal("end"), sessionId: z.string().regex(/^[a-z2-7]{24}$/) }),
  z.object({ intent: z.literal("end-others") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, session: current } = await requireSession(request);
  const parsed = endSessionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return redirect("/account/sessions");
  if (parsed.data.intent === "end-others") {
    await endOtherSessions(user.id, current.id);
    return redirect("/account/sessions");
  }
  // Scoped by the user: ending someone else's session id does nothing.
  await endUserSession(user.id, parsed.data.sessionId);
  if (parsed.data.sessionId === current.id) {
    return redirect("/login", { headers: { "Set-Cookie": clearedSessionCookieFor(request) } });
  }
  return redirect("/account/sessions");
}

export default function SessionsPage() {
  const { sessions, passwordChanged } = useLoaderData<typeof loader>();
  return (
    <>
      {passwordChanged ? (
        <InsetText>Your password has been changed and your other sessions have been ended.</InsetText>
      ) : null}
      <h1>Where you are signed in</h1>
      <p>If you do not recognise a device, end its session and change your password.</p>
      <ResponsiveTable
        caption="Your sessions"
        columns={[
          { heading: "Device" },
          { heading: "Signed in" },
          { heading: "Last active" },
          { heading: "Action", visuallyHidden: true },
        ]}
        rows={sessions.map((session) => ({
          key: session.id,
          cells: [
            <>
              {session.device}
              {session.isCurrent ? (
                <strong className="nhsuk-tag nhsuk-tag--green nhsuk-u-margin-left-2">This device</strong>
              ) : null}
            </>,
            session.signedInAt,
            session.lastActiveAt,
            <RowAction
              fields={{ intent: "end", sessionId: session.id }}
              label={session.isCurrent ? "Sign out here" : "End session"}
              context={`on ${session.device}, last active ${session.lastActiveAt}`}
            />,
          ],
        }))}
      />
      {sessions.length > 1 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-others" />
          <button type="submit" className="nhsuk-button nhsuk-button--warning">
            Sign out everywhere else
          </button>
        </Form>
      ) : null}
    </>
  );
}
