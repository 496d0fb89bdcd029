import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  communityOrganisers,
  eligibilityQuestions,
  emailOutbox,
  events,
  registrations,
  teamMembers,
  teams,
  type User,
} from "~/db/schema";
import { loader as callLoader } from "~/routes/events.$slug._index";
import { action as checkInAction, loader as checkInLoader } from "~/routes/events.$slug.manage.check-in";
import { loader as registrationsLoader } from "~/routes/events.$slug.manage.registrations";
import { loader as csvLoader } from "~/routes/events.$slug.manage.registrations[.]csv";
import { action as registerAction, loader as registerLoader } from "~/routes/events.$slug.register";
import { at, formRequest, getRequest, makeUser, run, signedInCookie } from "./db";

const SLUG = "leeds-2030";
const DAY = 86_400_000;

/** A published event whose registration is open now, run by one community organiser. */
async function openEvent(
  overrides: Partial<typeof events.$inferInsert> = {},
  questions = ["I work for or with an NHS organisation", "I am 18 or over"],
) {
  const db = getDb();
  const [community] = await db.insert(communities).values({ slug: "leeds", name: "Leeds Code4Health" }).returning();
  const organiser = await makeUser({ name: "Olu Organiser" });
  await db.insert(communityOrganisers).values({ communityId: community!.id, userId: organiser.id });
  const [event] = await db
    .insert(events)
    .values({
      communityId: community!.id,
      slug: SLUG,
      title: "Leeds NHS Hack Day 2030",
      kind: "hackday",
      status: "published",
      registrationOpensAt: new Date(Date.now() - DAY),
      registrationClosesAt: new Date(Date.now() + 30 * DAY),
      ...overrides,
    })
    .returning();
  if (questions.length > 0) {
    await db
      .insert(eligibilityQuestions)
      .values(questions.map((question, position) => ({ eventId: event!.id, position, question })));
  }
  return { event: event!, organiser, organiserCookie: await signedInCookie(organiser) };
}

const form = {
  intent: "save",
  professionalRole: "developer",
  organisation: "NHS England",
  skills: "Python, FHIR",
  bio: "I build things for clinicians",
  accessNeeds: "",
  lookingForTeam: "yes",
  question1: "yes",
  question2: "yes",
};

async function register(user: User, fields: Record<string, string> = {}) {
  return run(
    at(registerAction, SLUG),
    formRequest(`/events/${SLUG}/register`, { ...form, ...fields }, { cookie: await signedInCookie(user) }),
  );
}

async function withdraw(user: User, fields: Record<string, string> = { confirmWithdraw: "yes" }) {
  return run(
    at(registerAction, SLUG),
    formRequest(`/events/${SLUG}/register`, { intent: "withdraw", ...fields }, { cookie: await signedInCookie(user) }),
  );
}

async function registrationOf(user: User) {
  const [row] = await getDb().select().from(registrations).where(eq(registrations.userId, user.id));
  return row;
}

async function mailTo(user: User) {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email));
}

async function ownPage(user: User) {
  const page = await run(
    at(registerLoader, SLUG),
    getRequest(`/events/${SLUG}/register`, { cookie: await signedInCookie(user) }),
  );
  return page.data as {
    canSave: boolean;
    canWithdraw: boolean;
    registration: { status: string; position: number | null } | null;
    values: { skills: string; answers: Record<string, string> } | null;
  };
}

const errorsOf = (outcome: { data: unknown }) => (outcome.data as { errors: Record<string, string> }).errors;

