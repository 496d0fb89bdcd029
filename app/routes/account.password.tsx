import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { isCommonPassword } from "~/auth/passwords.server";
import { requireSession, requireUser } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField, NewPasswordField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { changePasswordSchema } from "~/domain/accounts";
import { formError, parseForm, rejectForm, readForm } from "~/forms.server";
import { changePassword } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Change your password") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireSession(request);
  const formData = await readForm(request);
  const parsed = parseForm(changePasswordSchema(isCommonPassword), formData, {
    hide: ["currentPassword", "newPassword"],
  });
  if (!parsed.ok) return rejectForm(parsed.failure);
  const changed = await changePassword(user, session.id, parsed.data.currentPassword, parsed.data.newPassword);
  if (!changed) return formError("Your current password is not correct", {}, "currentPassword");
  return redirect("/account/sessions?passwordChanged=1");
}

export default function ChangePasswordPage() {
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      <h1>Change your password</h1>
      <p>You stay signed in here; every other device where you are signed in is signed out.</p>
      <Form method="post" noValidate>
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          failure={failure}
        />
        <NewPasswordField name="newPassword" label="New password" failure={failure} />
        <SubmitButton>Change password</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
