import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { enforceRateLimit } from "~/auth/rate-limit.server";
import { ErrorSummary, Honeypot, SubmitButton, isFormFailure, EmailField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { forgotPasswordSchema } from "~/domain/accounts";
import { parseForm, rejectForm, readForm } from "~/forms.server";
import { requestPasswordReset } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Reset your password") }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(forgotPasswordSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  await enforceRateLimit("reset", context.clientIp, parsed.data.email);
  await requestPasswordReset(parsed.data.email);
  // The same answer whether or not the address has an account.
  return { sent: true as const };
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  const failure = isFormFailure(result) ? result : undefined;
  if (result && !failure) {
    return (
      <TwoThirds>
        <h1>Check your email</h1>
        <p>If the address you entered has an account, we have sent it a link to reset your password.</p>
        <p>The link works once and expires in 1 hour.</p>
      </TwoThirds>
    );
  }
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      <h1>Reset your password</h1>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <Form method="post" noValidate>
        <EmailField failure={failure} />
        <Honeypot />
        <SubmitButton>Send reset link</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
