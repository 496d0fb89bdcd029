import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { pageTitle } from "~/components/layout";
import { getConfig } from "~/config.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Administration") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { mailboxAvailable: getConfig().NODE_ENV !== "production" };
}

export default function AdminPage() {
  const { mailboxAvailable } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Administration</h1>
      <ul className="nhsuk-list">
        <li>
          <Link to="/admin/communities">Communities</Link>
        </li>
        <li>
          <Link to="/admin/users">People and administrators</Link>
        </li>
        <li>
          <Link to="/admin/support-report">Follow-on support across every event</Link>
        </li>
        {mailboxAvailable ? (
          <li>
            <Link to="/admin/mailbox">Mailbox: emails the platform has written</Link>
          </li>
        ) : null}
      </ul>
    </>
  );
}
