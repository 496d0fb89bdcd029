// Starting a call for entry: a draft that only its organisers see until it is published.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { forbidden, requireUser } from "~/auth/guards.server";
import { ErrorSummary, Radios, SubmitButton, TextField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { KindRadios } from "~/components/manage";
import { requiredText, slugField } from "~/domain/fields";
import { formError, formValues, parseForm, rejectForm, withSuggestedSlug, readForm } from "~/forms.server";
import { communitiesOrganisedBy } from "~/models/communities.server";
import { createDraftEvent } from "~/models/events.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Create an event") }];

async function organisableCommunities(request: Request) {
  const user = await requireUser(request);
  const communities = await communitiesOrganisedBy(user.id, { isAdmin: user.isAdmin });
  if (communities.length === 0) forbidden("You need to be an organiser of a community to create an event.");
  return { user, communities };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { communities } = await organisableCommunities(request);
  return { communities: communities.map((community) => ({ value: community.id, label: community.name })) };
}

const newEventSchema = z.object({
  communityId: z
    .string({ required_error: "Select the community that runs the event" })
    .uuid("Select the community that runs the event"),
  kind: z.enum(["hackday", "challenge"], { errorMap: () => ({ message: "Select the kind of event" }) }),
  title: requiredText("Title", 120),
  slug: slugField("Web address name"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, communities } = await organisableCommunities(request);
  const formData = withSuggestedSlug(await readForm(request), "title");
  const parsed = parseForm(newEventSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  if (!communities.some((community) => community.id === parsed.data.communityId)) {
    return formError("Select a community you organise", formValues(formData), "communityId");
  }
  const created = await createDraftEvent(user, parsed.data);
  if (created === "slug-taken")
    return formError("Web address name is already used by another event", formValues(formData), "slug");
  return redirect(`/events/${created.slug}/manage`);
}

export default function NewEventPage() {
  const { communities } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to="/organise">
        Back to your events
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <h1>Create an event</h1>
      <p>
        You start with a draft that only organisers can see. You can fill in the call and publish it when it is ready.
      </p>
      <Form method="post" noValidate>
        <Radios
          name="communityId"
          legend="Which community runs it?"
          choices={communities}
          failure={failure}
          defaultValue={communities.length === 1 ? communities[0]!.value : undefined}
        />
        <KindRadios failure={failure} />
        <TextField name="title" label="Title" hint="For example: Leeds NHS Hack Day 2027." failure={failure} />
        <TextField
          name="slug"
          label="Web address name (optional)"
          hint="The end of the call's web address, like leeds-hack-day-2027. Leave it blank to make one from the title."
          failure={failure}
          spellCheck={false}
        />
        <SubmitButton>Create draft</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
