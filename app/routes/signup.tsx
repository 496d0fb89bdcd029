import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { isCommonPassword } from "~/auth/passwords.server";
import { enforceRateLimit } from "~/auth/rate-limit.server";
import { requireAnonymous } from "~/auth/guards.server";
import { ErrorSummary, Honeypot, SubmitButton, TextField, NewPasswordField, EmailField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { signUpSchema } from "~/domain/accounts";
import { parseForm, rejectForm, readForm } from "~/forms.server";
import { signUp } from "~/models/users.server";

export const meta: MetaFunction<typeof loader, Record<string, never>> = () => [
  { title: pageTitle("Create an account") },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  const parsed = parseForm(signUpSchema(isCommonPassword), formData, { hide: ["password"] });
  if (!parsed.ok) return rejectForm(parsed.failure);
  await enforceRateLimit("signUp", context.clientIp, parsed.data.email);
  await signUp(parsed.data);
  return redirect("/check-email");
}

export default function SignUpPage() {
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      <h1>Create an account</h1>
      <p>
        One account works for every event: to enter, judge, mentor or organise. Already have one?{" "}
        <Link to="/login">Sign in</Link>.
      </p>
      <Form method="post" noValidate>
        <TextField name="name" label="Full name" autoComplete="name" failure={failure} spellCheck={false} />
        <EmailField hint="We will send a link to this address to confirm it is yours." failure={failure} />
        <NewPasswordField name="password" label="Password" failure={failure} />
        <Honeypot />
        <SubmitButton>Create account</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
