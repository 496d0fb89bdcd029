// A round's results as a CSV file, for organisers: rank, raw and normalised scores, intervals and
// the tie-break that settled each place.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireOrganiserOfEvent } from "~/auth/guards.server";
import { csvDocument } from "~/domain/csv";
import { getRound, resultsCsvRows } from "~/models/judging.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await requireOrganiserOfEvent(request, params.slug);
  const round = await getRound(event, params.roundId);
  const table = round ? await resultsCsvRows(event, round.id) : null;
  if (!round || !table) notFound("There is no judging round at this address.");
  return new Response(csvDocument(table.header, table.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-round-${round.position + 1}-results.csv"`,
      // Results may not be published yet.
      "Cache-Control": "no-store",
    },
  });
}
