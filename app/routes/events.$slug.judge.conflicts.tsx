// A judge tells the organisers they have a conflict of interest with a team. The team's entry leaves their
// queue at once and goes to another judge.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireEventRole, requireVisibleEvent } from "~/auth/guards.server";
import { ErrorSummary, Select, SubmitButton, TextArea } from "~/components/form";
import { InsetText, SummaryList, TwoThirds, pageTitle } from "~/components/layout";
import { optionalText } from "~/domain/fields";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { teamsAtEvent } from "~/models/judging.server";
import { declareConflict, declaredConflicts } from "~/models/scoring.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Declare a conflict of interest – ${data.title}` : "Declare a conflict of interest") },
];

async function judgeAt(request: Request, slug: string | undefined) {
  const { event } = await requireVisibleEvent(request, slug);
  const { user } = await requireEventRole(request, event, ["judge"]);
  return { event, user };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, user } = await judgeAt(request, params.slug);
  const [teams, declared] = await Promise.all([teamsAtEvent(event), declaredConflicts(user, event)]);
  const declaredIds = new Set(declared.map((conflict) => conflict.teamId));
  const done = new URL(request.url).searchParams.get("declared");
  return {
    slug: event.slug,
    title: event.title,
    teams: teams.filter((team) => !declaredIds.has(team.id)).map((team) => ({ value: team.id, label: team.name })),
    declared: declared.map((conflict) => ({
      teamId: conflict.teamId,
      teamName: conflict.teamName,
      note: conflict.note,
      declaredAt: formatInstant(conflict.createdAt, event.timeZone),
    })),
    justDeclared: done ? (declared.find((conflict) => conflict.teamId === done)?.teamName ?? null) : null,
  };
}

const conflictSchema = z.object({
  team: z.string({ required_error: "Choose the team" }).uuid("Choose the team"),
  note: optionalText("Your note", 1000),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, user } = await judgeAt(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(conflictSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome = await declareConflict(user, event, parsed.data.team, parsed.data.note);
  if ("error" in outcome) return formError(outcome.error, formValues(formData), outcome.field);
  return redirect(`/events/${event.slug}/judge/conflicts?declared=${parsed.data.team}`);
}

export default function DeclareConflictPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/judge`}>
        Back to your entries
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {!failure && data.justDeclared ? (
        <InsetText>
          We have recorded your conflict of interest with {data.justDeclared}. You will not be asked to score their
          entry. If it was in your list, it has gone to another judge and the organisers have been told.
        </InsetText>
      ) : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Declare a conflict of interest</h1>
      <p>
        Tell us about any team you cannot judge fairly: you know someone in it, you work with them or for the same
        organisation, or you have a stake in what they built. You will not see or score their entry, and we will ask
        another judge to score it.
      </p>
      <p>
        We already keep you away from teams whose members share your organisation or your work email domain, so you only
        need to tell us about other conflicts.
      </p>
      {data.teams.length === 0 ? (
        <p>There are no other teams at this event to declare a conflict with.</p>
      ) : (
        <Form method="post" noValidate>
          <Select
            name="team"
            label="Team"
            options={[{ value: "", label: "Choose a team" }, ...data.teams]}
            failure={failure}
          />
          <TextArea
            name="note"
            label="Why you have a conflict (optional)"
            hint="For example: 'I supervise one of the team members'. Only the organisers see this."
            rows={3}
            failure={failure}
          />
          <SubmitButton>Declare the conflict</SubmitButton>
        </Form>
      )}
      {data.declared.length > 0 ? (
        <>
          <h2>Conflicts you have declared</h2>
          <SummaryList
            rows={data.declared.map((conflict) => ({
              key: conflict.teamName,
              value: `${conflict.note || "No note"} (declared on ${conflict.declaredAt})`,
            }))}
          />
          <p>If you declared one by mistake, ask the organisers to remove it.</p>
        </>
      ) : null}
    </TwoThirds>
  );
}
