import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { getConfig } from "~/config.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Check your email") }];

export async function loader() {
  // Without an email server, messages go to the server's log: say so, or nobody finds the link.
  return { emailIsLogged: !getConfig().SMTP_URL };
}

export default function CheckEmailPage() {
  const { emailIsLogged } = useLoaderData<typeof loader>();
  return (
    <TwoThirds>
      <h1>Check your email</h1>
      <p>
        We have sent an email to the address you entered. Select the link in it to confirm your address, then sign in.
      </p>
      <p>
        The link works once and expires in 48 hours. If the email has not arrived after a few minutes, check your junk
        folder.
      </p>
      {emailIsLogged ? (
        <InsetText>
          This platform has no email server set up, so emails are written to the server&apos;s log instead of being
          sent.
        </InsetText>
      ) : null}
      <p>
        <Link to="/login">Sign in</Link>
      </p>
    </TwoThirds>
  );
}
