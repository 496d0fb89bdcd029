// The event's registrations as a CSV file for organisers; access and dietary needs only with ?needs=yes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { registrationsCsv } from "~/domain/registration";
import { listRegistrations } from "~/models/registrations.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const includeNeeds = new URL(request.url).searchParams.get("needs") === "yes";
  const rows = await listRegistrations(event.id, { query: "", status: null });
  return new Response(registrationsCsv(rows, { timeZone: event.timeZone, includeNeeds }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-registrations.csv"`,
      // Personal information: kept by no cache on the way.
      "Cache-Control": "no-store",
    },
  });
}
