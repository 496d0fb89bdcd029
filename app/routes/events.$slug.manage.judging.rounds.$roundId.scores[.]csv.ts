// Every score sheet of a round as a CSV file, for organisers: judges' names, each criterion's score,
// feedback and private notes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireOrganiserOfRound } from "~/auth/guards.server";
import { csvDocument } from "~/domain/csv";
import { formatInstant } from "~/domain/time";
import { scoresCsvRows } from "~/models/judging.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, round } = await requireOrganiserOfRound(request, params.slug, params.roundId);
  const table = await scoresCsvRows(event, round.id, (at) => formatInstant(at, event.timeZone));
  if (!table) notFound("There is no judging round at this address.");
  return new Response(csvDocument(table.header, table.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-round-${round.position + 1}-scores.csv"`,
      // Holds judges' names, their private notes and unpublished scores.
      "Cache-Control": "no-store",
    },
  });
}
