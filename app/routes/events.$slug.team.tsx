// A participant's team at an event: its members, invite link and requests to join; or, for
// someone in no team yet, creating one and answering invitations.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { publicOrigin } from "~/config.server";
import type { User, Event } from "~/db/schema";
import {
  CheckboxGroup,
  ErrorSummary,
  Select,
  SubmitButton,
  TextArea,
  TextField,
  type FormFailure,
} from "~/components/form";
import { InsetText, TwoThirds, pageTitle, SummaryList } from "~/components/layout";
import { ResponsiveTable, RowAction } from "~/components/table";
import { optionalText, requiredText } from "~/domain/fields";
import { PROFESSIONAL_ROLES, ROLE_VALUES, roleLabel } from "~/domain/participants";
import { PITCH_MAX, TEAM_NAME_MAX, normaliseTeamName, teamChangesRefusal } from "~/domain/teams";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { getCall } from "~/models/events.server";
import {
  answerInvitation,
  answerJoinRequest,
  createTeam,
  handOverCaptain,
  leaveTeam,
  removeMember,
  renewInviteLink,
  teamPage,
  updateTeamDetails,
  withdrawJoinRequest,
} from "~/models/teams.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Your team") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const { themes } = (await getCall(event.slug))!;
  const page = await teamPage(event, user.id);
  return {
    slug: event.slug,
    title: event.title,
    userId: user.id,
    closed: teamChangesRefusal(event.status, event, new Date()),
    registered: page.membership.registered,
    team: page.team && {
      ...page.team,
      inviteCode: undefined,
      inviteLink: `${publicOrigin()}/events/${event.slug}/join/${page.team.inviteCode}`,
      rolesWanted: page.team.rolesWanted.map(roleLabel),
      details: {
        name: page.team.name,
        themeId: page.team.themeId ?? "",
        pitch: page.team.pitch,
        rolesWanted: page.team.rolesWanted,
      },
      members: page.team.members.map((member) => ({ ...member, role: roleLabel(member.role) })),
      joinRequests: page.team.joinRequests.map((joinRequest) => ({
        ...joinRequest,
        role: roleLabel(joinRequest.role),
      })),
    },
    invitations: page.invitations,
    requests: page.requests,
    themes: themes.map((theme) => ({ value: theme.id, label: theme.title })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const id = z.string().uuid();

const teamDetails = {
  name: requiredText("Team name", TEAM_NAME_MAX).transform(normaliseTeamName),
  themeId: z
    .string()
    .default("")
    .refine((value) => value === "" || id.safeParse(value).success, "Select a theme from the list")
    .transform((value) => value || null),
  pitch: optionalText("Pitch", PITCH_MAX),
  rolesWanted: z
    .array(z.enum(ROLE_VALUES, { errorMap: () => ({ message: "Select the roles you want from the list" }) }))
    .default([])
    .transform((roles) => [...new Set(roles)]),
};

const teamActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), ...teamDetails }),
  z.object({ intent: z.literal("edit"), ...teamDetails }),
  z.object({ intent: z.literal("renew-link") }),
  z.object({ intent: z.literal("accept-request"), requestId: id }),
  z.object({ intent: z.literal("decline-request"), requestId: id }),
  z.object({ intent: z.literal("accept-invitation"), requestId: id }),
  z.object({ intent: z.literal("decline-invitation"), requestId: id }),
  z.object({ intent: z.literal("withdraw-request"), requestId: id }),
  z.object({ intent: z.literal("hand-over"), userId: id }),
  z.object({ intent: z.literal("remove-member"), userId: id }),
  z.object({ intent: z.literal("leave") }),
]);

type TeamAction = z.infer<typeof teamActionSchema>;

