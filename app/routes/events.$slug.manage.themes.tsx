// Themes: the clinical problem statements teams choose from.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { AddOrChangeForm, BackToOverview, EditableCard } from "~/components/manage";
import { optionalText, requiredText } from "~/domain/fields";
import { formError, parseForm, rejectForm, readForm } from "~/forms.server";
import { getCall, removeTheme, saveTheme } from "~/models/events.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Themes") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganiserOfEvent(request, params.slug);
  const { event, themes } = (await getCall(params.slug!))!;
  const url = new URL(request.url);
  const editing = themes.find((theme) => theme.id === url.searchParams.get("theme")) ?? null;
  return { slug: event.slug, themes, editing, done: url.searchParams.get("done") };
}

const themeFields = {
  title: requiredText("Theme title", 200),
  description: optionalText("Description", 5000),
  proposedBy: optionalText("Proposed by", 200),
};

const themeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), ...themeFields }),
  z.object({ intent: z.literal("change"), themeId: z.string().uuid(), ...themeFields }),
  z.object({ intent: z.literal("remove"), themeId: z.string().uuid() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const parsed = parseForm(themeSchema, await readForm(request));
  if (!parsed.ok) return rejectForm(parsed.failure);
  const here = `/events/${event.slug}/manage/themes`;
  const input = parsed.data;
  if (input.intent === "remove") {
    if (!(await removeTheme(user, event, input.themeId))) return formError("That theme has already been removed", {});
    return redirect(`${here}?done=removed`);
  }
  const theme = { title: input.title, description: input.description, proposedBy: input.proposedBy };
  const saved = await saveTheme(user, event, theme, input.intent === "change" ? input.themeId : undefined);
  if (!saved) return formError("That theme has been removed", {});
  return redirect(`${here}?done=saved`);
}

export default function ThemesPage() {
  const { slug, themes, editing, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <BackToOverview slug={slug} />
      <ErrorSummary errors={failure?.errors} />
      {done && !failure ? (
        <InsetText>{done === "removed" ? "The theme has been removed." : "The theme has been saved."}</InsetText>
      ) : null}
      <h1>Themes</h1>
      <p>Clinical problem statements that teams can choose to work on. Each can name who proposed it.</p>
      {themes.length === 0 ? <p>No themes yet.</p> : null}
      {themes.map((theme) => (
        <EditableCard
          key={theme.id}
          heading={theme.title}
          changeTo={`?theme=${theme.id}#title`}
          removeFields={{ intent: "remove", themeId: theme.id }}
        >
          {theme.description ? <p className="nhsuk-card__description">{theme.description}</p> : null}
          {theme.proposedBy ? <p className="nhsuk-body-s">Proposed by {theme.proposedBy}</p> : null}
        </EditableCard>
      ))}
      <h2>{editing ? `Change “${editing.title}”` : "Add a theme"}</h2>
      <AddOrChangeForm idField="themeId" editingId={editing?.id}>
        <TextField
          name="title"
          label="Theme title"
          hint="For example: Reducing missed appointments in respiratory clinics."
          failure={failure}
          defaultValue={editing?.title}
        />
        <TextArea
          name="description"
          label="Description"
          hint="The problem, who has it and why it matters."
          failure={failure}
          defaultValue={editing?.description}
          rows={4}
        />
        <TextField
          name="proposedBy"
          label="Proposed by"
          hint="For example: a respiratory nurse at Bradford Teaching Hospitals."
          failure={failure}
          defaultValue={editing?.proposedBy}
        />
        <SubmitButton>{editing ? "Save theme" : "Add theme"}</SubmitButton>
      </AddOrChangeForm>
    </TwoThirds>
  );
}
