// Pieces shared by the organisers' pages of one event.
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Radios, type FormFailure } from "./form";
import { RowAction } from "./table";

export function BackToOverview({ slug }: { slug: string }) {
  return (
    <Link className="nhsuk-back-link" to={`/events/${slug}/manage`}>
      Back to the call overview
    </Link>
  );
}

export const KIND_LABELS = { hackday: "NHS Hack Day", challenge: "Code4Health challenge" } as const;

export interface Task {
  name: string;
  href: string;
  done: boolean;
  /** Not needed to publish: shown as "Optional" until done. */
  optional?: boolean;
}

/** The NHS.UK task list: each part of the call with whether it is ready. */
export function TaskList({ tasks }: { tasks: Task[] }) {
  return (
    <ul className="nhsuk-task-list">
      {tasks.map((task, index) => (
        <li className="nhsuk-task-list__item nhsuk-task-list__item--with-link" key={task.href}>
          <div className="nhsuk-task-list__name-and-hint">
            <Link className="nhsuk-task-list__link nhsuk-link" to={task.href} aria-describedby={`task-${index}-status`}>
              {task.name}
            </Link>
          </div>
          <div className="nhsuk-task-list__status" id={`task-${index}-status`}>
            {task.done ? (
              <strong className="nhsuk-tag nhsuk-tag--no-colour nhsuk-tag--no-border nhsuk-u-font-weight-normal">
                Completed
              </strong>
            ) : task.optional ? (
              <strong className="nhsuk-tag nhsuk-tag--grey">Optional</strong>
            ) : (
              <strong className="nhsuk-tag nhsuk-tag--blue">Incomplete</strong>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** One item in an organiser's list (a theme, a prize) with its Change link and Remove button. */
export function EditableCard({
  heading,
  changeTo,
  removeFields,
  children,
}: {
  heading: string;
  changeTo: string;
  removeFields: Record<string, string>;
  children: ReactNode;
}) {
  return (
    <div className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">{heading}</h2>
        {children}
        <p>
          <Link to={changeTo}>
            Change<span className="nhsuk-u-visually-hidden"> {heading}</span>
          </Link>
        </p>
        <RowAction fields={removeFields} label="Remove" context={heading} />
      </div>
    </div>
  );
}

export function KindRadios({ failure, defaultValue }: { failure?: FormFailure; defaultValue?: string }) {
  return (
    <Radios
      name="kind"
      legend="Kind of event"
      choices={[
        { value: "hackday", label: KIND_LABELS.hackday, hint: "A weekend, in person, with pitches to a judging panel" },
        { value: "challenge", label: KIND_LABELS.challenge, hint: "Weeks long and remote" },
      ]}
      failure={failure}
      defaultValue={defaultValue}
    />
  );
}

/**
 * The form under an organiser's list that adds an item, or changes the one chosen with "Change".
 * A fresh form for each new location: after a save (which redirects) it is empty again; after an
 * error it shows what was typed.
 */
export function AddOrChangeForm({
  idField,
  editingId,
  children,
}: {
  idField: string;
  editingId: string | undefined;
  children: ReactNode;
}) {
  const location = useLocation();
  return (
    <Form method="post" noValidate key={editingId ?? location.key}>
      <input type="hidden" name="intent" value={editingId ? "change" : "add"} />
      {editingId ? <input type="hidden" name={idField} value={editingId} /> : null}
      {children}
    </Form>
  );
}
