// The second person's check of the proposed prize money: every prize's winners and amounts, who
// proposed them and why any differ from the ranking, then approval with the approver's password.
// The password is rate limited per address and per account, like signing in.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrganiserOfEvent } from "~/auth/guards.server";
import { enforceRateLimit } from "~/auth/rate-limit.server";
import { ErrorSummary, SubmitButton, TextField } from "~/components/form";
import { InsetText, SummaryList, pageTitle } from "~/components/layout";
import { WinnersTable, awardRows } from "~/components/prize-money";
import { formatPence } from "~/domain/money";
import { formatInstant } from "~/domain/time";
import { formError, formValues, parseForm, readForm } from "~/forms.server";
import { TIE_RULE_NAMES, allocationView, approveAllocation } from "~/models/prizes.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Approve the prize money") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  const view = await allocationView(event);
  return {
    slug: event.slug,
    title: event.title,
    status: view.status,
    version: view.version,
    isProposer: view.proposedBy !== null && view.proposedBy.id === user.id,
    proposedBy: view.proposedBy?.name ?? null,
    proposedAt: view.proposedAt ? formatInstant(view.proposedAt, event.timeZone) : null,
    approvedBy: view.approvedBy?.name ?? null,
    fund: formatPence(view.fundPence),
    allocated: formatPence(view.allocatedPence),
    tieRule: TIE_RULE_NAMES[view.tieRule],
    teamMayWinSeveral: view.teamMayWinSeveral,
    categories: view.categories.map((category) => ({
      id: category.id,
      name: category.name,
      fund: formatPence(category.fundPence),
      allocated: formatPence(category.allocatedPence),
      followsSuggestion: category.followsSuggestion,
      reason: category.reason,
      awards: awardRows(category.awards),
    })),
  };
}

const approveSchema = z.object({
  password: z.string().optional().default(""),
  version: z
    .string()
    .optional()
    .transform((value) => (value && /^\d{1,9}$/.test(value) ? Number(value) : -1)),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireOrganiserOfEvent(request, params.slug);
  await enforceRateLimit("confirmPassword", context.clientIp, user.email);
  const formData = await readForm(request);
  const values = formValues(formData, ["password"]);
  const parsed = parseForm(approveSchema, formData, { hide: ["password"] });
  if (!parsed.ok) return formError("Enter your password to approve the allocation", values, "password");
  const outcome = await approveAllocation(user, event, parsed.data);
  if ("error" in outcome) return formError(outcome.error, values, outcome.field);
  return redirect(`/events/${event.slug}/manage/prize-money?done=approved`);
}

export default function ApprovePage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}/manage/prize-money`}>
        Back to prize money
      </Link>
      <ErrorSummary errors={failure?.errors} />
      <span className="nhsuk-caption-l">{data.title}</span>
      <h1>Approve the prize money</h1>
      {data.status === "draft" ? (
        <InsetText>There is no proposed allocation to approve. It is still a draft.</InsetText>
      ) : null}
      {data.status === "approved" ? (
        <InsetText>The allocation is already approved{data.approvedBy ? ` by ${data.approvedBy}` : ""}.</InsetText>
      ) : null}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <SummaryList
            rows={[
              {
                key: "Proposed by",
                value: data.proposedBy ? `${data.proposedBy} on ${data.proposedAt}` : "Not proposed yet",
              },
              { key: "Prize fund", value: data.fund },
              { key: "Allocated", value: data.allocated },
              { key: "Ties", value: data.tieRule },
              {
                key: "More than one prize",
                value: data.teamMayWinSeveral ? "A team may win several prizes" : "A team may win one prize at most",
              },
            ]}
          />
        </div>
      </div>

      {data.categories.map((category) => (
        <section key={category.id} aria-labelledby={`category-${category.id}`}>
          <h2 id={`category-${category.id}`}>{category.name}</h2>
          <p className="nhsuk-body-s">
            Fund {category.fund}, allocated {category.allocated}.{" "}
            {category.awards.length === 0
              ? ""
              : category.followsSuggestion
                ? "The winners follow the judges' ranking."
                : "The winners differ from the judges' ranking."}
          </p>
          {category.awards.length === 0 ? (
            <p>No winners: this prize is not given.</p>
          ) : (
            <WinnersTable prizeName={category.name} awards={category.awards} />
          )}
          {category.awards.length > 0 && !category.followsSuggestion && category.reason ? (
            <div className="nhsuk-inset-text">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>
                <strong>Why: </strong>
                {category.reason}
              </p>
            </div>
          ) : null}
        </section>
      ))}

      {data.status === "proposed" ? (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2>Approve</h2>
            {data.isProposer ? (
              <p>
                You proposed this allocation, so a different organiser of this event or an administrator must approve
                it.
              </p>
            ) : (
              <>
                <p>
                  Approving freezes the allocation: the results can then be announced and the payouts started. To change
                  anything afterwards, it must go back to draft.
                </p>
                <Form method="post" noValidate>
                  <input type="hidden" name="version" value={data.version} />
                  <TextField
                    name="password"
                    label="Enter your password to approve"
                    hint="The password you sign in with. We ask for it so that nobody else can approve from a computer left signed in."
                    type="password"
                    autoComplete="current-password"
                    failure={failure}
                  />
                  <SubmitButton>Approve the allocation</SubmitButton>
                </Form>
              </>
            )}
          </div>
        </div>
      ) : null}
    </>
  );
}
