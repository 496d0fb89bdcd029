// People's Choice: a registered participant votes for one entry, not their own team's.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { ErrorSummary, Radios, SubmitButton } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { ballot, castVote } from "~/models/votes.server";

export const meta: MetaFunction = () => [{ title: pageTitle("People's Choice") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  return {
    slug: event.slug,
    title: event.title,
    ballot: await ballot(event, user.id),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const schema = z.object({
  submissionId: z.string({ required_error: "Choose the entry you vote for" }).uuid("Choose an entry from the list"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome = await castVote(user, event, parsed.data.submissionId);
  if ("error" in outcome) return formError(outcome.error, formValues(formData), outcome.field);
  return redirect(`/events/${event.slug}/vote?done=voted`);
}

export default function VotePage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { ballot } = data;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to {data.title}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {!failure && data.done === "voted" ? (
        <InsetText>Your vote has been counted. You can change it while voting is open.</InsetText>
      ) : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>People's Choice</h1>
      {!ballot ? (
        <p>Voting is not open.</p>
      ) : !ballot.registered ? (
        <p>Only people registered for this event can vote.</p>
      ) : (
        <Form method="post" noValidate>
          <Radios
            name="submissionId"
            legend={`Which entry gets your vote in ${ballot.round.name}?`}
            hint="One vote each. You cannot vote for your own team."
            choices={ballot.entries
              .filter((entry) => !entry.ownTeam)
              .map((entry) => ({
                value: entry.id,
                label: entry.title || entry.teamName,
                hint: [entry.teamName, entry.summary].filter(Boolean).join(": "),
              }))}
            failure={failure}
            defaultValue={ballot.votedFor ?? undefined}
          />
          <SubmitButton>{ballot.votedFor ? "Change my vote" : "Vote"}</SubmitButton>
        </Form>
      )}
    </TwoThirds>
  );
}
