// A team's entry as others read it: on the public project page, for organisers, and for the team
// once its deadline has passed. The code link points at the commit frozen at the deadline.
import type { ReactNode } from "react";
import { SummaryList } from "~/components/layout";

export interface EntryDisplay {
  slug: string;
  teamName: string;
  title: string;
  summary: string;
  descriptionHtml: string;
  themeTitle: string | null;
  repositoryUrl: string;
  demoUrl: string;
  videoUrl: string;
  licenceName: string;
  technologies: string[];
  contributions: { name: string; text: string }[];
  members: string[];
  dataAttestation: boolean | null;
  screenshots: { id: string; description: string }[];
  code: CodeAtDeadline | null;
}

export interface CodeAtDeadline {
  /** The commit judged: frozen at the deadline, or recorded at submission until then. */
  commit: string;
  shortCommit: string;
  url: string;
  frozen: boolean;
  /** When the repository was last seen at a different commit since the freeze. */
  movedOnAt: string | null;
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

export function CodeAtDeadlineNotice({ code }: { code: CodeAtDeadline }) {
  return (
    <>
      <p>
        <ExternalLink href={code.url}>
          View the code {code.frozen ? "as it was at the deadline" : "as submitted"}
          <span className="nhsuk-u-visually-hidden">, </span>
        </ExternalLink>{" "}
        (commit <code>{code.shortCommit}</code>)
      </p>
      {code.movedOnAt ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              The repository has changed since the deadline
            </span>
          </h3>
          <p>
            When we looked on {code.movedOnAt}, the repository had commits made after the deadline. Judge the code at
            commit <code>{code.shortCommit}</code>, which the link above opens.
          </p>
        </div>
      ) : null}
    </>
  );
}

export function EntryDetails({ entry }: { entry: EntryDisplay }) {
  const rows: { key: string; value: ReactNode }[] = [
    { key: "Team", value: entry.members.length ? `${entry.teamName}: ${entry.members.join(", ")}` : entry.teamName },
  ];
  if (entry.themeTitle) rows.push({ key: "Theme", value: entry.themeTitle });
  rows.push({
    key: "Repository",
    value: entry.repositoryUrl ? <ExternalLink href={entry.repositoryUrl}>{entry.repositoryUrl}</ExternalLink> : "None",
  });
  if (entry.demoUrl)
    rows.push({ key: "Demo", value: <ExternalLink href={entry.demoUrl}>{entry.demoUrl}</ExternalLink> });
  if (entry.videoUrl) {
    rows.push({ key: "Video", value: <ExternalLink href={entry.videoUrl}>{entry.videoUrl}</ExternalLink> });
  }
  if (entry.licenceName) rows.push({ key: "Licence", value: entry.licenceName });
  if (entry.technologies.length) rows.push({ key: "Technologies and standards", value: entry.technologies.join(", ") });
  if (entry.dataAttestation !== null) {
    rows.push({
      key: "Patient data",
      value: entry.dataAttestation ? "The team confirms it uses no real patient data" : "Not confirmed",
    });
  }
  return (
    <>
      {entry.summary ? <p className="nhsuk-lede-text">{entry.summary}</p> : null}
      {entry.code ? <CodeAtDeadlineNotice code={entry.code} /> : null}
      <SummaryList rows={rows} />
      {entry.descriptionHtml ? (
        <>
          <h2>About the project</h2>
          <div className="app-prose" dangerouslySetInnerHTML={{ __html: entry.descriptionHtml }} />
        </>
      ) : null}
      {entry.contributions.length ? (
        <>
          <h2>Who did what</h2>
          <SummaryList rows={entry.contributions.map(({ name, text }) => ({ key: name, value: text }))} />
        </>
      ) : null}
      {entry.screenshots.length ? (
        <>
          <h2>Screenshots</h2>
          {entry.screenshots.map((screenshot) => (
            <figure className="app-screenshot" key={screenshot.id}>
              <img src={`/events/${entry.slug}/screenshots/${screenshot.id}`} alt={screenshot.description} />
              <figcaption className="nhsuk-body-s">{screenshot.description}</figcaption>
            </figure>
          ))}
        </>
      ) : null}
    </>
  );
}
