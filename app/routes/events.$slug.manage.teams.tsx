// The organisers' view of an event's teams: search, size and mix at a glance, moving a person
// between teams and dissolving a team. Every change is audited and emailed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, Select, SubmitButton, TextField } from "~/components/form";
import { InsetText, pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { ResponsiveTable } from "~/components/table";
import { checkbox } from "~/domain/fields";
import { roleLabel } from "~/domain/participants";
import { teamChangesRefusal } from "~/domain/teams";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { dissolveTeam, moveToTeam, teamsForOrganisers } from "~/models/teams.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Teams") }];

const searchSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  dissolve: z.string().uuid().nullable().catch(null),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const url = new URL(request.url);
  const search = searchSchema.parse(Object.fromEntries(url.searchParams));
  const { teams, allTeams, people } = await teamsForOrganisers(event, search.q);
  return {
    slug: event.slug,
    title: event.title,
    q: search.q,
    dissolve: search.dissolve,
    closed: teamChangesRefusal(event.status, event, new Date()),
    teams: teams.map((team) => ({
      ...team,
      members: team.members.map((member) => ({ ...member, role: roleLabel(member.role) })),
    })),
    allTeams,
    people,
    done: url.searchParams.get("done"),
  };
}

const manageTeamsSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("move"),
    userId: z.string({ required_error: "Select the person to move" }).uuid("Select the person to move"),
    teamId: z.string({ required_error: "Select the team to move them to" }).uuid("Select the team to move them to"),
  }),
  z.object({
    intent: z.literal("dissolve"),
    dissolveTeamId: z.string({ required_error: "Select the team to dissolve" }).uuid("Select the team to dissolve"),
    confirmDissolve: checkbox.refine((confirmed) => confirmed, "Confirm that you want to dissolve the team"),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(manageTeamsSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const input = parsed.data;
  const outcome =
    input.intent === "move"
      ? await moveToTeam(user, event, input.userId, input.teamId)
      : await dissolveTeam(user, event, input.dissolveTeamId);
  if ("error" in outcome) return formError(outcome.error, formValues(formData), outcome.field);
  return redirect(`/events/${event.slug}/manage/teams?done=${input.intent}`);
}

const confirmations: Record<string, string> = {
  move: "The person has been moved. We have emailed them to say so.",
  dissolve: "The team has been dissolved. We have emailed its members to say so.",
};

export default function ManageTeamsPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  // Fresh forms after each change; after an error they keep what was chosen.
  const location = useLocation();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  return (
    <>
      <BackToOverview slug={data.slug} />
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Teams</h1>
      {data.closed ? <InsetText>{data.closed}</InsetText> : null}

      <Form method="get" className="app-filters" key={location.search}>
        <TextField name="q" label="Search by team or member name" defaultValue={data.q} width={20} />
        <div className="nhsuk-form-group">
          <SubmitButton secondary>Search</SubmitButton>
        </div>
      </Form>
      {data.q ? (
        <p>
          {data.teams.length} of {data.allTeams.length} teams match “{data.q}”.{" "}
          <Link to={`/events/${data.slug}/manage/teams`}>Show all teams</Link>
        </p>
      ) : (
        <p>{data.allTeams.length === 1 ? "1 team." : `${data.allTeams.length} teams.`}</p>
      )}

      {data.teams.length > 0 ? (
        <ResponsiveTable
          caption="Teams at this event"
          columns={[
            { heading: "Team" },
            { heading: "Members" },
            { heading: "Size" },
            { heading: "Mix" },
            { heading: "Action", visuallyHidden: true },
          ]}
          rows={data.teams.map((team) => ({
            key: team.id,
            cells: [
              <>
                {team.name}
                {team.themeTitle ? <span className="nhsuk-body-s nhsuk-u-display-block">{team.themeTitle}</span> : null}
              </>,
              <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                {team.members.map((member) => (
                  <li key={member.userId}>
                    {member.name} ({member.role}){member.isCaptain ? ", captain" : ""}
                  </li>
                ))}
              </ul>,
              `${team.size} of ${team.max}`,
              <>
                {team.mix}
                {team.tags.map((tag) => (
                  <strong className="nhsuk-tag nhsuk-tag--orange nhsuk-u-display-block nhsuk-u-margin-top-1" key={tag}>
                    {tag}
                  </strong>
                ))}
              </>,
              data.closed ? null : (
                <Link to={`?dissolve=${team.id}#dissolveTeamId`}>
                  Dissolve<span className="nhsuk-u-visually-hidden"> {team.name}</span>
                </Link>
              ),
            ],
          }))}
        />
      ) : null}

      {data.closed || data.allTeams.length === 0 ? null : (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2>Move a person to a team</h2>
            <p>
              They leave their current team, if they are in one, and are emailed. A full team cannot take anyone more.
            </p>
            <Form method="post" noValidate key={`move-${location.key}`}>
              <input type="hidden" name="intent" value="move" />
              <Select
                name="userId"
                label="Person"
                options={[
                  { value: "", label: "Choose a person" },
                  ...data.people.map((person) => ({
                    value: person.userId,
                    label: `${person.name} (${person.email}), ${person.teamName ? `in ${person.teamName}` : "no team"}`,
                  })),
                ]}
                failure={failure}
              />
              <Select
                name="teamId"
                label="Team to move them to"
                options={[
                  { value: "", label: "Choose a team" },
                  ...data.allTeams.map((team) => ({
                    value: team.id,
                    label: `${team.name} (${team.size} of ${team.max})`,
                  })),
                ]}
                failure={failure}
              />
              <SubmitButton>Move them</SubmitButton>
            </Form>

            <h2>Dissolve a team</h2>
            <p>Its members are no longer in a team and are emailed to say so. This cannot be undone.</p>
            <Form method="post" noValidate key={`dissolve-${location.key}`}>
              <input type="hidden" name="intent" value="dissolve" />
              <Select
                name="dissolveTeamId"
                label="Team to dissolve"
                options={[
                  { value: "", label: "Choose a team" },
                  ...data.allTeams.map((team) => ({ value: team.id, label: team.name })),
                ]}
                failure={failure}
                defaultValue={data.dissolve ?? undefined}
              />
              <Checkbox
                name="confirmDissolve"
                label="I understand that this team's members will no longer be in a team"
                failure={failure}
              />
              <button type="submit" className="nhsuk-button nhsuk-button--warning">
                Dissolve the team
              </button>
            </Form>
          </div>
        </div>
      )}
    </>
  );
}
