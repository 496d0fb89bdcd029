// Confirms an email address. The link opens a page with a button rather than confirming on GET,
// because mail scanners open links in emails before the person does.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { verifyEmail } from "~/models/users.server";
import { readForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Confirm your email address") }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const token = formData.get("token");
  const user = typeof token === "string" && token.length <= 200 ? await verifyEmail(token) : null;
  if (!user) return { invalid: true };
  return redirect("/login?verified=1");
}

export default function VerifyEmailPage() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.invalid || !token) {
    return (
      <TwoThirds>
        <h1>This link has expired or has already been used</h1>
        <p>
          If you have already confirmed your address, <Link to="/login">sign in</Link>. Otherwise, sign in with your
          email address and password and we will send you a new link.
        </p>
      </TwoThirds>
    );
  }
  return (
    <TwoThirds>
      <h1>Confirm your email address</h1>
      <p>Confirm this address to finish creating your account.</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <SubmitButton>Confirm email address</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