describe("registering", () => {
  it("takes a place within capacity, stores the profile with the questions answered, and emails a confirmation", async () => {
    const { event } = await openEvent({ capacity: 10 });
    const priya = await makeUser({ name: "Priya Patel" });
    const outcome = await register(priya, { showProfile: "yes", accessNeeds: "Step-free access" });
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe(`/events/${SLUG}/register?done=registered`);
    expect(await registrationOf(priya)).toMatchObject({
      eventId: event.id,
      status: "registered",
      professionalRole: "developer",
      skills: ["Python", "FHIR"],
      showProfile: true,
      lookingForTeam: true,
      accessNeeds: "Step-free access",
      waitlistedAt: null,
      eligibilityAnswers: [
        { question: "I work for or with an NHS organisation", answer: "yes" },
        { question: "I am 18 or over", answer: "yes" },
      ],
    });
    const [mail] = await mailTo(priya);
    expect(mail).toMatchObject({ subject: "You are registered for Leeds NHS Hack Day 2030" });
    expect(mail!.textBody).toContain(`/events/${SLUG}/register`);

    const page = await ownPage(priya);
    expect(page.registration).toMatchObject({ status: "Registered", position: null });
    expect(page.values).toMatchObject({ skills: "Python, FHIR", answers: { question1: "yes", question2: "yes" } });
    const call = await run(
      at(callLoader, SLUG),
      getRequest(`/events/${SLUG}`, { cookie: await signedInCookie(priya) }),
    );
    expect(call.data).toMatchObject({ registrationOpen: true, registration: { waitlisted: false } });
  });

  it("treats registering again as a change to the profile: one row, no second email", async () => {
    await openEvent();
    const priya = await makeUser();
    await register(priya);
    const again = await register(priya, { skills: "User research", lookingForTeam: "" });
    expect(again.headers.get("Location")).toBe(`/events/${SLUG}/register?done=saved`);
    const rows = await getDb().select().from(registrations);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ skills: ["User research"], lookingForTeam: false, status: "registered" });
    expect(await mailTo(priya)).toHaveLength(1);
  });

  it("puts people past capacity on the waiting list with their number, and tells them", async () => {
    await openEvent({ capacity: 2 });
    const people = [];
    for (let i = 0; i < 4; i++) {
      const person = await makeUser();
      people.push(person);
      const outcome = await register(person);
      expect(outcome.headers.get("Location")).toBe(
        `/events/${SLUG}/register?done=${i < 2 ? "registered" : "waitlisted"}`,
      );
    }
    const [, , third, fourth] = people;
    expect(await registrationOf(third!)).toMatchObject({ status: "waitlisted", waitlistedAt: expect.any(Date) });
    expect((await ownPage(third!)).registration).toMatchObject({ status: "Waiting list, number 1", position: 1 });
    expect((await ownPage(fourth!)).registration).toMatchObject({ status: "Waiting list, number 2", position: 2 });
    const [mail] = await mailTo(fourth!);
    expect(mail!.subject).toBe("You are on the waiting list for Leeds NHS Hack Day 2030");
    expect(mail!.textBody).toContain("you are number 2");
    const call = await run(
      at(callLoader, SLUG),
      getRequest(`/events/${SLUG}`, { cookie: await signedInCookie(fourth!) }),
    );
    expect(call.data).toMatchObject({ registration: { waitlisted: true, position: 2 } });
  });

  it("refuses when registration has closed, even for a form opened while it was open, keeping what was typed", async () => {
    const { event } = await openEvent();
    const priya = await makeUser();
    expect((await ownPage(priya)).canSave).toBe(true);
    await getDb()
      .update(events)
      .set({ registrationClosesAt: new Date(Date.now() - 60_000) })
      .where(eq(events.id, event.id));
    const outcome = await register(priya);
    expect(outcome.status).toBe(400);
    expect(errorsOf(outcome)._form).toMatch(/^Registration closed on /);
    expect((outcome.data as { values: Record<string, string> }).values).toMatchObject({
      bio: "I build things for clinicians",
      skills: "Python, FHIR",
    });
    expect(await getDb().select().from(registrations)).toHaveLength(0);
    expect((await ownPage(priya)).canSave).toBe(false);
  });

  it("refuses someone who cannot answer yes to every eligibility question, naming the question", async () => {
    await openEvent();
    const priya = await makeUser();
    const outcome = await register(priya, { question2: "no" });
    expect(outcome.status).toBe(400);
    expect(errorsOf(outcome)).toEqual({ question2: "You can only enter if you can answer yes to: I am 18 or over" });
    const unanswered = await register(priya, { question1: "" });
    expect(errorsOf(unanswered)).toEqual({ question1: "Answer yes or no to: I work for or with an NHS organisation" });
    expect(await getDb().select().from(registrations)).toHaveLength(0);
  });

  it("answers bad values with messages that name the field, never a 500", async () => {
    await openEvent();
    const priya = await makeUser();
    const outcome = await register(priya, {
      professionalRole: "wizard",
      bio: "x".repeat(601),
      skills: Array.from({ length: 21 }, (_, i) => `skill ${i}`).join(", "),
    });
    expect(outcome.status).toBe(400);
    expect(errorsOf(outcome)).toEqual({
      professionalRole: "Select your professional role",
      bio: "Short bio must be 600 characters or fewer",
      skills: "Skills must be 20 or fewer",
    });
    const noIntent = await register(priya, { intent: "" });
    expect(noIntent.status).toBe(400);
  });

  it("hides a draft event's registration: 404 for the page and the form", async () => {
    await openEvent({ status: "draft" });
    const priya = await makeUser();
    const cookie = await signedInCookie(priya);
    expect((await run(at(registerLoader, SLUG), getRequest(`/events/${SLUG}/register`, { cookie }))).status).toBe(404);
    expect((await register(priya)).status).toBe(404);
    expect(await getDb().select().from(registrations)).toHaveLength(0);
  });

  it("sends people who are not signed in to sign in first", async () => {
    await openEvent();
    const outcome = await run(at(registerLoader, SLUG), getRequest(`/events/${SLUG}/register`));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe(`/login?redirectTo=%2Fevents%2F${SLUG}%2Fregister`);
  });
});

