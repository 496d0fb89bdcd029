// Registering for an event, and afterwards the person's own registration: their place or number
// on the waiting list, their profile to change, and withdrawing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser, requireVisibleEvent } from "~/auth/guards.server";
import { Checkbox, ErrorSummary, Radios, SubmitButton, TextArea, TextField } from "~/components/form";
import { InsetText, TwoThirds, pageTitle, SummaryList } from "~/components/layout";
import { checkbox } from "~/domain/fields";
import { MAX_SKILLS, PROFESSIONAL_ROLES } from "~/domain/participants";
import { phaseFlags } from "~/domain/phases";
import {
  MAX_BIO_LENGTH,
  answerField,
  checkInTime,
  eligibilityAnswers,
  previousAnswers,
  registrationClosedMessage,
  registrationDecision,
  registrationSchema,
  statusLabel,
  withdrawalRefusal,
} from "~/domain/registration";
import { formError, formValues, parseForm, rejectForm, readForm } from "~/forms.server";
import { getCall } from "~/models/events.server";
import { getOwnRegistration, saveRegistration, withdrawRegistration } from "~/models/registrations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: pageTitle(
      data ? `${data.registration ? "Your registration for" : "Register for"} ${data.title}` : "Register",
    ),
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const [call, own] = await Promise.all([getCall(event.slug), getOwnRegistration(event.id, user.id)]);
  const now = new Date();
  const registrationOpen = phaseFlags(event.status, event, now).registrationOpen;
  const current = own?.registration ?? null;
  const held = current && current.status !== "withdrawn" ? current : null;
  const texts = call!.questions.map((row) => row.question);
  return {
    slug: event.slug,
    title: event.title,
    questions: texts,
    canSave: registrationDecision(event.status, registrationOpen, current?.status ?? null) !== "closed",
    canWithdraw: withdrawalRefusal(event.status, current?.status ?? null) === null,
    closedMessage: registrationOpen ? null : registrationClosedMessage(event, now),
    withdrawn: current?.status === "withdrawn",
    registration: held && {
      status: statusLabel(held.status, own!.position),
      waitlisted: held.status === "waitlisted",
      position: own!.position,
      checkedIn: held.checkedInAt ? checkInTime(held.checkedInAt, event.timeZone) : null,
    },
    values: current && {
      professionalRole: current.professionalRole,
      organisation: current.organisation,
      skills: current.skills.join(", "),
      bio: current.bio,
      accessNeeds: current.accessNeeds,
      showProfile: current.showProfile,
      lookingForTeam: current.lookingForTeam,
      answers: previousAnswers(texts, current.eligibilityAnswers),
    },
    done: new URL(request.url).searchParams.get("done"),
  };
}

