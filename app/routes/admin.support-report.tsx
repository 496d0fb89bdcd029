// Follow-on support across every event on the platform, for administrators: the same programme
// report as each community's (components/support-report.tsx), and its CSV.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { TwoThirds, pageTitle } from "~/components/layout";
import { SupportReport } from "~/components/support-report";
import { supportReportView } from "~/domain/support-report";
import { programmeReport } from "~/models/support.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Follow-on support across every event") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const now = new Date();
  const { report } = await programmeReport(null, now);
  return { view: supportReportView(report, now) };
}

export default function AdminSupportReportPage() {
  const { view } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to="/admin">
        Back to administration
      </Link>
      <h1>Follow-on support across every event</h1>
      <TwoThirds>
        <p>
          The help that winning teams of every community&apos;s events have asked for since their results were
          announced. Each community sets its own service level; a community&apos;s organisers see its own report from
          Organise.
        </p>
      </TwoThirds>
      <SupportReport view={view} csvHref="/admin/support-report.csv" />
    </>
  );
}
