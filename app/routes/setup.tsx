// First run: on a new platform the very first account is offered the administrator role.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, getUser, requireUser } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { formError } from "~/forms.server";
import { claimFirstRunAdministrator, countUsers, hasAdministrator, isFirstRunOffered } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Set up the platform") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user) {
    if ((await countUsers()) > 0) throw redirect("/login?redirectTo=/setup");
    return { state: "no-accounts" as const };
  }
  if (await isFirstRunOffered(user.id)) return { state: "offered" as const };
  if (await hasAdministrator()) throw redirect("/");
  return forbidden("The administrator role is offered only to the first account on a new platform.");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!(await claimFirstRunAdministrator(user.id))) {
    return formError("The administrator role has already been taken or is not offered to this account", {});
  }
  return redirect("/admin");
}

export default function SetupPage() {
  const { state } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      <h1>Set up the platform</h1>
      {state === "no-accounts" ? (
        <>
          <p>
            This platform is new and has no accounts yet. The first account to be created can become its administrator.
          </p>
          <p>
            <Link to="/signup">Create the first account</Link>, confirm your email address, sign in and come back to
            this page.
          </p>
        </>
      ) : (
        <>
          <p>Yours is the first account on this platform. You can become its administrator.</p>
          <p>Administrators create communities, name their organisers and can make other people administrators.</p>
          <Form method="post">
            <SubmitButton>Become the administrator</SubmitButton>
          </Form>
        </>
      )}
    </TwoThirds>
  );
}
