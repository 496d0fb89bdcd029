// Creating a community; its organisers are added on its own page afterwards.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { CommunityDetailsFields } from "~/components/community-form";
import { ErrorSummary, SubmitButton } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { SLUG_TAKEN, communityDetailsSchema } from "~/domain/communities";
import { formError, formValues, parseForm, rejectForm, withSuggestedSlug, readForm } from "~/forms.server";
import { createCommunity } from "~/models/communities.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Create a community") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const formData = withSuggestedSlug(await readForm(request), "name");
  const parsed = parseForm(communityDetailsSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const result = await createCommunity(admin, parsed.data);
  if (!result.ok) return formError(SLUG_TAKEN, formValues(formData), "slug");
  return redirect(`/admin/communities/${result.community.slug}`);
}

export default function NewCommunityPage() {
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to="/admin/communities">
        Back to communities
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <h1>Create a community</h1>
      <p>After you create it, you can add its organisers. They create and run the community's events.</p>
      <Form method="post" noValidate>
        <CommunityDetailsFields failure={failure} />
        <SubmitButton>Create community</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
