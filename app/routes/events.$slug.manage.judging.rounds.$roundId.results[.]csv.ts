// A round's results as a CSV file, for organisers: rank, raw and normalised scores, intervals and
// the tie-break that settled each place.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireOrganiserOfRound } from "~/auth/guards.server";
import { csvDocument } from "~/domain/csv";
import { resultsCsvRows } from "~/models/judging.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const table = await resultsCsvRows(event, round.id);
  if (!table) notFound("There is no judging round at this address.");
  return new Response(csvDocument(table.header, table.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-round-${round.position + 1}-results.csv"`,
      // Results may not be published yet.
      "Cache-Control": "no-store",
    },
  });
}