describe("withdrawing", () => {
  it("frees the place for the earliest on the waiting list, who is emailed", async () => {
    await openEvent({ capacity: 1 });
    const [holder, first, second] = [await makeUser(), await makeUser(), await makeUser()];
    for (const person of [holder, first, second]) await register(person);

    const unconfirmed = await withdraw(holder!, {});
    expect(unconfirmed.status).toBe(400);
    expect(errorsOf(unconfirmed)).toEqual({ confirmWithdraw: "Tick the box to confirm that you want to withdraw" });
    expect((await registrationOf(holder!))!.status).toBe("registered");

    const outcome = await withdraw(holder!);
    expect(outcome.headers.get("Location")).toBe(`/events/${SLUG}/register?done=withdrawn`);
    expect((await registrationOf(holder!))!.status).toBe("withdrawn");
    expect((await registrationOf(first!))!.status).toBe("registered");
    expect((await ownPage(second!)).registration).toMatchObject({ position: 1 });
    const promoted = await mailTo(first!);
    expect(promoted.map((mail) => mail.subject)).toEqual([
      "You are on the waiting list for Leeds NHS Hack Day 2030",
      "A place has come up for you at Leeds NHS Hack Day 2030",
    ]);
    expect(await mailTo(second!)).toHaveLength(1);

    const twice = await withdraw(holder!);
    expect(twice.status).toBe(400);
    expect(errorsOf(twice)._form).toMatch(/not registered/);
  });

  it("lets someone register again on the same row, taking a place in line behind those waiting", async () => {
    await openEvent({ capacity: 1 });
    const [holder, waiting] = [await makeUser(), await makeUser()];
    await register(holder!);
    await register(waiting!);
    const before = await registrationOf(holder!);
    await withdraw(holder!);
    const again = await register(holder!);
    expect(again.headers.get("Location")).toBe(`/events/${SLUG}/register?done=waitlisted`);
    const after = await registrationOf(holder!);
    expect(after!.id).toBe(before!.id);
    expect(after!.status).toBe("waitlisted");
    expect((await registrationOf(waiting!))!.status).toBe("registered");
  });

  it("takes the person out of their team, handing the captaincy on", async () => {
    const { event } = await openEvent();
    const [captain, member] = [await makeUser(), await makeUser()];
    await register(captain!);
    await register(member!);
    const [team] = await getDb()
      .insert(teams)
      .values({ eventId: event.id, name: "Breathe Easy", captainUserId: captain!.id, inviteCode: "code-1" })
      .returning();
    await getDb()
      .insert(teamMembers)
      .values([
        { teamId: team!.id, eventId: event.id, userId: captain!.id, joinedAt: new Date(Date.now() - 60_000) },
        { teamId: team!.id, eventId: event.id, userId: member!.id },
      ]);
    expect((await withdraw(captain!)).status).toBe(302);
    const members = await getDb().select().from(teamMembers).where(eq(teamMembers.teamId, team!.id));
    expect(members.map((row) => row.userId)).toEqual([member!.id]);
    expect((await getDb().select().from(teams))[0]!.captainUserId).toBe(member!.id);
  });
});

