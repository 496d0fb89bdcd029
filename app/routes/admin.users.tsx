import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireAdmin } from "~/auth/guards.server";
import { DEFAULT_TIME_ZONE, formatInstant } from "~/domain/time";
import { ErrorSummary } from "~/components/form";
import { ResponsiveTable, RowAction } from "~/components/table";
import { pageTitle } from "~/components/layout";
import { formError, readForm } from "~/forms.server";
import { listUsers, setAdministrator } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: pageTitle("People and administrators") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const people = await listUsers();
  return {
    currentUserId: admin.id,
    people: people.map((person) => ({
      ...person,
      emailVerifiedAt: undefined,
      verified: person.emailVerifiedAt !== null,
      createdAt: formatInstant(person.createdAt, DEFAULT_TIME_ZONE),
    })),
  };
}

const roleChangeSchema = z.object({
  userId: z.string().uuid(),
  intent: z.enum(["grant", "remove"]),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = roleChangeSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return formError("Choose a person from the list", {});
  const outcome = await setAdministrator(admin, parsed.data.userId, parsed.data.intent === "grant");
  if (outcome === "last-administrator") {
    return formError("The platform must keep at least one administrator. Make someone else an administrator first", {});
  }
  if (outcome === "not-found") return formError("That person no longer has an account", {});
  return { errors: {}, values: {} };
}

export default function AdminUsersPage() {
  const { people, currentUserId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <h1>People and administrators</h1>
      <p>
        Administrators create communities and can make other people administrators. Give the role to as few people as
        you can.
      </p>
      <ResponsiveTable
        caption="Everyone with an account"
        columns={[
          { heading: "Name" },
          { heading: "Email address" },
          { heading: "Joined" },
          { heading: "Role" },
          { heading: "Action", visuallyHidden: true },
        ]}
        rows={people.map((person) => ({
          key: person.id,
          cells: [
            person.name,
            <>
              <span className="app-break-anywhere">{person.email}</span>
              {person.verified ? null : (
                <strong className="nhsuk-tag nhsuk-tag--grey nhsuk-u-margin-left-2">Not confirmed</strong>
              )}
            </>,
            person.createdAt,
            person.isAdmin ? "Administrator" : "Member",
            <RowAction
              fields={{ userId: person.id, intent: person.isAdmin ? "remove" : "grant" }}
              label={
                person.isAdmin
                  ? person.id === currentUserId
                    ? "Give up administrator role"
                    : "Remove administrator role"
                  : "Make administrator"
              }
              context={`for ${person.name}`}
            />,
          ],
        }))}
      />
    </>
  );
}
