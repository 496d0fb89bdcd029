// A team's invite link: shows the team, and joins it on a click (never on opening the link, which
// email scanners and link previews do too).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { notFound, requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SubmitButton } from "~/components/form";
import { InsetText, TwoThirds, pageTitle, SummaryList } from "~/components/layout";
import { INVITE_LINK_WRONG } from "~/domain/teams";
import { formError } from "~/forms.server";
import { inviteLinkPreview, joinByInviteCode } from "~/models/teams.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Join ${data.team.name}` : "Invite link") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const preview = await inviteLinkPreview(event, params.code ?? "", user.id);
  if (!preview) notFound(INVITE_LINK_WRONG);
  return { slug: event.slug, title: event.title, team: preview.team, refusal: preview.refusal };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const outcome = await joinByInviteCode(user, event, params.code ?? "");
  if ("error" in outcome) return formError(outcome.error, {});
  return redirect(`/events/${event.slug}/team?done=joined`);
}

// A refused join (the team filled up, or the link was renewed, since the page opened) shows the
// team as it is now: without this, the page would still offer Join beside the refusal, since a
// refused form does not reload the page's data by default.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod ? true : defaultShouldRevalidate;

export default function JoinTeamPage() {
  const { slug, title, team, refusal } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{title}</span>
      <h1>Join {team.name}</h1>
      <SummaryList
        rows={[
          { key: "Theme", value: team.themeTitle ?? "No theme chosen" },
          { key: "Pitch", value: team.pitch || "No pitch yet" },
          {
            key: "Size",
            value: (
              <>
                {team.size} of {team.max} members
              </>
            ),
          },
        ]}
      />
      {refusal ? (
        <>
          <InsetText>{refusal}</InsetText>
          <p>
            <Link to={`/events/${slug}/team`}>Go to your team page</Link>
          </p>
        </>
      ) : (
        <Form method="post">
          <SubmitButton>Join {team.name}</SubmitButton>
        </Form>
      )}
    </TwoThirds>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: (error) => {
          const message = (error.data as { message?: string } | null)?.message ?? INVITE_LINK_WRONG;
          // Messages for forms have no full stop; this one is shown as a sentence on its own.
          return (
            <>
              <h1>This invite link does not work</h1>
              <p>{message.endsWith(".") ? message : `${message}.`}</p>
            </>
          );
        },
      }}
    />
  );
}