describe("places and locked teams", () => {
  it("gives new places to the waiting list in order when the organiser raises the number of places", async () => {
    const { event, organiser } = await openEvent({ capacity: 1 });
    const [holder, first, second, third] = [await makeUser(), await makeUser(), await makeUser(), await makeUser()];
    for (const person of [holder, first, second, third]) await register(person!);
    const { updateEvent } = await import("~/models/events.server");
    await updateEvent(organiser, event.id, { capacity: 3 });
    expect((await registrationOf(first!))!.status).toBe("registered");
    expect((await registrationOf(second!))!.status).toBe("registered");
    expect((await registrationOf(third!))!.status).toBe("waitlisted");
    expect((await mailTo(first!)).map((mail) => mail.subject)).toContain(
      "A place has come up for you at Leeds NHS Hack Day 2030",
    );
  });

  it("refuses to withdraw after the submission deadline, when teams are locked", async () => {
    const { event } = await openEvent();
    const person = await makeUser();
    await register(person);
    await getDb()
      .update(events)
      .set({ submissionsOpenAt: new Date(Date.now() - 3 * DAY), submissionDeadlineAt: new Date(Date.now() - DAY) })
      .where(eq(events.id, event.id));
    const outcome = await withdraw(person);
    expect(outcome.status).toBe(400);
    expect(errorsOf(outcome)._form).toMatch(/cannot withdraw after the submission deadline/);
    expect((await registrationOf(person))!.status).toBe("registered");
  });
});

describe("the organisers' list", () => {
  async function withRegistrations() {
    const setup = await openEvent({ capacity: 2 });
    const priya = await makeUser({ name: "Priya Patel", email: "priya@example.org" });
    const tom = await makeUser({ name: "Tom Jones" });
    const ada = await makeUser({ name: "Ada Lovelace" });
    await register(priya, { accessNeeds: "Wheelchair user", organisation: "Leeds Teaching Hospitals" });
    await register(tom, { skills: "SNOMED CT, =1+1", professionalRole: "nurse_or_midwife" });
    await register(ada);
    return { ...setup, priya, tom, ada };
  }

  it("is for organisers only: participants get 403 for the page and the CSV", async () => {
    const { priya } = await withRegistrations();
    const cookie = await signedInCookie(priya);
    const page = await run(
      at(registrationsLoader, SLUG),
      getRequest(`/events/${SLUG}/manage/registrations`, { cookie }),
    );
    expect(page.status).toBe(403);
    const csv = await run(at(csvLoader, SLUG), getRequest(`/events/${SLUG}/manage/registrations.csv`, { cookie }));
    expect(csv.status).toBe(403);
    const anonymous = await run(at(csvLoader, SLUG), getRequest(`/events/${SLUG}/manage/registrations.csv`));
    expect(anonymous.status).toBe(302);
  });

  it("searches and filters, with access needs only when asked for", async () => {
    const { organiserCookie } = await withRegistrations();
    const list = async (search: string) =>
      (
        await run(
          at(registrationsLoader, SLUG),
          getRequest(`/events/${SLUG}/manage/registrations${search}`, { cookie: organiserCookie }),
        )
      ).data as {
        counts: Record<string, number>;
        rows: { name: string; status: string; accessNeeds: string | null; skills: string }[];
      };
    const everyone = await list("");
    expect(everyone.rows.map((row) => row.name)).toEqual(["Ada Lovelace", "Priya Patel", "Tom Jones"]);
    expect(everyone.rows.map((row) => row.status)).toEqual(["Waiting list, number 1", "Registered", "Registered"]);
    expect(everyone.rows.every((row) => row.accessNeeds === null)).toBe(true);
    expect(everyone.counts).toMatchObject({ registered: 2, waitlisted: 1, withdrawn: 0 });

    expect((await list("?q=snomed")).rows.map((row) => row.name)).toEqual(["Tom Jones"]);
    expect((await list("?q=PRIYA%40example")).rows.map((row) => row.name)).toEqual(["Priya Patel"]);
    expect((await list("?q=teaching")).rows.map((row) => row.name)).toEqual(["Priya Patel"]);
    expect((await list("?q=%25")).rows).toHaveLength(0);
    expect((await list("?status=waitlisted")).rows.map((row) => row.name)).toEqual(["Ada Lovelace"]);
    expect((await list("?status=nonsense&needs=maybe")).rows).toHaveLength(3);

    const withNeeds = await list("?q=priya&needs=yes");
    expect(withNeeds.rows[0]!.accessNeeds).toBe("Wheelchair user");
  });

  it("gives organisers the CSV, with needs only when asked for and formulas neutralised", async () => {
    const { organiserCookie } = await withRegistrations();
    const download = (search: string) =>
      run(
        at(csvLoader, SLUG),
        getRequest(`/events/${SLUG}/manage/registrations.csv${search}`, { cookie: organiserCookie }),
      );
    const plain = await download("");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(plain.headers.get("Content-Disposition")).toBe(`attachment; filename="${SLUG}-registrations.csv"`);
    const body = plain.data as string;
    expect(body.split("\r\n").filter(Boolean)).toHaveLength(4);
    expect(body).not.toContain("Wheelchair user");
    expect(body).not.toContain("Access and dietary needs");
    expect(body).toContain("SNOMED CT; =1+1");

    const withNeeds = (await download("?needs=yes")).data as string;
    expect(withNeeds).toContain("Access and dietary needs");
    expect(withNeeds).toContain(",Wheelchair user\r\n");
  });
});

