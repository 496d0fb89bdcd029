// The event's entries as a CSV file for organisers. Its first columns are the importer's.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { entriesCsv } from "~/models/entries.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  return new Response(await entriesCsv(event), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-entries.csv"`,
      // Holds team members' email addresses.
      "Cache-Control": "no-store",
    },
  });
}