function carryOut(user: User, event: Event, input: TeamAction) {
  switch (input.intent) {
    case "create":
      return createTeam(user, event, input);
    case "edit":
      return updateTeamDetails(user, event, input);
    case "renew-link":
      return renewInviteLink(user, event);
    case "accept-request":
    case "decline-request":
      return answerJoinRequest(user, event, input.requestId, input.intent === "accept-request");
    case "accept-invitation":
    case "decline-invitation":
      return answerInvitation(user, event, input.requestId, input.intent === "accept-invitation");
    case "withdraw-request":
      return withdrawJoinRequest(user, event, input.requestId);
    case "hand-over":
      return handOverCaptain(user, event, input.userId);
    case "remove-member":
      return removeMember(user, event, input.userId);
    case "leave":
      return leaveTeam(user, event);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(teamActionSchema, formData, { lists: ["rolesWanted"] });
  if (!parsed.ok) return rejectForm(parsed.failure);
  const outcome = await carryOut(user, event, parsed.data);
  if ("error" in outcome) {
    // Only the create form has fields to show again; the other forms are single buttons.
    const values = ["create", "edit"].includes(parsed.data.intent) ? formValues(formData) : {};
    return formError(outcome.error, values, outcome.field);
  }
  return redirect(`/events/${event.slug}/team?done=${parsed.data.intent}`);
}

const confirmations: Record<string, string> = {
  edit: "Your team's details have been saved.",
  create: "Your team has been created. Send the invite link to the people you want in it.",
  joined: "You have joined the team.",
  "renew-link": "The invite link has been renewed. The old link no longer works.",
  "accept-request": "They are now in your team. We have emailed them to say so.",
  "decline-request": "The request has been declined. We have emailed them to say so.",
  "accept-invitation": "You have joined the team.",
  "decline-invitation": "You have declined the invitation.",
  "withdraw-request": "Your request to join has been withdrawn.",
  "hand-over": "You have handed over the captain role.",
  "remove-member": "They are no longer in your team. We have emailed them to say so.",
  leave: "You have left the team.",
};

type TeamData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["team"]>;

export default function TeamPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to {data.title}
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? <InsetText>{confirmation}</InsetText> : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      {data.team ? (
        <YourTeam team={data.team} userId={data.userId} closed={data.closed} themes={data.themes} failure={failure} />
      ) : (
        <NoTeam data={data} failure={failure} />
      )}
    </TwoThirds>
  );
}

