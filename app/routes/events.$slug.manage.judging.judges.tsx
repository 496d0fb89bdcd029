// The event's judges: inviting them by email, what assignment needs to know of each (expertise,
// organisation, room), and every conflict of interest, declared or detected.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { ErrorSummary, Radios, Select, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, pageTitle } from "~/components/layout";
import { PendingInvitations } from "~/components/role-holders";
import { ResponsiveTable, RowAction } from "~/components/table";
import { SHARED_EMAIL_DOMAINS } from "~/domain/conflicts";
import { optionalText } from "~/domain/fields";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { applyRoleAction, roleActionSchemas, roleHolders } from "~/models/invitations.server";
import {
  EXPERTISE_NAMES,
  conflictsFor,
  judgesOf,
  recordConflict,
  removeDeclaredConflict,
  saveJudgeProfile,
  setSharedEmailDomains,
  teamsAtEvent,
} from "~/models/judging.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Judges") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const url = new URL(request.url);
  const [pool, { invitations }, conflicts, teamRows] = await Promise.all([
    judgesOf(event),
    roleHolders({ eventId: event.id }, "judge"),
    conflictsFor(event),
    teamsAtEvent(event),
  ]);
  const editing = pool.find((judge) => judge.userId === url.searchParams.get("judge")) ?? null;
  return {
    slug: event.slug,
    title: event.title,
    done: url.searchParams.get("done"),
    moved: Number(url.searchParams.get("moved") ?? 0) || 0,
    judges: pool.map((judge) => ({
      userId: judge.userId,
      name: judge.name,
      email: judge.email,
      expertise: EXPERTISE_NAMES[judge.expertise],
      organisation: judge.organisation,
      room: judge.room,
      assigned: judge.assigned,
      conflicts: judge.declaredConflicts + judge.detectedConflicts,
    })),
    editing: editing
      ? {
          userId: editing.userId,
          name: editing.name,
          expertise: editing.expertise,
          organisation: editing.organisation,
          room: editing.room,
        }
      : null,
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      createdAt: formatInstant(invitation.createdAt, event.timeZone),
    })),
    conflicts: conflicts.map((conflict) => ({
      key: `${conflict.judgeUserId}:${conflict.teamId}`,
      judgeUserId: conflict.judgeUserId,
      teamId: conflict.teamId,
      judgeName: conflict.judgeName,
      teamName: conflict.teamName,
      entryTitle: conflict.entryTitle,
      reasons: conflict.reasons,
      declared: conflict.declared,
    })),
    teams: teamRows.map((team) => ({ id: team.id, name: team.name })),
    sharedEmailDomains: event.sharedEmailDomains,
    builtInDomains: SHARED_EMAIL_DOMAINS,
  };
}

const expertise = z.enum(["clinical", "technical", "other"], {
  errorMap: () => ({ message: "Choose the judge's expertise" }),
});

