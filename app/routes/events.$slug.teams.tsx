// The teams board: people looking for a team and teams with room, filtered by role and skill,
// where captains invite people and people ask to join. Only for those taking part.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { forbidden, requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { ErrorSummary, Select, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, pageTitle } from "~/components/layout";
import { RowAction } from "~/components/table";
import { optionalText } from "~/domain/fields";
import { PROFESSIONAL_ROLES, ROLE_VALUES, roleLabel } from "~/domain/participants";
import { REQUEST_MESSAGE_MAX, SKILL_FILTER_MAX, teamChangesRefusal } from "~/domain/teams";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { getOwnRegistration } from "~/models/registrations.server";
import { askToJoin, inviteToTeam, teamBoard } from "~/models/teams.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Find a team") }];

// A filter typed into the address bar that makes no sense is ignored rather than refused.
const boardQuerySchema = z.object({
  role: z.enum(ROLE_VALUES).nullable().catch(null),
  skill: z.string().trim().max(SKILL_FILTER_MAX).catch(""),
  ask: z.string().uuid().nullable().catch(null),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event, canManage } = await requireVisibleEvent(request, params.slug);
  const status = (await getOwnRegistration(event.id, user.id))?.registration.status;
  if (status !== "registered" && !canManage) {
    forbidden(
      status === "waitlisted"
        ? "You are on the waiting list for this event. You can find a team once you have a place."
        : "The teams board is for people taking part. Register for this event first.",
    );
  }
  const url = new URL(request.url);
  const query = boardQuerySchema.parse(Object.fromEntries(url.searchParams));
  const board = await teamBoard(event, user.id, { role: query.role, skill: query.skill });
  return {
    slug: event.slug,
    title: event.title,
    filter: { role: query.role ?? "", skill: query.skill },
    ask: query.ask,
    closed: teamChangesRefusal(event.status, event, new Date()),
    viewer: board.viewer,
    people: board.people.map((person) => ({ ...person, role: roleLabel(person.role) })),
    teams: board.teams.map((team) => ({ ...team, rolesWanted: team.rolesWanted.map(roleLabel) })),
    done: url.searchParams.get("done"),
  };
}

const boardActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), userId: z.string().uuid() }),
  z.object({
    intent: z.literal("ask-to-join"),
    teamId: z.string().uuid(),
    message: optionalText("Message to the captain", REQUEST_MESSAGE_MAX),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(boardActionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const input = parsed.data;
  const outcome =
    input.intent === "invite"
      ? await inviteToTeam(user, event, input.userId)
      : await askToJoin(user, event, input.teamId, input.message);
  if ("error" in outcome) return formError(outcome.error, formValues(formData));
  return redirect(`/events/${event.slug}/teams?done=${input.intent}`);
}

const confirmations: Record<string, string> = {
  invite: "We have emailed them your invitation. They can accept it on their team page.",
  "ask-to-join": "We have sent your request to the team's captain. You will get an email when they answer.",
};

export default function TeamsBoardPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const canAsk = data.viewer.registered && data.viewer.currentTeamId === null && !data.closed;
  const canInvite = data.viewer.captainOf !== null && !data.closed;
  // The team being asked: from the card's link, or from the form just sent back with an error.
  const asking = data.teams.find((team) => team.id === (failure?.values.teamId ?? data.ask));
  // The filters show the address's filters: after "Clear the filters" or going back, not what was last typed.
  const location = useLocation();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/team`}>
        Back to your team
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Find a team</h1>
      {data.closed ? <InsetText>{data.closed}</InsetText> : null}

      {asking && canAsk ? (
        <div className="nhsuk-card" id="ask">
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading">Ask to join {asking.name}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="ask-to-join" />
              <input type="hidden" name="teamId" value={asking.id} />
              <TextArea
                name="message"
                label="Message to the captain (optional)"
                hint="What you would bring to the team. The captain sees it with your name and role."
                failure={failure}
                rows={3}
              />
              <SubmitButton>Send the request</SubmitButton>
            </Form>
            <p>
              <Link to={`/events/${data.slug}/teams`}>Cancel</Link>
            </p>
          </div>
        </div>
      ) : null}

      <Form method="get" className="app-filters" key={location.search}>
        <Select
          name="role"
          label="Role"
          options={[
            { value: "", label: "Any role" },
            ...PROFESSIONAL_ROLES.map((role) => ({ value: role.value, label: role.label })),
          ]}
          defaultValue={data.filter.role}
        />
        <TextField name="skill" label="Skill" defaultValue={data.filter.skill} width={20} />
        <div className="nhsuk-form-group">
          <SubmitButton secondary>Filter</SubmitButton>
        </div>
      </Form>
      {data.filter.role || data.filter.skill ? (
        <p>
          <Link to={`/events/${data.slug}/teams`}>Clear the filters</Link>
        </p>
      ) : null}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <h2>People looking for a team ({data.people.length})</h2>
          {data.people.length === 0 ? <p>Nobody matches at the moment.</p> : null}
          {data.people.map((person) => (
            <div className="nhsuk-card" key={person.userId}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading">{person.name}</h3>
                <p>
                  {person.role}
                  {person.organisation ? `, ${person.organisation}` : ""}
                </p>
                {person.skills.length > 0 ? <p className="nhsuk-body-s">Skills: {person.skills.join(", ")}</p> : null}
                {person.bio ? <p className="nhsuk-card__description">{person.bio}</p> : null}
                {person.invited ? (
                  <strong className="nhsuk-tag nhsuk-tag--grey">Invited to your team</strong>
                ) : canInvite ? (
                  <RowAction
                    fields={{ intent: "invite", userId: person.userId }}
                    label="Invite to your team"
                    context={person.name}
                  />
                ) : null}
              </div>
            </div>
          ))}
        </div>
        <div className="nhsuk-grid-column-one-half">
          <h2>Teams looking for members ({data.teams.length})</h2>
          {data.teams.length === 0 ? <p>No team with room matches at the moment.</p> : null}
          {data.teams.map((team) => (
            <div className="nhsuk-card" key={team.id}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading">{team.name}</h3>
                {team.themeTitle ? <p className="nhsuk-body-s">Theme: {team.themeTitle}</p> : null}
                <p>
                  {team.size} of {team.max} members: {team.mix}
                </p>
                {team.tags.length > 0 ? (
                  <p>
                    {team.tags.map((tag) => (
                      <strong className="nhsuk-tag nhsuk-tag--orange nhsuk-u-margin-right-2" key={tag}>
                        {tag}
                      </strong>
                    ))}
                  </p>
                ) : null}
                {team.rolesWanted.length > 0 ? (
                  <p className="nhsuk-body-s">Roles wanted: {team.rolesWanted.join(", ")}</p>
                ) : null}
                {team.pitch ? <p className="nhsuk-card__description">{team.pitch}</p> : null}
                {team.asked ? (
                  <strong className="nhsuk-tag nhsuk-tag--grey">You have asked to join</strong>
                ) : canAsk ? (
                  <Link to={`?ask=${team.id}#ask`}>
                    Ask to join<span className="nhsuk-u-visually-hidden"> {team.name}</span>
                  </Link>
                ) : null}
              </div>
            </div>
          ))}
        </div>
      </div>
    </>
  );
}
