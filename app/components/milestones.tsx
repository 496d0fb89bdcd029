// A winning team's milestones since the event, as its support page and its public project page
// list them: newest first, each with its kind, title, date and what the team wrote about it.
import { MILESTONE_KIND_NAMES, type MilestoneKind } from "~/domain/support";
import { formatDate } from "~/domain/time";

export interface MilestoneDisplay {
  id: string;
  kind: string;
  title: string;
  achievedOn: string;
  description: string;
}

/** A milestone as a page shows it; who posted it is left out, since the project page is public. */
export function milestoneDisplay(milestone: {
  id: string;
  kind: MilestoneKind;
  title: string;
  achievedOn: string;
  description: string;
}): MilestoneDisplay {
  return {
    id: milestone.id,
    kind: MILESTONE_KIND_NAMES[milestone.kind],
    title: milestone.title,
    achievedOn: formatDate(milestone.achievedOn),
    description: milestone.description,
  };
}

export function MilestoneList({ milestones }: { milestones: MilestoneDisplay[] }) {
  return (
    <ul className="nhsuk-list">
      {milestones.map((milestone) => (
        <li className="nhsuk-card" key={milestone.id}>
          <div className="nhsuk-card__content">
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              <strong className="nhsuk-tag nhsuk-tag--blue">{milestone.kind}</strong>{" "}
              <span className="nhsuk-u-secondary-text-colour">{milestone.achievedOn}</span>
            </p>
            <h3 className="nhsuk-card__heading nhsuk-heading-s">{milestone.title}</h3>
            {milestone.description ? (
              <p className="nhsuk-card__description app-pre-line">{milestone.description}</p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
