// A support request's status as a coloured tag, the same for the team and for support staff.
import type { SupportStatus } from "~/domain/support";

const STATUS_TAGS: Record<SupportStatus, string> = {
  open: "nhsuk-tag nhsuk-tag--blue",
  triaged: "nhsuk-tag nhsuk-tag--purple",
  in_progress: "nhsuk-tag nhsuk-tag--aqua-green",
  waiting_on_team: "nhsuk-tag nhsuk-tag--yellow",
  resolved: "nhsuk-tag nhsuk-tag--green",
  closed: "nhsuk-tag nhsuk-tag--grey",
};

export function StatusTag({ status, name }: { status: SupportStatus; name: string }) {
  return <strong className={STATUS_TAGS[status]}>{name}</strong>;
}
