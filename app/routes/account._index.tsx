import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { TwoThirds, pageTitle, SummaryList } from "~/components/layout";
import { isFirstRunOffered } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Your account") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    email: user.email,
    isAdmin: user.isAdmin,
    firstRunOffered: await isFirstRunOffered(user.id),
  };
}

export default function AccountPage() {
  const account = useLoaderData<typeof loader>();
  return (
    <TwoThirds>
      <h1>Your account</h1>
      <SummaryList
        rows={[
          { key: "Name", value: account.name },
          { key: "Email address", value: account.email },
          { key: "Platform role", value: account.isAdmin ? "Administrator" : "Member" },
        ]}
      />
      {account.firstRunOffered ? (
        <p>
          <Link to="/setup">Finish setting up the platform</Link>
        </p>
      ) : null}
      <ul className="nhsuk-list">
        <li>
          <Link to="/account/password">Change your password</Link>
        </li>
        <li>
          <Link to="/account/sessions">Where you are signed in</Link>
        </li>
      </ul>
    </TwoThirds>
  );
}
