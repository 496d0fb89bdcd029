// The event's gallery: every submitted entry, once results are published (or from the deadline
// when the organisers chose so). Organisers can look before then.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireVisibleEvent } from "~/auth/guards.server";
import { InsetText, pageTitle } from "~/components/layout";
import { galleryOpen } from "~/domain/phases";
import { galleryEntries } from "~/models/entries.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Projects at ${data.title}` : "Projects") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, canManage } = await requireVisibleEvent(request, params.slug);
  const open = galleryOpen(event.status, event, new Date());
  return {
    slug: event.slug,
    title: event.title,
    open,
    preview: !open && canManage,
    projects: open || canManage ? await galleryEntries(event) : [],
  };
}

export default function GalleryPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to {data.title}
      </Link>
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Projects</h1>
      {data.preview ? (
        <InsetText>Only organisers can see this page until the gallery opens to the public.</InsetText>
      ) : null}
      {!data.open && !data.preview ? (
        <p>The projects will be shown here when the results are published.</p>
      ) : data.projects.length === 0 ? (
        <p>No entries have been submitted.</p>
      ) : (
        <ul className="nhsuk-grid-row nhsuk-card-group">
          {data.projects.map((project) => (
            <li className="nhsuk-grid-column-one-third nhsuk-card-group__item" key={project.id}>
              <div className="nhsuk-card nhsuk-card--clickable">
                {project.firstScreenshotId ? (
                  <img
                    className="nhsuk-card__img app-gallery__image"
                    src={`/events/${data.slug}/screenshots/${project.firstScreenshotId}`}
                    alt={project.firstScreenshotDescription ?? ""}
                  />
                ) : null}
                <div className="nhsuk-card__content">
                  <h2 className="nhsuk-card__heading nhsuk-heading-m">
                    <Link className="nhsuk-card__link" to={`/events/${data.slug}/projects/${project.id}`}>
                      {project.title || "Untitled entry"}
                    </Link>
                  </h2>
                  <p className="nhsuk-card__description">{project.summary}</p>
                  <p className="nhsuk-body-s">
                    {project.teamName}
                    {project.themeTitle ? ` · ${project.themeTitle}` : ""}
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
