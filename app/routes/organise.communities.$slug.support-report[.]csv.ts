// A community's follow-on support requests as a spreadsheet: one row per request, with its times
// in its event's zone, the first response against the service level and the time logged. For the
// community's organisers and administrators.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganiserOfCommunity } from "~/auth/guards.server";
import { csvDocument } from "~/domain/csv";
import { supportReportCsv } from "~/domain/support-report";
import { programmeReport } from "~/models/support.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireOrganiserOfCommunity(request, params.slug);
  const now = new Date();
  const { header, rows } = supportReportCsv((await programmeReport(community.id, now)).rows, now);
  return new Response(csvDocument(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${community.slug}-support-report.csv"`,
      // Names teams and what they asked for.
      "Cache-Control": "no-store",
    },
  });
}
