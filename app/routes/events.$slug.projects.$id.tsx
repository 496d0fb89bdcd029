// One entry's public page, once the gallery is open.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireVisibleEvent } from "~/auth/guards.server";
import { EntryDetails } from "~/components/entry";
import { TwoThirds, pageTitle } from "~/components/layout";
import { MilestoneList, milestoneDisplay } from "~/components/milestones";
import { galleryOpen } from "~/domain/phases";
import { displayEntry, entryView } from "~/models/entries.server";
import { milestonesOfEntry } from "~/models/support.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.entry.title ?? "Project") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, canManage } = await requireVisibleEvent(request, params.slug);
  const id = z.string().uuid().safeParse(params.id);
  const view = id.success ? await entryView(event, id.data) : null;
  const shown =
    view &&
    view.submission.status === "submitted" &&
    !view.submission.disqualifiedAt &&
    (canManage || galleryOpen(event.status, event, new Date()));
  if (!shown) notFound("There is no project at this address.");
  const milestones = (await milestonesOfEntry(view.submission.id)).map(milestoneDisplay);
  return { slug: event.slug, title: event.title, entry: displayEntry(event, view), milestones };
}

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/projects`}>
        Back to the projects
      </Link>
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>{data.entry.title}</h1>
      <EntryDetails entry={data.entry} />
      {data.milestones.length > 0 ? (
        <>
          <h2>Progress since the event</h2>
          <MilestoneList milestones={data.milestones} />
        </>
      ) : null}
    </TwoThirds>
  );
}
