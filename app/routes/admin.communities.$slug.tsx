// One community, for administrators: who organises it, and its details.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireAdmin } from "~/auth/guards.server";
import { DEFAULT_TIME_ZONE, formatInstant } from "~/domain/time";
import { ErrorSummary, SubmitButton } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { formError, formValues, parseForm, rejectForm, withSuggestedSlug, readForm } from "~/forms.server";
import { getCommunityBySlug, updateCommunity } from "~/models/communities.server";
import { applyRoleAction, roleActionSchemas, roleHolders } from "~/models/invitations.server";
import { RoleHolders } from "~/components/role-holders";
import { CommunityDetailsFields } from "~/components/community-form";
import { SLUG_TAKEN, communityDetailsSchema } from "~/domain/communities";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data?.community.name ?? "Community") },
];

async function communityFrom(params: { slug?: string }) {
  return (await getCommunityBySlug(params.slug ?? "")) ?? notFound("There is no community at this address.");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const community = await communityFrom(params);
  const { people, invitations } = await roleHolders({ communityId: community.id }, "community_organiser");
  return {
    community: {
      name: community.name,
      slug: community.slug,
      kind: community.kind,
      description: community.description,
      website: community.website,
    },
    organisers: people,
    invitations: invitations.map((invitation) => ({
      ...invitation,
      createdAt: formatInstant(invitation.createdAt, DEFAULT_TIME_ZONE),
    })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const communityActionSchema = z.discriminatedUnion("intent", [
  communityDetailsSchema.extend({ intent: z.literal("details") }),
  ...roleActionSchemas,
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const community = await communityFrom(params);
  const here = `/admin/communities/${community.slug}`;
  const scope = { communityId: community.id };
  const formData = withSuggestedSlug(await readForm(request), "name");
  const parsed = parseForm(communityActionSchema, formData);
  if (!parsed.ok) {
    // The row buttons post ids this page wrote: a bad one means a stale or altered page, and
    // there is no field to point at.
    const { errors } = parsed.failure;
    if (errors.intent || errors.userId || errors.invitationId) {
      return formError("Choose an organiser or an invitation from the list", {});
    }
    return rejectForm(parsed.failure);
  }
  const form = parsed.data;
  switch (form.intent) {
    case "details": {
      const { intent: _intent, ...details } = form;
      const result = await updateCommunity(admin, community.id, details);
      if (!result.ok && result.reason === "slug-taken") return formError(SLUG_TAKEN, formValues(formData), "slug");
      if (!result.ok) notFound("There is no community at this address.");
      return redirect(`/admin/communities/${result.community.slug}?done=saved`);
    }
    default: {
      const outcome = await applyRoleAction(admin, form, "community_organiser", scope);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`${here}?done=${outcome.done}`);
    }
  }
}

const confirmations = {
  saved: "The community's details have been saved.",
  granted: "They are now an organiser of this community. We have emailed them to say so.",
  invited:
    "We have emailed them an invitation. They will become an organiser when they create an account with that address and confirm it.",
  already: "They are already an organiser of this community.",
  removed: "They are no longer an organiser of this community.",
  cancelled: "The invitation has been cancelled.",
} as const;

function confirmationFor(done: string | null): string | null {
  return done !== null && Object.hasOwn(confirmations, done) ? confirmations[done as keyof typeof confirmations] : null;
}

export default function CommunityPage() {
  const { community, organisers, invitations, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  // Both forms are on this page: each shows again only what was typed into it.
  const detailsFailure = failure?.values.intent === "details" ? failure : undefined;
  const confirmation = failure ? null : confirmationFor(done);
  return (
    <>
      <Link className="nhsuk-back-link" to="/admin/communities">
        Back to communities
      </Link>
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <ErrorSummary errors={failure?.errors} />
      <h1>{community.name}</h1>

      <h2>Organisers</h2>
      <p>Organisers create this community's events and run them: calls, entries, judging and prizes.</p>
      <RoleHolders
        roleName="organiser"
        placeName={community.name}
        people={organisers}
        invitations={invitations}
        failure={failure}
      />

      <TwoThirds>
        <h2>Community details</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="details" />
          <CommunityDetailsFields failure={detailsFailure} community={community} />
          <SubmitButton>Save details</SubmitButton>
        </Form>
      </TwoThirds>
    </>
  );
}
