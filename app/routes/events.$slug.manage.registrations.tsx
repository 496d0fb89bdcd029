// The organisers' list of who has registered: search, filter by status, access and dietary needs
// only when asked for, and the list as a CSV file.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { Checkbox, Select, TextField } from "~/components/form";
import { pageTitle } from "~/components/layout";
import { BackToOverview } from "~/components/manage";
import { ResponsiveTable } from "~/components/table";
import { roleLabel } from "~/domain/participants";
import { checkInTime, searchQuery, statusLabel } from "~/domain/registration";
import { listRegistrations, registrationCounts } from "~/models/registrations.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Registrations") }];

// Read from the address: a value that makes no sense is ignored rather than refused.
const filtersSchema = z.object({
  q: searchQuery,
  status: z.enum(["registered", "waitlisted", "withdrawn"]).optional().catch(undefined),
  needs: z.literal("yes").optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const showNeeds = filters.needs === "yes";
  const [rows, counts] = await Promise.all([
    listRegistrations(event.id, { query: filters.q, status: filters.status ?? null }),
    registrationCounts(event.id),
  ]);
  return {
    slug: event.slug,
    title: event.title,
    capacity: event.capacity,
    counts,
    filters: { q: filters.q, status: filters.status ?? "", showNeeds },
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      role: roleLabel(row.professionalRole),
      organisation: row.organisation,
      skills: row.skills.join(", "),
      status: statusLabel(row.status, row.position),
      checkedIn: row.checkedInAt ? checkInTime(row.checkedInAt, event.timeZone) : null,
      // Needs often say something about a person's health: not even sent to the browser unless asked for.
      accessNeeds: showNeeds ? row.accessNeeds : null,
    })),
  };
}

export default function RegistrationsPage() {
  const data = useLoaderData<typeof loader>();
  const { counts, filters } = data;
  const filtered = filters.q !== "" || filters.status !== "";
  return (
    <>
      <BackToOverview slug={data.slug} />
      <h1>Registrations for {data.title}</h1>
      <p>
        {counts.registered} registered
        {data.capacity === null ? "" : ` for ${data.capacity} ${data.capacity === 1 ? "place" : "places"}`},{" "}
        {counts.waitlisted} on the waiting list and {counts.withdrawn} withdrawn. {counts.checkedIn} checked in.
      </p>

      <Form method="get" role="search">
        <div className="app-filters">
          <TextField
            name="q"
            label="Search"
            hint="Name, email address, organisation or skill"
            defaultValue={filters.q}
            width={20}
          />
          <Select
            name="status"
            label="Status"
            options={[
              { value: "", label: "Any status" },
              { value: "registered", label: "Registered" },
              { value: "waitlisted", label: "Waiting list" },
              { value: "withdrawn", label: "Withdrawn" },
            ]}
            defaultValue={filters.status}
          />
        </div>
        <Checkbox
          name="needs"
          label="Show access and dietary needs"
          hint="Only organisers can see them. Show them only when you need them."
          defaultChecked={filters.showNeeds}
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Show registrations
        </button>
      </Form>

      <p>
        <a href={`/events/${data.slug}/manage/registrations.csv${filters.showNeeds ? "?needs=yes" : ""}`} download>
          Download as CSV{filters.showNeeds ? ", with access and dietary needs" : ""}
        </a>
        <br />
        <span className="nhsuk-body-s">
          Everyone registered, waiting or withdrawn. The file holds personal information: keep it safe and delete it
          after the event.
        </span>
      </p>

      {data.rows.length === 0 ? (
        <p>{filtered ? "No registrations match your search." : "No one has registered yet."}</p>
      ) : (
        <ResponsiveTable
          caption={`Registrations for ${data.title}`}
          columns={[
            { heading: "Name" },
            { heading: "Role" },
            { heading: "Organisation" },
            { heading: "Skills" },
            { heading: "Status" },
            { heading: "Checked in" },
            ...(filters.showNeeds ? [{ heading: "Access and dietary needs" }] : []),
          ]}
          rows={data.rows.map((row) => ({
            key: row.id,
            cells: [
              <>
                {row.name}
                <br />
                <span className="nhsuk-body-s app-break-anywhere">{row.email}</span>
              </>,
              row.role,
              row.organisation,
              row.skills,
              row.status,
              row.checkedIn ?? "No",
              ...(filters.showNeeds ? [row.accessNeeds || "None given"] : []),
            ],
          }))}
        />
      )}
    </>
  );
}