const judgesActionSchema = z.discriminatedUnion("intent", [
  ...roleActionSchemas,
  z.object({
    intent: z.literal("profile"),
    userId: z.string().uuid(),
    expertise,
    organisation: optionalText("Organisation", 200),
    room: optionalText("Room or table", 80),
  }),
  z.object({
    intent: z.literal("conflict"),
    judgeUserId: z.string({ required_error: "Choose the judge" }).uuid("Choose the judge"),
    teamId: z.string({ required_error: "Choose the team" }).uuid("Choose the team"),
    note: optionalText("Note", 500),
  }),
  z.object({ intent: z.literal("remove-conflict"), judgeUserId: z.string().uuid(), teamId: z.string().uuid() }),
  z.object({ intent: z.literal("domains"), domains: optionalText("Shared email domains", 5000) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const formData = await readForm(request);
  const parsed = parseForm(judgesActionSchema, formData);
  if (!parsed.ok) return rejectForm(parsed.failure);
  const values = formValues(formData);
  const here = `/events/${event.slug}/manage/judging/judges`;
  const input = parsed.data;
  switch (input.intent) {
    case "invite":
    case "remove":
    case "cancel": {
      const outcome = await applyRoleAction(user, input, "judge", { eventId: event.id });
      if ("error" in outcome) return formError(outcome.error, values);
      return redirect(`${here}?done=${outcome.done}`);
    }
    case "profile": {
      const { expertise, organisation, room } = input;
      const outcome = await saveJudgeProfile(user, event, input.userId, { expertise, organisation, room });
      if ("error" in outcome) return formError(outcome.error, values);
      return redirect(`${here}?done=profile&moved=${outcome.reassigned}`);
    }
    case "conflict": {
      const outcome = await recordConflict(user, event, input.judgeUserId, input.teamId, input.note);
      if ("error" in outcome)
        return formError(outcome.error, values, outcome.field === "judge" ? "judgeUserId" : "teamId");
      return redirect(`${here}?done=conflict`);
    }
    case "remove-conflict": {
      const outcome = await removeDeclaredConflict(user, event, input.judgeUserId, input.teamId);
      if ("error" in outcome) return formError(outcome.error, {});
      return redirect(`${here}?done=conflict-removed`);
    }
    case "domains": {
      const domains = input.domains.split(/[\s,;]+/).filter((domain) => domain !== "");
      const outcome = await setSharedEmailDomains(user, event, domains);
      if ("error" in outcome) return formError(outcome.error, values, "domains");
      return redirect(`${here}?done=domains&moved=${outcome.reassigned}`);
    }
  }
}

const confirmations: Record<string, string> = {
  granted: "They are now a judge for this event. We have emailed them to say so.",
  invited: "We have emailed them an invitation. They become a judge when they create an account with that address.",
  already: "They are already a judge for this event.",
  removed: "They are no longer a judge for this event. Their entries go to other judges when you next assign judges.",
  cancelled: "The invitation has been cancelled.",
  profile: "The judge's details have been saved.",
  conflict: "The conflict has been recorded. If the judge had the team's entry, it has gone to another judge.",
  "conflict-removed": "The declared conflict has been removed.",
  domains: "The shared email domains have been saved.",
};

export default function JudgesPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const location = useLocation();
  const confirmation = !failure && data.done ? confirmations[data.done] : undefined;
  const intent = failure?.values.intent;
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/judging`}>
        Back to judging
      </Link>
      <ErrorSummary errors={failure?.errors} />
      {confirmation ? (
        <InsetText>
          {confirmation}
          {data.moved > 0
            ? ` ${data.moved} ${data.moved === 1 ? "entry" : "entries"} now in conflict went to other judges.`
            : ""}
        </InsetText>
      ) : null}
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Judges</h1>

      {data.judges.length === 0 ? (
        <p>There are no judges yet. Add them by email address below.</p>
      ) : (
        <ResponsiveTable
          caption="Judges"
          columns={[
            { heading: "Name" },
            { heading: "Expertise" },
            { heading: "Organisation" },
            { heading: "Room or table" },
            { heading: "Entries" },
            { heading: "Conflicts" },
            { heading: "Actions", visuallyHidden: true },
          ]}
          rows={data.judges.map((judge) => ({
            key: judge.userId,
            cells: [
              <>
                {judge.name}
                <br />
                <span className="nhsuk-body-s app-break-anywhere">{judge.email}</span>
              </>,
              judge.expertise,
              judge.organisation || "Not given",
              judge.room || "None",
              String(judge.assigned),
              String(judge.conflicts),
              <>
                <p className="nhsuk-u-margin-bottom-2">
                  <Link to={`?judge=${judge.userId}#expertise`}>
                    Change details<span className="nhsuk-u-visually-hidden"> of {judge.name}</span>
                  </Link>
                </p>
                <RowAction
                  fields={{ intent: "remove", userId: judge.userId }}
                  label="Remove"
                  context={`${judge.name} as judge`}
                />
              </>,
            ],
          }))}
        />
      )}

      {data.editing ? (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2>Details of {data.editing.name}</h2>
            <Form method="post" noValidate key={data.editing.userId}>
              <input type="hidden" name="intent" value="profile" />
              <input type="hidden" name="userId" value={data.editing.userId} />
              <Radios
                name="expertise"
                legend="Expertise"
                hint="Where the pool allows, each entry gets at least one clinical and one technical judge."
                choices={[
                  {
                    value: "clinical",
                    label: "Clinical",
                    hint: "A doctor, nurse, allied health professional or similar",
                  },
                  {
                    value: "technical",
                    label: "Technical",
                    hint: "A developer, designer, data or security specialist",
                  },
                  { value: "other", label: "Other", hint: "For example a patient, a commissioner or an investor" },
                ]}
                failure={intent === "profile" ? failure : undefined}
                defaultValue={data.editing.expertise}
              />
              <TextField
                name="organisation"
                label="Organisation"
                hint="Used to find conflicts: a judge does not judge a team with a member from the same organisation."
                failure={intent === "profile" ? failure : undefined}
                defaultValue={data.editing.organisation}
              />
              <TextField
                name="room"
                label="Room or table (optional)"
                hint="At the venue, judges are kept to entries in their own room where possible."
                width={20}
                failure={intent === "profile" ? failure : undefined}
                defaultValue={data.editing.room}
              />
              <SubmitButton>Save details</SubmitButton>
            </Form>
          </div>
        </div>
      ) : null}

      <PendingInvitations
        heading={<h2>Invitations waiting for a reply</h2>}
        caption="Invitations to judge"
        invitations={data.invitations}
      />

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2>Add a judge</h2>
          <Form method="post" noValidate key={`invite-${location.key}`}>
            <input type="hidden" name="intent" value="invite" />
            <TextField
              name="email"
              label="Email address"
              type="email"
              autoComplete="off"
              hint="If they do not have an account with this address yet, we will email them an invitation to create one."
              failure={intent === "invite" ? failure : undefined}
              spellCheck={false}
            />
            <SubmitButton>Add judge</SubmitButton>
          </Form>
        </div>
      </div>

      <h2 id="conflicts">Conflicts of interest</h2>
      <p>
        A judge never sees or scores an entry they have a conflict with. We find conflicts from what people told us: a
        judge who is on the team, who gave the same organisation as a team member, or who shares an email domain with
        one. Judges can also declare conflicts themselves.
      </p>
      {data.conflicts.length === 0 ? (
        <p>There are no conflicts of interest.</p>
      ) : (
        <ResponsiveTable
          caption="Conflicts of interest"
          columns={[
            { heading: "Judge" },
            { heading: "Team" },
            { heading: "Why" },
            { heading: "Action", visuallyHidden: true },
          ]}
          rows={data.conflicts.map((conflict) => ({
            key: conflict.key,
            cells: [
              conflict.judgeName,
              conflict.entryTitle ? `${conflict.teamName} (${conflict.entryTitle})` : conflict.teamName,
              <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                {conflict.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>,
              conflict.declared ? (
                <RowAction
                  fields={{ intent: "remove-conflict", judgeUserId: conflict.judgeUserId, teamId: conflict.teamId }}
                  label="Remove declared conflict"
                  context={`between ${conflict.judgeName} and ${conflict.teamName}`}
                />
              ) : (
                "Detected"
              ),
            ],
          }))}
        />
      )}

      {data.judges.length > 0 && data.teams.length > 0 ? (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h3>Record a conflict a judge told you about</h3>
            <Form method="post" noValidate key={`conflict-${location.key}`}>
              <input type="hidden" name="intent" value="conflict" />
              <Select
                name="judgeUserId"
                label="Judge"
                options={[
                  { value: "", label: "Choose a judge" },
                  ...data.judges.map((judge) => ({ value: judge.userId, label: judge.name })),
                ]}
                failure={intent === "conflict" ? failure : undefined}
              />
              <Select
                name="teamId"
                label="Team"
                options={[
                  { value: "", label: "Choose a team" },
                  ...data.teams.map((team) => ({ value: team.id, label: team.name })),
                ]}
                failure={intent === "conflict" ? failure : undefined}
              />
              <TextField
                name="note"
                label="Note (optional)"
                hint="For example: “Supervises one of the team members”."
                failure={intent === "conflict" ? failure : undefined}
              />
              <SubmitButton secondary>Record conflict</SubmitButton>
            </Form>
          </div>
        </div>
      ) : null}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h3>Email domains that many unrelated people share</h3>
          <p>
            Two people with addresses at a shared domain are not taken to be colleagues. We already treat these as
            shared: {data.builtInDomains.join(", ")}.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="domains" />
            <TextArea
              name="domains"
              label="Other shared domains at this event"
              hint="One a line, for example students.leeds.ac.uk. Write *.nhs.uk to treat every NHS trust's domain as shared."
              rows={4}
              failure={intent === "domains" ? failure : undefined}
              defaultValue={data.sharedEmailDomains.join("\n")}
            />
            <SubmitButton secondary>Save shared domains</SubmitButton>
          </Form>
        </div>
      </div>
    </>
  );
}
