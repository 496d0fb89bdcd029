// Who holds a role (organisers of a community or an event, later judges and mentors): the list,
// the invitations waiting for a reply, and the form that adds someone by email.
import { Form, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { SubmitButton, TextField, type FormFailure } from "./form";
import { ResponsiveTable, RowAction } from "./table";

export interface RoleHoldersProps {
  /** "organiser", "judge" ...: used in the page's words. */
  roleName: string;
  /** Where they hold it, e.g. "Leeds Code4Health". */
  placeName: string;
  people: { userId: string; name: string; email: string }[];
  invitations: { id: string; email: string; createdAt: string }[];
  failure?: FormFailure;
}

export function RoleHolders({ roleName, placeName, people, invitations, failure }: RoleHoldersProps) {
  // A fresh form for each new location: after an addition (which redirects) it is empty again
  // rather than still holding the address just added; after an error it shows what was typed.
  const location = useLocation();
  return (
    <>
      {people.length === 0 ? (
        <p>
          {placeName} has no {roleName}s yet.
        </p>
      ) : (
        <ResponsiveTable
          caption={`${roleName[0]!.toUpperCase()}${roleName.slice(1)}s of ${placeName}`}
          columns={[{ heading: "Name" }, { heading: "Email address" }, { heading: "Action", visuallyHidden: true }]}
          rows={people.map((person) => ({
            key: person.userId,
            cells: [
              person.name,
              <span className="app-break-anywhere">{person.email}</span>,
              <RowAction
                fields={{ intent: "remove", userId: person.userId }}
                label="Remove"
                context={`${person.name} as ${roleName}`}
              />,
            ],
          }))}
        />
      )}
      <PendingInvitations
        heading={<h3>Invitations waiting for a reply</h3>}
        caption={`Invitations to be ${roleName} of ${placeName}`}
        invitations={invitations}
      />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h3>
            Add {/^[aeiou]/.test(roleName) ? "an" : "a"} {roleName}
          </h3>
          <Form method="post" noValidate key={location.key}>
            <input type="hidden" name="intent" value="invite" />
            <TextField
              name="email"
              label="Email address"
              type="email"
              autoComplete="off"
              hint="If they do not have an account with this address yet, we will email them an invitation to create one."
              failure={failure?.values.intent === "invite" ? failure : undefined}
              spellCheck={false}
            />
            <SubmitButton>Add {roleName}</SubmitButton>
          </Form>
        </div>
      </div>
    </>
  );
}

/** Invitations sent by email that nobody has taken up yet, each with its Cancel button. */
export function PendingInvitations({
  heading,
  caption,
  invitations,
}: {
  heading: ReactNode;
  caption: string;
  invitations: RoleHoldersProps["invitations"];
}) {
  if (invitations.length === 0) return null;
  return (
    <>
      {heading}
      <ResponsiveTable
        caption={caption}
        columns={[{ heading: "Email address" }, { heading: "Invited" }, { heading: "Action", visuallyHidden: true }]}
        rows={invitations.map((invitation) => ({
          key: invitation.id,
          cells: [
            <span className="app-break-anywhere">{invitation.email}</span>,
            invitation.createdAt,
            <RowAction
              fields={{ intent: "cancel", invitationId: invitation.id }}
              label="Cancel invitation"
              context={`to ${invitation.email}`}
            />,
          ],
        }))}
      />
    </>
  );
}
