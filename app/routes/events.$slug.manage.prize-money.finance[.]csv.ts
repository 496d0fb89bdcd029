// The finance team's file of the event's prize money: one row per member's share, with the payee,
// amount, status and payment reference. For the event's organisers only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { csvDocument } from "~/domain/csv";
import { financeCsvRows } from "~/models/prizes.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const { header, rows } = await financeCsvRows(event);
  return new Response(csvDocument(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-prize-money.csv"`,
      // Holds winners' names and email addresses.
      "Cache-Control": "no-store",
    },
  });
}
