import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isCommonPassword } from "~/auth/passwords.server";
import { enforceRateLimit } from "~/auth/rate-limit.server";
import { ErrorSummary, SubmitButton, NewPasswordField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { resetPasswordSchema } from "~/domain/accounts";
import { formError, parseForm, rejectForm, readForm } from "~/forms.server";
import { isResetTokenUsable, resetPassword } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Choose a new password") }];

// The token is in this page's address: never send it onwards in a Referer.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer" });

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const usable = /^[a-z2-7]{48}$/.test(token) && (await isResetTokenUsable(token));
  return { token: usable ? token : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(resetPasswordSchema(isCommonPassword), formData, { hide: ["password"] });
  if (!parsed.ok) return rejectForm(parsed.failure);
  await enforceRateLimit("reset", context.clientIp);
  if (!(await resetPassword(parsed.data.token, parsed.data.password))) {
    return formError("This link has expired or has already been used. Ask for a new one", { token: parsed.data.token });
  }
  return redirect("/login?reset=1");
}

export default function ResetPasswordPage() {
  const { token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  if (!token) {
    return (
      <TwoThirds>
        <h1>This link has expired or has already been used</h1>
        <p>
          Reset links work once and expire after 1 hour. <Link to="/forgot-password">Ask for a new link</Link>.
        </p>
      </TwoThirds>
    );
  }
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      <h1>Choose a new password</h1>
      <p>Changing your password signs you out on every device.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="token" value={token} />
        <NewPasswordField name="password" label="New password" failure={failure} />
        <SubmitButton>Change password</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
