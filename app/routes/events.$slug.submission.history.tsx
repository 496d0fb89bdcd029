// Every version of the team's entry: who saved it, when, and what changed.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { TwoThirds, pageTitle } from "~/components/layout";
import { formatInstant } from "~/domain/time";
import { entryHistory } from "~/models/submissions.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Versions of your entry") }];

const ACTIONS: Record<string, string> = {
  saved: "Saved",
  submitted: "Submitted",
  returned_to_draft: "Returned to a draft",
  screenshot_added: "Added a screenshot",
  screenshot_removed: "Removed a screenshot",
  imported: "Imported by the organisers",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const history = await entryHistory(event, user.id);
  return {
    slug: event.slug,
    title: event.title,
    teamName: history?.team.name ?? null,
    versions: (history?.versions ?? []).map((version) => ({
      version: version.version,
      action: ACTIONS[version.action] ?? version.action,
      by: version.name ?? "Someone who has since left",
      at: formatInstant(version.createdAt, event.timeZone),
      changes: version.changes,
    })),
  };
}

export default function EntryHistoryPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/submission`}>
        Back to your entry
      </Link>
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Versions of your entry</h1>
      {data.teamName === null ? (
        <p>You are not in a team at this event.</p>
      ) : data.versions.length === 0 ? (
        <p>Nobody in {data.teamName} has saved the entry yet.</p>
      ) : (
        <ol className="nhsuk-list" reversed>
          {data.versions.map((version) => (
            <li key={version.version} className="app-version">
              <h2 className="nhsuk-heading-s">
                Version {version.version}: {version.action} by {version.by} on {version.at}
              </h2>
              {version.changes.length ? (
                <dl className="nhsuk-summary-list">
                  {version.changes.map((change) => (
                    <div className="nhsuk-summary-list__row" key={change.field}>
                      <dt className="nhsuk-summary-list__key">{change.label}</dt>
                      <dd className="nhsuk-summary-list__value app-pre-line">
                        {change.before ? (
                          <>
                            <span className="nhsuk-u-visually-hidden">Was: </span>
                            <del>{change.before}</del>
                            <br />
                          </>
                        ) : null}
                        {change.after ? (
                          <>
                            <span className="nhsuk-u-visually-hidden">Now: </span>
                            <ins>{change.after}</ins>
                          </>
                        ) : (
                          "Removed"
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <p className="nhsuk-body-s">No fields changed.</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </TwoThirds>
  );
}