describe("check-in at the venue", () => {
  it("checks people in and undoes it, each audited, for organisers only", async () => {
    const { event, organiser, organiserCookie, priya } = await (async () => {
      const setup = await openEvent();
      const person = await makeUser({ name: "Priya Patel" });
      await register(person);
      return { ...setup, priya: person };
    })();
    const registration = (await registrationOf(priya))!;
    const post = (fields: Record<string, string>, cookie = organiserCookie) =>
      run(at(checkInAction, SLUG), formRequest(`/events/${SLUG}/manage/check-in`, fields, { cookie }));

    const search = await run(
      at(checkInLoader, SLUG),
      getRequest(`/events/${SLUG}/manage/check-in?q=pri`, { cookie: organiserCookie }),
    );
    expect((search.data as { people: { id: string; checkedIn: string | null }[] }).people).toEqual([
      expect.objectContaining({ id: registration.id, checkedIn: null }),
    ]);

    const refused = await post({ intent: "check-in", registrationId: registration.id }, await signedInCookie(priya));
    expect(refused.status).toBe(403);

    const checkedIn = await post({ intent: "check-in", registrationId: registration.id, q: "pri" });
    expect(checkedIn.headers.get("Location")).toBe(`/events/${SLUG}/manage/check-in?q=pri&done=checked-in`);
    expect((await registrationOf(priya))!.checkedInAt).toBeInstanceOf(Date);
    // A double tap changes nothing and is not audited twice.
    await post({ intent: "check-in", registrationId: registration.id });
    const undone = await post({ intent: "undo", registrationId: registration.id });
    expect(undone.headers.get("Location")).toBe(`/events/${SLUG}/manage/check-in?done=check-in-undone`);
    expect((await registrationOf(priya))!.checkedInAt).toBeNull();

    const audit = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, "registration"), eq(auditEvents.subjectId, registration.id)));
    expect(audit.map((row) => [row.action, row.actorUserId])).toEqual([
      ["registration.checked_in", organiser.id],
      ["registration.check_in_undone", organiser.id],
    ]);
    expect(audit[0]!.after).toMatchObject({ eventId: event.id, userId: priya.id });

    const bad = await post({ intent: "check-in", registrationId: "not-an-id" });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad)).toEqual({ registrationId: "Choose a person from the list" });
  });
});

describe.runIf(process.env.TEST_DB_DRIVER === "postgres")("registering at once (PostgreSQL)", () => {
  it("gives 3 places to 3 of 10 people who register at the same moment, and numbers the rest 1 to 7", async () => {
    await openEvent({ capacity: 3 });
    const people = await Promise.all(Array.from({ length: 10 }, () => makeUser()));
    const outcomes = await Promise.all(people.map((person) => register(person)));
    expect(outcomes.every((outcome) => outcome.status === 302)).toBe(true);
    const rows = await getDb().select().from(registrations);
    expect(rows.filter((row) => row.status === "registered")).toHaveLength(3);
    expect(rows.filter((row) => row.status === "waitlisted")).toHaveLength(7);
    const positions = await Promise.all(people.map(async (person) => (await ownPage(person)).registration!));
    expect(
      positions
        .map((registration) => registration.position)
        .filter((position) => position !== null)
        .sort((a, b) => a! - b!),
    ).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Each waiting person was told the number they still hold.
    for (const person of people) {
      const own = (await ownPage(person)).registration!;
      if (own.position === null) continue;
      const [mail] = await mailTo(person);
      expect(mail!.textBody).toContain(`you are number ${own.position}.`);
    }
  });
});
