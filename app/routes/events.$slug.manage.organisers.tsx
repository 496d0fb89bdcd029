// The event's own organisers, besides its community's: added by email, removed, audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/form";
import { InsetText, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { RoleHolders } from "~/components/role-holders";
import { DEFAULT_TIME_ZONE, formatInstant } from "~/domain/time";
import { formError, parseForm, rejectForm, readForm } from "~/forms.server";
import { applyRoleAction, roleActionSchemas, roleHolders } from "~/models/invitations.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Organisers") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, community } = await requireOrganiserOfEvent(request, params.slug);
  const { people, invitations } = await roleHolders({ eventId: event.id }, "organiser");
  return {
    slug: event.slug,
    title: event.title,
    community: community.name,
    people,
    invitations: invitations.map((invitation) => ({
      ...invitation,
      createdAt: formatInstant(invitation.createdAt, DEFAULT_TIME_ZONE),
    })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const organiserActionSchema = z.discriminatedUnion("intent", roleActionSchemas);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const parsed = parseForm(organiserActionSchema, await readForm(request));
  if (!parsed.ok) return rejectForm(parsed.failure);
  if (parsed.data.intent === "remove" && parsed.data.userId === user.id) {
    return formError("You cannot remove yourself. Ask another organiser to do it", {});
  }
  const outcome = await applyRoleAction(user, parsed.data, "organiser", { eventId: event.id });
  if ("error" in outcome) return formError(outcome.error, {});
  return redirect(`/events/${event.slug}/manage/organisers?done=${outcome.done}`);
}

const confirmations: Record<string, string> = {
  granted: "They are now an organiser of this event. We have emailed them to say so.",
  invited:
    "We have emailed them an invitation. They become an organiser when they create an account with that address.",
  already: "They are already an organiser of this event.",
  removed: "They are no longer an organiser of this event.",
  cancelled: "The invitation has been cancelled.",
};

export default function EventOrganisersPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  return (
    <>
      <BackToOverview slug={data.slug} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <ErrorSummary errors={failure?.errors} />
      <h1>Organisers of {data.title}</h1>
      <p>
        The organisers of {data.community} organise all of its events. Here you can add organisers for this event only.
      </p>
      <RoleHolders
        roleName="organiser"
        placeName={data.title}
        people={data.people}
        invitations={data.invitations}
        failure={failure}
      />
    </>
  );
}
