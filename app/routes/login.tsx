import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAnonymous, safeRedirectPath } from "~/auth/guards.server";
import { enforceRateLimit } from "~/auth/rate-limit.server";
import { createSession, sessionCookieFor } from "~/auth/session.server";
import { ErrorSummary, Honeypot, SubmitButton, TextField, EmailField } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { signInSchema } from "~/domain/accounts";
import { formError, parseForm, rejectForm, readForm } from "~/forms.server";
import { authenticate, resendVerification } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Sign in") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const url = new URL(request.url);
  return {
    redirectTo: safeRedirectPath(url.searchParams.get("redirectTo")),
    notice: url.searchParams.has("verified")
      ? "Your email address is confirmed. You can now sign in."
      : url.searchParams.has("reset")
        ? "Your password has been changed. Sign in with your new password."
        : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  const parsed = parseForm(signInSchema, formData, { hide: ["password"] });
  if (!parsed.ok) return rejectForm(parsed.failure);
  const { email, password } = parsed.data;
  await enforceRateLimit("signIn", context.clientIp, email);
  const values = { email, redirectTo: parsed.data.redirectTo ?? "" };
  const user = await authenticate(email, password);
  if (!user) return formError("Enter a correct email address and password", values, "email");
  if (!user.emailVerifiedAt) {
    await resendVerification(user);
    return formError(
      "Confirm your email address before you sign in. We have sent you a new link: check your email",
      values,
      "email",
    );
  }
  // A new session at every sign-in: a token planted before sign-in is never promoted.
  const { token } = await createSession(user.id, {
    userAgent: request.headers.get("User-Agent") ?? "",
    ipAddress: context.clientIp,
  });
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": sessionCookieFor(request, token) },
  });
}

export default function SignInPage() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      {notice && !failure ? <InsetText>{notice}</InsetText> : null}
      <h1>Sign in</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={failure?.values.redirectTo ?? redirectTo} />
        <EmailField failure={failure} />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" failure={failure} />
        <Honeypot />
        <SubmitButton>Sign in</SubmitButton>
      </Form>
      <p>
        <Link to="/forgot-password">Forgotten your password?</Link>
      </p>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </TwoThirds>
  );
}