const withdrawSchema = z.object({
  intent: z.literal("withdraw"),
  confirmWithdraw: checkbox.refine(Boolean, "Tick the box to confirm that you want to withdraw"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { event } = await requireVisibleEvent(request, params.slug);
  const questions = (await getCall(event.slug))!.questions.map((row) => row.question);
  const formData = await readForm(request);
  const parsed = parseForm(
    z.discriminatedUnion("intent", [
      registrationSchema(questions).extend({ intent: z.literal("save") }),
      withdrawSchema,
    ]),
    formData,
  );
  if (!parsed.ok) return rejectForm(parsed.failure);
  const here = `/events/${event.slug}/register`;
  const input = parsed.data;
  const outcome =
    input.intent === "withdraw"
      ? await withdrawRegistration(user, event.id)
      : await saveRegistration(user, event.id, {
          professionalRole: input.professionalRole,
          organisation: input.organisation,
          skills: input.skills,
          bio: input.bio,
          accessNeeds: input.accessNeeds,
          showProfile: input.showProfile,
          lookingForTeam: input.lookingForTeam,
          eligibilityAnswers: eligibilityAnswers(questions),
        });
  // What was typed comes back with the message, so that nothing is lost when registration has just closed.
  if ("error" in outcome) return formError(outcome.error, formValues(formData));
  return redirect(`${here}?done=${outcome.done}`);
}

function confirmation(done: string | null, position: number | null): string | null {
  switch (done) {
    case "registered":
      return "You are registered. We have sent you an email to confirm.";
    case "waitlisted":
      return position === null
        ? "The event was full, so you joined the waiting list."
        : `The event is full, so you are on the waiting list, number ${position}. We will email you if a place comes up.`;
    case "saved":
      return "Your changes have been saved.";
    case "withdrawn":
      return "You have withdrawn from this event. If you were in a team, you have left it.";
    default:
      return null;
  }
}

export default function RegisterPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  // Each form keeps what was typed into it; an error in one must not empty the other.
  const withdrawing = failure?.values.intent === "withdraw";
  const profileFailure = withdrawing ? undefined : failure;
  const message = failure ? null : confirmation(data.done, data.registration?.position ?? null);
  const values = data.values;
  return (
    <TwoThirds>
      <Link className="nhsuk-back-link" to={`/events/${data.slug}`}>
        Back to the event
      </Link>
      {message ? <InsetText>{message}</InsetText> : null}
      <ErrorSummary errors={failure?.errors} />
      <h1>{data.registration ? `Your registration for ${data.title}` : `Register for ${data.title}`}</h1>

      {data.registration ? (
        <SummaryList
          rows={[
            {
              key: "Status",
              value: (
                <>
                  {data.registration.status}
                  {data.registration.waitlisted ? (
                    <p className="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
                      Places go to the waiting list in the order people joined it. We will email you if a place comes
                      up.
                    </p>
                  ) : null}
                </>
              ),
            },
            ...(data.registration.checkedIn ? [{ key: "Checked in", value: data.registration.checkedIn }] : []),
          ]}
        />
      ) : null}

      {data.withdrawn && data.canSave ? <p>You withdrew from this event. You can register again below.</p> : null}
      {!data.canSave && data.closedMessage ? <p>{data.closedMessage}.</p> : null}

      {data.canSave || profileFailure ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save" />
          {data.registration ? <h2>Your profile</h2> : null}
          <Radios
            name="professionalRole"
            legend="Your professional role"
            hint="The role you would bring to a team."
            choices={PROFESSIONAL_ROLES.map((role) => ({ value: role.value, label: role.label }))}
            failure={profileFailure}
            defaultValue={values?.professionalRole}
          />
          <TextField
            name="organisation"
            label="Organisation (optional)"
            hint="For example: Leeds Teaching Hospitals NHS Trust, or a university."
            failure={profileFailure}
            defaultValue={values?.organisation}
          />
          <TextField
            name="skills"
            label="Skills (optional)"
            hint={`Separate each skill with a comma, up to ${MAX_SKILLS}. For example: FHIR, Python, user research, respiratory nursing.`}
            failure={profileFailure}
            defaultValue={values?.skills}
          />
          <TextArea
            name="bio"
            label="Short bio (optional)"
            hint={`What you do and what you would like to work on, in ${MAX_BIO_LENGTH} characters or fewer.`}
            failure={profileFailure}
            defaultValue={values?.bio}
            rows={4}
          />
          {data.questions.length > 0 ? <h2>Who can enter</h2> : null}
          {data.questions.map((question, index) => (
            <Radios
              key={question}
              name={answerField(index)}
              legend={question}
              choices={[
                { value: "yes", label: "Yes" },
                { value: "no", label: "No" },
              ]}
              inline
              failure={profileFailure}
              defaultValue={values?.answers[answerField(index)]}
            />
          ))}
          <h2>Taking part</h2>
          <TextArea
            name="accessNeeds"
            label="Access or dietary needs (optional)"
            hint="Only the organisers see this, and only to make the event work for you. For example: step-free access, a quiet room, vegetarian or halal food."
            failure={profileFailure}
            defaultValue={values?.accessNeeds}
            rows={3}
          />
          <Checkbox
            name="showProfile"
            label="Show my profile to other participants"
            hint="Your name, role, organisation, skills and bio, so that people forming teams can find you. Never your email address or your needs."
            failure={profileFailure}
            defaultChecked={values?.showProfile ?? false}
          />
          <Checkbox
            name="lookingForTeam"
            label="I am looking for a team"
            failure={profileFailure}
            defaultChecked={values?.lookingForTeam ?? true}
          />
          <SubmitButton>{data.registration ? "Save changes" : "Register"}</SubmitButton>
        </Form>
      ) : null}

      {data.canWithdraw ? (
        <>
          <h2>Withdraw</h2>
          <p>
            If you can no longer take part, withdraw so that your place can go to the next person on the waiting list.
            If you are in a team, you will leave it.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <Checkbox
              name="confirmWithdraw"
              label={`I want to withdraw from ${data.title}`}
              failure={withdrawing ? failure : undefined}
            />
            <button type="submit" className="nhsuk-button nhsuk-button--warning">
              Withdraw
            </button>
          </Form>
        </>
      ) : null}
    </TwoThirds>
  );
}
