// Checking people in at the venue, on an organiser's phone: find a name, press one big button.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, TextField } from "~/components/form";
import { InsetText, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { roleLabel } from "~/domain/participants";
import { checkInTime, searchQuery } from "~/domain/registration";
import { formError, parseForm, rejectForm, readForm } from "~/forms.server";
import { checkInList, registrationCounts, setCheckedIn } from "~/models/registrations.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Check-in") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const url = new URL(request.url);
  const q = searchQuery.parse(url.searchParams.get("q") ?? undefined);
  const [people, counts] = await Promise.all([checkInList(event.id, q), registrationCounts(event.id)]);
  return {
    slug: event.slug,
    title: event.title,
    q,
    done: url.searchParams.get("done"),
    checkedIn: counts.checkedIn,
    registered: counts.registered,
    people: people.map((person) => ({
      id: person.id,
      name: person.name,
      about: [roleLabel(person.professionalRole), person.organisation].filter(Boolean).join(", "),
      checkedIn: person.checkedInAt ? checkInTime(person.checkedInAt, event.timeZone) : null,
    })),
  };
}

const checkInSchema = z.object({
  intent: z.enum(["check-in", "undo"], { errorMap: () => ({ message: "Choose Check in or Undo" }) }),
  registrationId: z.string({ required_error: "Choose a person from the list" }).uuid("Choose a person from the list"),
  q: searchQuery,
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const parsed = parseForm(checkInSchema, await readForm(request));
  if (!parsed.ok) return rejectForm(parsed.failure);
  const { intent, registrationId, q } = parsed.data;
  const outcome = await setCheckedIn(user, event, registrationId, intent === "check-in");
  if ("error" in outcome) return formError(outcome.error, {});
  // Back to the same search, so the next person can be found from where the organiser was.
  const search = new URLSearchParams({ ...(q ? { q } : {}), done: outcome.done });
  return redirect(`/events/${event.slug}/manage/check-in?${search}`);
}

const confirmations: Record<string, string> = {
  "checked-in": "Checked in.",
  "check-in-undone": "Check-in undone.",
};

export default function CheckInPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  // The search box shows the address's search: empty again after "Show everyone".
  const location = useLocation();
  return (
    <>
      <BackToOverview slug={data.slug} />
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <h1>Check-in</h1>
      <p>
        {data.checkedIn} of {data.registered} people with a place at {data.title} are checked in.
      </p>
      <Form method="get" role="search" key={location.search}>
        <TextField name="q" label="Find a person by name" defaultValue={data.q} autoComplete="off" spellCheck={false} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Search
        </button>
      </Form>
      {data.q ? (
        <p>
          <Link to=".">Show everyone</Link>
        </p>
      ) : null}
      {data.people.length === 0 ? (
        <p>{data.q ? `No one with a place has a name containing “${data.q}”.` : "No one has a place yet."}</p>
      ) : (
        <ul className="nhsuk-list">
          {data.people.map((person) => (
            <li key={person.id}>
              <div className="nhsuk-card nhsuk-u-margin-bottom-3">
                <div className="nhsuk-card__content">
                  <h2 className="nhsuk-card__heading nhsuk-heading-s">{person.name}</h2>
                  <p className="nhsuk-body-s">{person.about}</p>
                  <Form method="post">
                    <input type="hidden" name="registrationId" value={person.id} />
                    <input type="hidden" name="q" value={data.q} />
                    {person.checkedIn ? (
                      <>
                        <p>
                          <strong>Checked in at {person.checkedIn}</strong>
                        </p>
                        <input type="hidden" name="intent" value="undo" />
                        <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0">
                          Undo<span className="nhsuk-u-visually-hidden"> check-in for {person.name}</span>
                        </button>
                      </>
                    ) : (
                      <>
                        <input type="hidden" name="intent" value="check-in" />
                        <button type="submit" className="nhsuk-button nhsuk-u-margin-bottom-0">
                          Check in<span className="nhsuk-u-visually-hidden"> {person.name}</span>
                        </button>
                      </>
                    )}
                  </Form>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
