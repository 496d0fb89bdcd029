// Every event's follow-on support requests as a spreadsheet, for administrators: the same rows as
// a community's file.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/auth/guards.server";
import { csvDocument } from "~/domain/csv";
import { supportReportCsv } from "~/domain/support-report";
import { programmeReport } from "~/models/support.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const now = new Date();
  const { header, rows } = supportReportCsv((await programmeReport(null, now)).rows, now);
  return new Response(csvDocument(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="all-events-support-report.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
