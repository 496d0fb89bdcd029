// Choosing a final's entries from the shortlist's results, best first.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfRound } from "~/auth/guards.server";
import { CheckboxGroup, ErrorSummary, SubmitButton } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { finalistChoices, setFinalists } from "~/models/judging.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Choose the finalists") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId, ["final"]);
  const choices = (await finalistChoices(event, round.id))!;
  const ranked = choices.results?.ranked ?? [];
  const unranked = choices.results?.unranked ?? [];
  return {
    slug: event.slug,
    title: event.title,
    roundId: round.id,
    roundName: round.name,
    locked: round.status === "locked",
    shortlist: choices.shortlist ? { id: choices.shortlist.id, name: choices.shortlist.name } : null,
    basis: choices.results?.basis ?? "normalised",
    choices: [
      ...ranked.map((entry) => ({
        value: entry.submissionId,
        label: `${entry.rank}. ${entry.title} (${entry.teamName}): ${(choices.results?.basis === "raw" ? entry.raw : entry.normalised).toFixed(1)}${entry.overlapsAbove ? ", cannot be told apart from the entry above" : ""}`,
      })),
      ...unranked.map((entry) => ({
        value: entry.submissionId,
        label: `${entry.title} (${entry.teamName}): not scored`,
      })),
    ],
    chosen: choices.chosen,
  };
}

const finalistsSchema = z.object({
  finalists: z.array(z.string().uuid("Choose finalists from the list")).min(1, "Choose at least one finalist"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId, ["final"]);
  const formData = await readForm(request);
  const parsed = parseForm(finalistsSchema, formData, { lists: ["finalists"] });
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome = await setFinalists(user, event, round.id, parsed.data.finalists);
  if ("error" in outcome) return formError(outcome.error, formValues(formData, [], ["finalists"]), "finalists");
  return redirect(`/events/${event.slug}/manage/judging/rounds/${round.id}?done=finalists`);
}

export default function FinalistsPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/judging/rounds/${data.roundId}`}>
        Back to {data.roundName}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Choose the finalists for {data.roundName}</h1>
      {data.locked ? (
        <p>{data.roundName} is locked, so its finalists cannot change.</p>
      ) : data.choices.length === 0 ? (
        <p>There is no shortlist with entries to choose from yet.</p>
      ) : (
        <>
          {data.shortlist ? (
            <p>
              Entries are listed in the order of the{" "}
              <Link to={`/events/${data.slug}/manage/judging/rounds/${data.shortlist.id}/results`}>
                results of {data.shortlist.name}
              </Link>
              , ranked by {data.basis === "raw" ? "raw" : "normalised"} scores.
            </p>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="finalists" value="" />
            <CheckboxGroup
              name="finalists"
              legend="Finalists"
              hint="Every judge scores every finalist. Where entries cannot be told apart, consider taking both through."
              choices={data.choices}
              failure={failure}
              defaultValues={data.chosen}
            />
            <SubmitButton>Save finalists</SubmitButton>
          </Form>
        </>
      )}
    </TwoThirds>
  );
}