function YourTeam({
  team,
  userId,
  closed,
  themes,
  failure,
}: {
  team: TeamData;
  userId: string;
  closed: string | null;
  themes: { value: string; label: string }[];
  failure: FormFailure | undefined;
}) {
  const [searchParams] = useSearchParams();
  const removeId = searchParams.get("remove");
  const removing = team.isCaptain
    ? team.members.find((member) => member.userId === removeId && member.userId !== userId)
    : undefined;
  return (
    <>
      <h1>{team.name}</h1>
      {closed ? <InsetText>{closed}</InsetText> : null}
      <p>
        <Link to="../submission" relative="path">
          Your team's entry
        </Link>
      </p>
      <SummaryList
        rows={[
          { key: "Theme", value: team.themeTitle ?? "No theme chosen" },
          { key: "Pitch", value: team.pitch || "No pitch yet" },
          { key: "Roles wanted", value: team.rolesWanted.join(", ") || "None listed" },
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

      {team.isCaptain && !closed ? (
        // Open while the form has errors, so that they are seen; a details element needs no script.
        <details className="nhsuk-details" open={failure?.values.intent === "edit"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Change the team's name, theme, pitch or roles wanted</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="edit" />
              <TeamDetailsFields themes={themes} failure={failure} defaults={team.details} />
              <SubmitButton>Save the team's details</SubmitButton>
            </Form>
          </div>
        </details>
      ) : null}

      <h2>Members</h2>
      {removing && !closed ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Remove {removing.name} from {team.name}?
            </span>
          </h3>
          <p>They will be emailed to say so, and can be invited back while the team has room.</p>
          <Form method="post" action="?" className="app-row-actions">
            <input type="hidden" name="intent" value="remove-member" />
            <input type="hidden" name="userId" value={removing.userId} />
            <button type="submit" className="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0">
              Yes, remove {removing.name}
            </button>
            <Link to="?">Cancel</Link>
          </Form>
        </div>
      ) : null}
      <p>Your team mates' email addresses are here so that you can reach each other.</p>
      <ResponsiveTable
        caption={`Members of ${team.name}`}
        columns={[
          { heading: "Name" },
          { heading: "Role" },
          { heading: "Email address" },
          ...(team.isCaptain ? [{ heading: "Actions", visuallyHidden: true }] : []),
        ]}
        rows={team.members.map((member) => ({
          key: member.userId,
          cells: [
            <>
              {member.name}
              {member.isCaptain ? <strong className="nhsuk-tag nhsuk-u-margin-left-2">Captain</strong> : null}
            </>,
            member.role,
            <span className="app-break-anywhere">{member.email}</span>,
            ...(team.isCaptain
              ? [
                  member.userId === userId ? null : (
                    <div className="app-row-actions">
                      <RowAction
                        fields={{ intent: "hand-over", userId: member.userId }}
                        label="Make captain"
                        context={member.name}
                      />
                      {closed ? null : (
                        // A link to a question rather than a button: removing someone is asked twice.
                        <Link
                          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                          to={`?remove=${member.userId}`}
                        >
                          Remove<span className="nhsuk-u-visually-hidden"> {member.name} from the team</span>
                        </Link>
                      )}
                    </div>
                  ),
                ]
              : []),
          ],
        }))}
      />

      {closed ? null : (
        <>
          <h2>Invite people</h2>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="invite-link">
              Invite link
            </label>
            <div className="nhsuk-hint" id="invite-link-hint">
              Anyone registered for this event who opens this link can join the team while it has room. Send it only to
              people you want in the team.
            </div>
            <input
              className="nhsuk-input app-break-anywhere"
              id="invite-link"
              type="text"
              readOnly
              value={team.inviteLink}
              aria-describedby="invite-link-hint"
              spellCheck={false}
            />
          </div>
          <CopyButton text={team.inviteLink} />
          {team.isCaptain ? (
            <Form method="post">
              <input type="hidden" name="intent" value="renew-link" />
              <p className="nhsuk-body-s">
                If the link has reached people it should not have, renew it: the old link stops working.
              </p>
              <SubmitButton secondary>Renew the link</SubmitButton>
            </Form>
          ) : null}
        </>
      )}

      {team.isCaptain && team.joinRequests.length > 0 ? (
        <>
          <h2>Requests to join</h2>
          {team.joinRequests.map((joinRequest) => (
            <div className="nhsuk-card" key={joinRequest.id}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading">{joinRequest.name}</h3>
                <p>{joinRequest.role}</p>
                {joinRequest.message ? <p className="nhsuk-card__description">“{joinRequest.message}”</p> : null}
                {closed ? null : (
                  <div className="app-row-actions">
                    <RowAction
                      fields={{ intent: "accept-request", requestId: joinRequest.id }}
                      label="Accept"
                      context={`${joinRequest.name}'s request`}
                    />
                    <RowAction
                      fields={{ intent: "decline-request", requestId: joinRequest.id }}
                      label="Decline"
                      context={`${joinRequest.name}'s request`}
                    />
                  </div>
                )}
              </div>
            </div>
          ))}
        </>
      ) : null}

      {closed ? null : (
        <>
          <h2>Leave the team</h2>
          <p>
            {team.size === 1
              ? "You are the only member, so leaving removes the team."
              : team.isCaptain
                ? "If you leave, the member who has been in the team longest becomes captain."
                : "You can join or create another team after you leave."}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="leave" />
            <button type="submit" className="nhsuk-button nhsuk-button--warning">
              Leave the team
            </button>
          </Form>
        </>
      )}
    </>
  );
}

function NoTeam({
  data,
  failure,
}: {
  data: ReturnType<typeof useLoaderData<typeof loader>>;
  failure: FormFailure | undefined;
}) {
  // A fresh form after each save, as on the organisers' pages; after an error it keeps what was typed.
  const location = useLocation();
  if (!data.registered) {
    return (
      <>
        <h1>Your team</h1>
        <p>
          Only people registered for this event can be in a team.{" "}
          <Link to={`/events/${data.slug}/register`}>Register for {data.title}</Link>, or check the state of your
          registration there.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Your team</h1>
      <p>
        You are not in a team yet. <Link to={`/events/${data.slug}/teams`}>Find a team or people to team up with</Link>,
        or create a team below and invite people to it.
      </p>
      {data.closed ? <InsetText>{data.closed}</InsetText> : null}

      {data.invitations.length > 0 ? (
        <>
          <h2>Invitations</h2>
          {data.invitations.map((invitation) => (
            <div className="nhsuk-card" key={invitation.id}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading">{invitation.teamName}</h3>
                <p>{invitation.captainName}, the captain, has invited you to join.</p>
                {invitation.pitch ? <p className="nhsuk-card__description">{invitation.pitch}</p> : null}
                <div className="app-row-actions">
                  {data.closed ? null : (
                    <RowAction
                      fields={{ intent: "accept-invitation", requestId: invitation.id }}
                      label="Accept"
                      context={`the invitation to ${invitation.teamName}`}
                    />
                  )}
                  <RowAction
                    fields={{ intent: "decline-invitation", requestId: invitation.id }}
                    label="Decline"
                    context={`the invitation to ${invitation.teamName}`}
                  />
                </div>
              </div>
            </div>
          ))}
        </>
      ) : null}

      {data.requests.length > 0 ? (
        <>
          <h2>Your requests to join</h2>
          <ResponsiveTable
            caption="Your requests to join a team"
            columns={[{ heading: "Team" }, { heading: "Status" }, { heading: "Action", visuallyHidden: true }]}
            rows={data.requests.map((joinRequest) => ({
              key: joinRequest.id,
              cells: [
                joinRequest.teamName,
                "Waiting for the captain",
                <RowAction
                  fields={{ intent: "withdraw-request", requestId: joinRequest.id }}
                  label="Withdraw"
                  context={`your request to join ${joinRequest.teamName}`}
                />,
              ],
            }))}
          />
        </>
      ) : null}

      {data.closed ? null : (
        <>
          <h2>Create a team</h2>
          <p>You become its captain. You can then invite people with a link or from the teams board.</p>
          <Form method="post" noValidate key={location.key}>
            <input type="hidden" name="intent" value="create" />
            <TeamDetailsFields themes={data.themes} failure={failure} />
            <SubmitButton>Create the team</SubmitButton>
          </Form>
        </>
      )}
    </>
  );
}

/**
 * Copies the invite link, for people on a phone where selecting a long address is fiddly. Shown
 * only once the page runs JavaScript in a browser that can copy; without it the field is there.
 */
function CopyButton({ text }: { text: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!canCopy) return null;
  return (
    <p>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        Copy the invite link
      </button>{" "}
      <span role="status">{copied ? "Copied" : ""}</span>
    </p>
  );
}

/** The team's details, as asked when creating it and when its captain changes them. */
function TeamDetailsFields({
  themes,
  failure,
  defaults,
}: {
  themes: { value: string; label: string }[];
  failure: FormFailure | undefined;
  defaults?: { name: string; themeId: string; pitch: string; rolesWanted: string[] };
}) {
  return (
    <>
      <TextField
        name="name"
        label="Team name"
        hint="No other team at this event can have the same name."
        failure={failure}
        defaultValue={defaults?.name}
      />
      {themes.length > 0 ? (
        <Select
          name="themeId"
          label="Theme"
          options={[{ value: "", label: "No theme yet" }, ...themes]}
          failure={failure}
          defaultValue={defaults?.themeId}
        />
      ) : null}
      <TextArea
        name="pitch"
        label="Pitch"
        hint={`Your idea in a few sentences: the problem, who has it and what you will build. ${PITCH_MAX.toLocaleString("en-GB")} characters at most.`}
        failure={failure}
        rows={5}
        defaultValue={defaults?.pitch}
      />
      <CheckboxGroup
        name="rolesWanted"
        legend="Roles wanted"
        hint="Select all that apply. People looking for a team can find you by these."
        choices={PROFESSIONAL_ROLES.map((role) => ({ value: role.value, label: role.label }))}
        failure={failure}
        defaultValues={defaults?.rolesWanted}
      />
    </>
  );
}
