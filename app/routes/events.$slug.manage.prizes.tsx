// Prize categories with their amounts per place, in exact pence, and the prize fund they make.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, Radios, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, TwoThirds, pageTitle } from "~/components/layout";
import { AddOrChangeForm, BackToOverview, EditableCard } from "~/components/manage";
import { ordinal, prizeFundPence } from "~/domain/calls";
import { checkbox, optionalText, requiredText, wholeNumber } from "~/domain/fields";
import { formatPence } from "~/domain/money";
import { MAX_PLACES, placeField, readPlaceAmounts } from "~/domain/prize-form";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { getCall, removePrizeCategory, savePrizeCategory, updateEvent } from "~/models/events.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Prizes") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganiserOfEvent(request, params.slug);
  const { event, prizes, themes } = (await getCall(params.slug!))!;
  const url = new URL(request.url);
  const editing = prizes.find((prize) => prize.id === url.searchParams.get("category")) ?? null;
  return {
    slug: event.slug,
    noPrizes: event.noPrizes,
    done: url.searchParams.get("done"),
    fund: formatPence(prizeFundPence(prizes)),
    themes: themes.map((theme) => ({ id: theme.id, title: theme.title })),
    prizes: prizes.map((prize) => ({
      id: prize.id,
      name: prize.name,
      description: prize.description,
      sponsor: prize.sponsor,
      supportMonths: prize.supportMonths,
      themeTitle: prize.themeTitle,
      places: prize.placesPence.map((pence, index) => `${ordinal(index + 1)}: ${formatPence(pence)}`),
    })),
    editing: editing
      ? {
          id: editing.id,
          name: editing.name,
          description: editing.description,
          sponsor: editing.sponsor,
          supportMonths: String(editing.supportMonths),
          themeId: editing.themeId ?? "",
          amounts: editing.placesPence.map((pence) => (pence / 100).toFixed(2)),
        }
      : null,
  };
}

const categoryFields = {
  name: requiredText("Prize name", 120),
  description: optionalText("Description", 2000),
  sponsor: optionalText("Sponsor", 200),
  supportMonths: wholeNumber("Months of follow-on support", 0, 60),
  themeId: z
    .string()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || z.string().uuid().safeParse(value).success, "Select a theme from the list"),
};

const prizeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), ...categoryFields }),
  z.object({ intent: z.literal("change"), categoryId: z.string().uuid(), ...categoryFields }),
  z.object({ intent: z.literal("remove"), categoryId: z.string().uuid() }),
  z.object({ intent: z.literal("no-prizes"), noPrizes: checkbox }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(prizeSchema, formData);
  const here = `/events/${event.slug}/manage/prizes`;
  const values = formValues(formData);
  const isCategoryForm = values.intent === "add" || values.intent === "change";
  const amounts = isCategoryForm ? readPlaceAmounts(values) : { placesPence: [], errors: {} };
  if (!parsed.ok || Object.keys(amounts.errors).length > 0) {
    return rejectForm({ errors: { ...(parsed.ok ? {} : parsed.failure.errors), ...amounts.errors }, values });
  }
  const input = parsed.data;
  switch (input.intent) {
    case "remove": {
      const outcome = await removePrizeCategory(user, event, input.categoryId);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`${here}?done=removed`);
    }
    case "no-prizes":
      await updateEvent(user, event.id, { noPrizes: input.noPrizes });
      return redirect(`${here}?done=saved`);
    case "add":
    case "change": {
      const { intent, ...fields } = input;
      const saved = await savePrizeCategory(
        user,
        event,
        { ...fields, placesPence: amounts.placesPence },
        intent === "change" ? input.categoryId : undefined,
      );
      if ("error" in saved) return formError(saved.error, values);
      return redirect(`${here}?done=saved`);
    }
  }
}

export default function PrizesPage() {
  const { slug, prizes, themes, editing, fund, noPrizes, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <BackToOverview slug={slug} />
      <ErrorSummary errors={failure?.errors} />
      {done && !failure ? (
        <InsetText>{done === "removed" ? "The prize has been removed." : "Your changes have been saved."}</InsetText>
      ) : null}
      <h1>Prizes</h1>
      <p>
        Total prize fund: <strong>{fund}</strong>
      </p>
      {prizes.map((prize) => (
        <EditableCard
          key={prize.id}
          heading={prize.name}
          changeTo={`?category=${prize.id}#name`}
          removeFields={{ intent: "remove", categoryId: prize.id }}
        >
          {prize.description ? <p>{prize.description}</p> : null}
          <ul className="nhsuk-list">
            {prize.places.map((place) => (
              <li key={place}>{place}</li>
            ))}
          </ul>
          <p className="nhsuk-body-s">
            {prize.themeTitle ? `Only for entries on “${prize.themeTitle}”. ` : "Open to every entry. "}
            {prize.sponsor ? `Sponsored by ${prize.sponsor}. ` : ""}
            {prize.supportMonths > 0
              ? `Brings ${prize.supportMonths} months of follow-on support.`
              : "No follow-on support."}
          </p>
        </EditableCard>
      ))}

      <h2>{editing ? `Change “${editing.name}”` : "Add a prize category"}</h2>
      <AddOrChangeForm idField="categoryId" editingId={editing?.id}>
        <TextField
          name="name"
          label="Prize name"
          hint="For example: Overall winner, Best clinical impact, People's choice."
          failure={failure}
          defaultValue={editing?.name}
        />
        <TextArea
          name="description"
          label="Description"
          failure={failure}
          defaultValue={editing?.description}
          rows={3}
        />
        {Array.from({ length: MAX_PLACES }, (_, index) => (
          <TextField
            key={index}
            name={placeField(index + 1)}
            label={`${ordinal(index + 1)} place, in pounds`}
            hint={index === 0 ? "For example 1,000 or 250.50. Leave later places blank if there are none." : undefined}
            inputMode="decimal"
            width={10}
            failure={failure}
            defaultValue={editing?.amounts[index]}
          />
        ))}
        <Radios
          name="themeId"
          legend="Which entries can win it?"
          choices={[
            { value: "", label: "Any entry" },
            ...themes.map((theme) => ({ value: theme.id, label: `Only entries on “${theme.title}”` })),
          ]}
          failure={failure}
          defaultValue={editing?.themeId ?? ""}
        />
        <TextField name="sponsor" label="Sponsor" hint="Optional." failure={failure} defaultValue={editing?.sponsor} />
        <TextField
          name="supportMonths"
          label="Months of follow-on support"
          hint="The technical support the winners receive afterwards. Usually 12."
          inputMode="numeric"
          width={3}
          failure={failure}
          defaultValue={editing?.supportMonths ?? "12"}
        />
        <SubmitButton>{editing ? "Save prize" : "Add prize"}</SubmitButton>
      </AddOrChangeForm>

      <h2>No prizes</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="no-prizes" />
        <Checkbox
          name="noPrizes"
          label="This event has no prizes"
          hint="Tick this to publish a call without prize categories."
          defaultChecked={noPrizes}
        />
        <SubmitButton secondary>Save</SubmitButton>
      </Form>
    </TwoThirds>
  );
}
