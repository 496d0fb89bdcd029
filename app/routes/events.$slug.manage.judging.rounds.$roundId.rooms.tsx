// Where each entry pitches at the venue (a room or a table), so that assignment keeps judges in
// their own room where it can.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganiserOfRound } from "~/auth/guards.server";
import { ErrorSummary, SubmitButton, TextField } from "~/components/form";
import { TwoThirds, pageTitle } from "~/components/layout";
import { formError, formValues, readForm } from "~/forms.server";
import { optionalText } from "~/domain/fields";
import { MAX_ROOM_LENGTH, entryRooms, setEntryRooms } from "~/models/judging.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Rooms and tables") }];

const ROOM_PREFIX = "room-";
const roomText = optionalText("A room or table", MAX_ROOM_LENGTH);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId, ["shortlist", "final"]);
  const entries = await entryRooms(event, round.id);
  return {
    slug: event.slug,
    title: event.title,
    roundId: round.id,
    roundName: round.name,
    entries: entries.map((entry) => ({ id: entry.id, name: entry.title || entry.teamName, room: entry.room })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId, [
    "shortlist",
    "final",
  ]);
  const formData = await readForm(request);
  const rooms: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (!key.startsWith(ROOM_PREFIX) || typeof value !== "string") continue;
    // Control characters (a NUL byte cannot even be stored) are refused here; the model checks the length.
    const room = roomText.safeParse(value);
    if (!room.success) return formError(room.error.issues[0]!.message, formValues(formData), key);
    rooms[key.slice(ROOM_PREFIX.length)] = value;
  }
  const outcome = await setEntryRooms(user, event, round.id, rooms);
  if ("error" in outcome) return formError(outcome.error, formValues(formData), outcome.field);
  return redirect(`/events/${event.slug}/manage/judging/rounds/${round.id}?done=rooms`);
}

export default function RoomsPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/judging/rounds/${data.roundId}`}>
        Back to {data.roundName}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Rooms and tables for {data.roundName}</h1>
      <p>
        Say where each team pitches. When judges have a room too (on the judges page), assigning judges keeps each judge
        to entries in their room where it can. Leave a field empty for no room. Assign judges again after a change.
      </p>
      {data.entries.length === 0 ? (
        <p>The round has no entries yet.</p>
      ) : (
        <Form method="post" noValidate>
          {data.entries.map((entry) => (
            <TextField
              key={entry.id}
              name={`${ROOM_PREFIX}${entry.id}`}
              label={entry.name}
              width={20}
              failure={failure}
              defaultValue={entry.room}
            />
          ))}
          <SubmitButton>Save rooms and tables</SubmitButton>
        </Form>
      )}
    </TwoThirds>
  );
}
