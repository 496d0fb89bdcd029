import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  communityOrganisers,
  emailOutbox,
  events,
  registrations,
  teamMembers,
  teamRequests,
  teams,
  themes,
  type Event,
  type User,
} from "~/db/schema";
import { INVITE_LINK_WRONG, TEAMS_LOCKED, TEAM_FULL, TEAM_NAME_TAKEN } from "~/domain/teams";
import { joinByInviteCode } from "~/models/teams.server";
import { action as joinAction, loader as joinLoader } from "~/routes/events.$slug.join.$code";
import { action as manageAction, loader as manageLoader } from "~/routes/events.$slug.manage.teams";
import { action as teamAction, loader as teamLoader } from "~/routes/events.$slug.team";
import { action as boardAction, loader as boardLoader } from "~/routes/events.$slug.teams";
import { at, context, formRequest, getRequest, makeUser, run, signedInCookie, type Outcome } from "./db";

const SLUG = "leeds-2030";

async function setUpEvent(slug = SLUG, overrides: Partial<typeof events.$inferInsert> = {}) {
  const db = getDb();
  const [community] = await db
    .insert(communities)
    .values({ slug: `${slug}-community`, name: "Leeds Code4Health" })
    .returning();
  const [event] = await db
    .insert(events)
    .values({
      communityId: community!.id,
      slug,
      title: `Hack day ${slug}`,
      kind: "hackday",
      status: "published",
      registrationOpensAt: new Date("2026-01-10T09:00:00Z"),
      registrationClosesAt: new Date("2030-03-01T17:00:00Z"),
      submissionsOpenAt: new Date("2030-06-08T09:00:00Z"),
      submissionDeadlineAt: new Date("2030-06-09T13:00:00Z"),
      gracePeriodMinutes: 15,
      teamSizeMin: 2,
      teamSizeMax: 4,
      ...overrides,
    })
    .returning();
  const [theme] = await db
    .insert(themes)
    .values({ eventId: event!.id, position: 0, title: "Missed respiratory appointments" })
    .returning();
  return { community: community!, event: event!, theme: theme! };
}

interface Person {
  user: User;
  cookie: string;
}

async function participant(
  event: Event,
  registration: Partial<typeof registrations.$inferInsert> = {},
  name?: string,
): Promise<Person> {
  const user = await makeUser(name ? { name } : {});
  await getDb()
    .insert(registrations)
    .values({
      eventId: event.id,
      userId: user.id,
      professionalRole: "developer",
      showProfile: true,
      accessNeeds: `Step-free access for ${user.name}`,
      ...registration,
    });
  return { user, cookie: await signedInCookie(user) };
}

async function organiser(communityId: string): Promise<Person> {
  const user = await makeUser();
  await getDb().insert(communityOrganisers).values({ communityId, userId: user.id });
  return { user, cookie: await signedInCookie(user) };
}

const teamPost = (who: Person, fields: Record<string, string>, slug = SLUG) =>
  run(at(teamAction, slug), formRequest(`/events/${slug}/team`, fields, { cookie: who.cookie }));
const teamGet = (who: Person, slug = SLUG) =>
  run(at(teamLoader, slug), getRequest(`/events/${slug}/team`, { cookie: who.cookie }));
const boardPost = (who: Person, fields: Record<string, string>, slug = SLUG) =>
  run(at(boardAction, slug), formRequest(`/events/${slug}/teams`, fields, { cookie: who.cookie }));
const boardGet = (who: Person | null, search = "", slug = SLUG) =>
  run(at(boardLoader, slug), getRequest(`/events/${slug}/teams${search}`, who ? { cookie: who.cookie } : {}));
const managePost = (who: Person, fields: Record<string, string>) =>
  run(at(manageAction, SLUG), formRequest(`/events/${SLUG}/manage/teams`, fields, { cookie: who.cookie }));

function withCode(handler: (args: never) => unknown, code: string) {
  return (args: { request: Request; context: ReturnType<typeof context> }) =>
    (handler as (args: unknown) => unknown)({ ...args, params: { slug: SLUG, code } });
}
const joinGet = (who: Person, code: string) =>
  run(withCode(joinLoader, code), getRequest(`/events/${SLUG}/join/${code}`, { cookie: who.cookie }));
const joinPost = (who: Person, code: string) =>
  run(withCode(joinAction, code), formRequest(`/events/${SLUG}/join/${code}`, {}, { cookie: who.cookie }));

function errorOf(outcome: Outcome, field = "_form"): string | undefined {
  return (outcome.data as { errors?: Record<string, string> }).errors?.[field];
}

async function createTeam(captain: Person, name = "Breathe Easy", extra: Record<string, string> = {}) {
  const outcome = await teamPost(captain, { intent: "create", name, pitch: "", rolesWanted: "", ...extra });
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  const [team] = await getDb().select().from(teams).where(eq(teams.captainUserId, captain.user.id));
  return team!;
}

async function membersOf(teamId: string): Promise<string[]> {
  const rows = await getDb().select().from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return rows.map((row) => row.userId).sort();
}

async function pendingRequest(teamId: string, userId: string) {
  const [row] = await getDb()
    .select()
    .from(teamRequests)
    .where(and(eq(teamRequests.teamId, teamId), eq(teamRequests.userId, userId), eq(teamRequests.status, "pending")));
  return row!;
}

async function mailTo(user: User) {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email));
}

describe("creating a team", () => {
  it("makes the creator captain and first member, with theme, pitch and roles wanted", async () => {
    const { event, theme } = await setUpEvent();
    const amara = await participant(event);
    const body = new URLSearchParams({
      intent: "create",
      name: "  Breathe   Easy ",
      themeId: theme.id,
      pitch: "Text reminders for respiratory follow-ups",
    });
    body.append("rolesWanted", "nurse_or_midwife");
    body.append("rolesWanted", "designer");
    const created = await run(
      at(teamAction, SLUG),
      new Request(`http://localhost:3000/events/${SLUG}/team`, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: amara.cookie },
      }),
    );
    expect(created.headers.get("Location")).toBe(`/events/${SLUG}/team?done=create`);
    const [team] = await getDb().select().from(teams);
    expect(team).toMatchObject({
      name: "Breathe Easy",
      themeId: theme.id,
      captainUserId: amara.user.id,
      rolesWanted: ["nurse_or_midwife", "designer"],
    });
    expect(team!.inviteCode).toMatch(/^[a-z2-7]{24}$/);
    expect(await membersOf(team!.id)).toEqual([amara.user.id]);

    const page = (await teamGet(amara)).data as {
      team: { isCaptain: boolean; inviteLink: string; rolesWanted: string[]; themeTitle: string };
    };
    expect(page.team).toMatchObject({
      isCaptain: true,
      themeTitle: "Missed respiratory appointments",
      rolesWanted: ["Nurse or midwife", "Designer"],
      inviteLink: `http://localhost:3000/events/${SLUG}/join/${team!.inviteCode}`,
    });
  });

  it("refuses a name another team has whatever its case, and keeps what was typed", async () => {
    const { event } = await setUpEvent();
    await createTeam(await participant(event), "Breathe Easy");
    const tom = await participant(event);
    const clash = await teamPost(tom, { intent: "create", name: "BREATHE easy", pitch: "Our idea" });
    expect(clash.status).toBe(400);
    expect(errorOf(clash, "name")).toBe(TEAM_NAME_TAKEN);
    expect((clash.data as { values: Record<string, string> }).values.pitch).toBe("Our idea");
    expect(await getDb().select().from(teams)).toHaveLength(1);
    expect(await getDb().select().from(teamMembers).where(eq(teamMembers.userId, tom.user.id))).toHaveLength(0);
  });

  it("names the field for bad input and refuses people not registered or on the waiting list", async () => {
    const { event } = await setUpEvent();
    const other = await setUpEvent("bradford-2030");
    const amara = await participant(event);
    const bad = await teamPost(amara, {
      intent: "create",
      name: "",
      pitch: "x".repeat(1001),
      rolesWanted: "surgeon",
      themeId: other.theme.id,
    });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string> }).errors).toMatchObject({
      name: "Enter team name",
      pitch: "Pitch must be 1,000 characters or fewer",
      rolesWanted: "Select the roles you want from the list",
    });
    const foreignTheme = await teamPost(amara, { intent: "create", name: "Mine", themeId: other.theme.id });
    expect(errorOf(foreignTheme, "themeId")).toBe("Select a theme from the list");

    const waiting = await participant(event, { status: "waitlisted" });
    const strangerUser = await makeUser();
    const stranger = { user: strangerUser, cookie: await signedInCookie(strangerUser) };
    for (const who of [waiting, stranger]) {
      const refused = await teamPost(who, { intent: "create", name: "Ours" });
      expect(errorOf(refused)).toBe("Register for this event before you create a team");
    }
    expect(await getDb().select().from(teams)).toHaveLength(0);
  });
});

describe("changing a team's details", () => {
  it("lets the captain change name, theme, pitch and roles, and refuses a taken name or another event's theme", async () => {
    const { event, theme } = await setUpEvent();
    const other = await setUpEvent("york-2030");
    const amara = await participant(event);
    const tom = await participant(event);
    const team = await createTeam(amara, "Breathe Easy");
    await createTeam(tom, "Ward Watch");
    const edit = (who: Person, fields: Record<string, string>) =>
      teamPost(who, {
        intent: "edit",
        name: "Breathe Easier",
        themeId: theme.id,
        pitch: "New pitch",
        rolesWanted: "nurse_or_midwife",
        ...fields,
      });

    expect((await edit(amara, {})).status).toBe(302);
    const [saved] = await getDb().select().from(teams).where(eq(teams.id, team.id));
    expect(saved).toMatchObject({
      name: "Breathe Easier",
      themeId: theme.id,
      pitch: "New pitch",
      rolesWanted: ["nurse_or_midwife"],
    });

    const taken = await edit(amara, { name: "ward watch" });
    expect(errorOf(taken, "name")).toBe(TEAM_NAME_TAKEN);
    expect((taken.data as { values: Record<string, string> }).values.name).toBe("ward watch");
    expect(errorOf(await edit(amara, { themeId: other.theme.id }), "themeId")).toBe("Select a theme from the list");
    expect(errorOf(await edit(tom, { name: "Tom's team" }))).toBeUndefined();
    const [toms] = await getDb().select().from(teams).where(eq(teams.captainUserId, tom.user.id));
    expect(toms!.name).toBe("Tom's team");
  });

  it("refuses a member who is not the captain", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const ben = await participant(event);
    const team = await createTeam(amara);
    await joinByInviteCode(ben.user, event, team.inviteCode);
    const outcome = await teamPost(ben, { intent: "edit", name: "Hijacked", pitch: "", rolesWanted: "" });
    expect(errorOf(outcome)).toBe("Only the team's captain can change its details");
  });
});

describe("joining by invite link", () => {
  it("joins on a click, and a renewed link refuses the old code", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const priya = await participant(event);
    const team = await createTeam(amara);

    const preview = await joinGet(tom, team.inviteCode);
    expect(preview.data).toMatchObject({ team: { name: "Breathe Easy", size: 1, max: 4 }, refusal: null });
    expect(await membersOf(team.id)).toEqual([amara.user.id]);
    const joined = await joinPost(tom, team.inviteCode);
    expect(joined.headers.get("Location")).toBe(`/events/${SLUG}/team?done=joined`);
    expect(await membersOf(team.id)).toEqual([amara.user.id, tom.user.id].sort());

    // Only the captain renews the link.
    expect(errorOf(await teamPost(tom, { intent: "renew-link" }))).toBe(
      "Only the team's captain can renew the invite link",
    );
    expect((await teamPost(amara, { intent: "renew-link" })).status).toBe(302);
    const [renewed] = await getDb().select().from(teams);
    expect(renewed!.inviteCode).not.toBe(team.inviteCode);

    const old = await joinGet(priya, team.inviteCode);
    expect(old.status).toBe(404);
    expect(old.data).toMatchObject({ message: INVITE_LINK_WRONG });
    const oldPost = await joinPost(priya, team.inviteCode);
    expect(oldPost.status).toBe(400);
    expect(errorOf(oldPost)).toBe(INVITE_LINK_WRONG);
    expect(await membersOf(team.id)).not.toContain(priya.user.id);
    expect((await joinPost(priya, renewed!.inviteCode)).status).toBe(302);
    expect(await membersOf(team.id)).toContain(priya.user.id);
  });

  it("refuses a code from another event's team", async () => {
    const { event } = await setUpEvent();
    const other = await setUpEvent("bradford-2030");
    const theirs = await participant(other.event);
    expect((await teamPost(theirs, { intent: "create", name: "Theirs" }, "bradford-2030")).status).toBe(302);
    const [foreign] = await getDb().select().from(teams);
    const tom = await participant(event);
    expect(errorOf(await joinPost(tom, foreign!.inviteCode))).toBe(INVITE_LINK_WRONG);
    expect(await membersOf(foreign!.id)).toEqual([theirs.user.id]);
  });
});

describe("join requests and invitations", () => {
  it("lets a captain accept or decline requests, emailing both sides", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const priya = await participant(event);
    const team = await createTeam(amara);

    const asked = await boardPost(tom, { intent: "ask-to-join", teamId: team.id, message: "I know FHIR" });
    expect(asked.headers.get("Location")).toBe(`/events/${SLUG}/teams?done=ask-to-join`);
    expect(errorOf(await boardPost(tom, { intent: "ask-to-join", teamId: team.id }))).toBe(
      "You have already asked to join this team",
    );
    await boardPost(priya, { intent: "ask-to-join", teamId: team.id });
    const toCaptain = await mailTo(amara.user);
    expect(toCaptain.map((mail) => mail.subject).sort()).toEqual(
      [`${priya.user.name} has asked to join Breathe Easy`, `${tom.user.name} has asked to join Breathe Easy`].sort(),
    );
    expect(toCaptain.find((mail) => mail.subject.startsWith(tom.user.name))!.textBody).toContain("I know FHIR");

    const page = (await teamGet(amara)).data as { team: { joinRequests: { name: string; message: string }[] } };
    expect(page.team.joinRequests.map((request) => request.name)).toEqual([tom.user.name, priya.user.name]);

    const tomsRequest = await pendingRequest(team.id, tom.user.id);
    const priyasRequest = await pendingRequest(team.id, priya.user.id);
    expect((await teamPost(amara, { intent: "accept-request", requestId: tomsRequest.id })).status).toBe(302);
    expect((await teamPost(amara, { intent: "decline-request", requestId: priyasRequest.id })).status).toBe(302);
    expect(await membersOf(team.id)).toEqual([amara.user.id, tom.user.id].sort());
    expect((await mailTo(tom.user)).map((mail) => mail.subject)).toEqual(["You have joined Breathe Easy"]);
    expect((await mailTo(priya.user)).map((mail) => mail.subject)).toEqual(["Your request to join Breathe Easy"]);
    // An answered request cannot be answered again.
    expect(errorOf(await teamPost(amara, { intent: "accept-request", requestId: priyasRequest.id }))).toBe(
      "This request has already been answered or withdrawn",
    );
  });

  it("lets a person withdraw their own request, and nobody else's", async () => {
    const { event } = await setUpEvent();
    const team = await createTeam(await participant(event));
    const tom = await participant(event);
    const priya = await participant(event);
    await boardPost(tom, { intent: "ask-to-join", teamId: team.id });
    const request = await pendingRequest(team.id, tom.user.id);
    expect(errorOf(await teamPost(priya, { intent: "withdraw-request", requestId: request.id }))).toBe(
      "This request has already been answered or withdrawn",
    );
    const mine = (await teamGet(tom)).data as { requests: { teamName: string }[] };
    expect(mine.requests.map((row) => row.teamName)).toEqual(["Breathe Easy"]);
    expect((await teamPost(tom, { intent: "withdraw-request", requestId: request.id })).status).toBe(302);
    const [row] = await getDb().select().from(teamRequests);
    expect(row!.status).toBe("withdrawn");
  });

  it("lets a captain invite someone from the board, who accepts or declines on their team page", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const priya = await participant(event);
    const hidden = await participant(event, { showProfile: false });
    const team = await createTeam(amara);

    expect((await boardPost(amara, { intent: "invite", userId: tom.user.id })).status).toBe(302);
    expect((await boardPost(amara, { intent: "invite", userId: priya.user.id })).status).toBe(302);
    expect(errorOf(await boardPost(amara, { intent: "invite", userId: tom.user.id }))).toBe(
      "You have already invited them",
    );
    expect(errorOf(await boardPost(amara, { intent: "invite", userId: hidden.user.id }))).toBe(
      "That person is not looking for a team",
    );
    expect(errorOf(await boardPost(tom, { intent: "invite", userId: priya.user.id }))).toBe(
      "Only a team's captain can invite people to it",
    );
    expect((await mailTo(tom.user)).map((mail) => mail.subject)).toEqual([
      `${amara.user.name} has invited you to join Breathe Easy`,
    ]);

    const toms = (await teamGet(tom)).data as { invitations: { id: string; teamName: string; captainName: string }[] };
    expect(toms.invitations).toMatchObject([{ teamName: "Breathe Easy", captainName: amara.user.name }]);
    // Only the invited person answers their invitation.
    expect(errorOf(await teamPost(priya, { intent: "accept-invitation", requestId: toms.invitations[0]!.id }))).toBe(
      "This invitation has been withdrawn or already answered",
    );
    expect((await teamPost(tom, { intent: "accept-invitation", requestId: toms.invitations[0]!.id })).status).toBe(302);
    const priyas = (await teamGet(priya)).data as { invitations: { id: string }[] };
    expect((await teamPost(priya, { intent: "decline-invitation", requestId: priyas.invitations[0]!.id })).status).toBe(
      302,
    );
    expect(await membersOf(team.id)).toEqual([amara.user.id, tom.user.id].sort());
  });

  it("does not let a member who is not captain accept requests or remove members", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const priya = await participant(event);
    const team = await createTeam(amara);
    await joinPost(tom, team.inviteCode);
    await boardPost(priya, { intent: "ask-to-join", teamId: team.id });
    const request = await pendingRequest(team.id, priya.user.id);

    expect(errorOf(await teamPost(tom, { intent: "accept-request", requestId: request.id }))).toBe(
      "Only the team's captain can accept or decline requests to join",
    );
    expect(errorOf(await teamPost(tom, { intent: "remove-member", userId: amara.user.id }))).toBe(
      "Only the team's captain can remove members",
    );
    expect(errorOf(await teamPost(tom, { intent: "hand-over", userId: tom.user.id }))).toBe(
      "Only the team's captain can hand over the captain role",
    );
    expect(await membersOf(team.id)).toEqual([amara.user.id, tom.user.id].sort());
    expect((await pendingRequest(team.id, priya.user.id)).status).toBe("pending");
    // The captain's own page shows the request; a member's does not.
    expect(((await teamGet(tom)).data as { team: { joinRequests: unknown[] } }).team.joinRequests).toEqual([]);
  });
});

describe("captains, removing and leaving", () => {
  it("hands over the captain role to a member only", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const outsider = await participant(event);
    const team = await createTeam(amara);
    await joinPost(tom, team.inviteCode);
    expect(errorOf(await teamPost(amara, { intent: "hand-over", userId: outsider.user.id }))).toBe(
      "They are not in your team",
    );
    expect((await teamPost(amara, { intent: "hand-over", userId: tom.user.id })).status).toBe(302);
    expect((await getDb().select().from(teams))[0]!.captainUserId).toBe(tom.user.id);
    expect(errorOf(await teamPost(amara, { intent: "remove-member", userId: tom.user.id }))).toBe(
      "Only the team's captain can remove members",
    );
  });

  it("removes a member, who is emailed, but not the captain themself", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const team = await createTeam(amara);
    await joinPost(tom, team.inviteCode);
    expect(errorOf(await teamPost(amara, { intent: "remove-member", userId: amara.user.id }))).toMatch(
      /^You cannot remove yourself/,
    );
    expect((await teamPost(amara, { intent: "remove-member", userId: tom.user.id })).status).toBe(302);
    expect(await membersOf(team.id)).toEqual([amara.user.id]);
    expect((await mailTo(tom.user)).map((mail) => mail.subject)).toEqual(["You have been removed from Breathe Easy"]);
  });

  it("passes the captain role to the longest-standing member when the captain leaves, and removes an empty team", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const priya = await participant(event);
    const team = await createTeam(amara);
    await joinPost(tom, team.inviteCode);
    await joinPost(priya, team.inviteCode);
    expect((await teamPost(amara, { intent: "leave" })).status).toBe(302);
    expect((await getDb().select().from(teams))[0]!.captainUserId).toBe(tom.user.id);
    expect(errorOf(await teamPost(amara, { intent: "leave" }))).toBe("You are not in a team at this event");
    await teamPost(tom, { intent: "leave" });
    expect((await getDb().select().from(teams))[0]!.captainUserId).toBe(priya.user.id);
    await teamPost(priya, { intent: "leave" });
    expect(await getDb().select().from(teams)).toHaveLength(0);
  });
});

describe("the rules that hold a team together", () => {
  it("keeps a person in one team per event, but lets them be in a team at another event", async () => {
    const { event } = await setUpEvent();
    const other = await setUpEvent("bradford-2030");
    const amara = await participant(event);
    const tom = await participant(event);
    const first = await createTeam(amara);
    const second = await createTeam(tom, "Second team");
    const alreadyInATeam = "You are already in a team at this event. Leave it before you join or create another";
    expect(errorOf(await joinPost(tom, first.inviteCode))).toBe(alreadyInATeam);
    expect(errorOf(await teamPost(tom, { intent: "create", name: "Third team" }))).toBe(alreadyInATeam);
    expect(errorOf(await boardPost(tom, { intent: "ask-to-join", teamId: first.id }))).toBe(alreadyInATeam);
    expect(errorOf(await joinPost(tom, second.inviteCode))).toBe("You are already in this team");

    await getDb().insert(registrations).values({ eventId: other.event.id, userId: tom.user.id });
    expect((await teamPost(tom, { intent: "create", name: "Bradford team" }, "bradford-2030")).status).toBe(302);
    expect(await getDb().select().from(teamMembers).where(eq(teamMembers.userId, tom.user.id))).toHaveLength(2);
  });

  it("refuses to go over the maximum size by link, by request or by invitation", async () => {
    const { event } = await setUpEvent(SLUG, { teamSizeMax: 2 });
    const amara = await participant(event);
    const tom = await participant(event);
    const priya = await participant(event);
    const sam = await participant(event);
    const team = await createTeam(amara);
    await boardPost(priya, { intent: "ask-to-join", teamId: team.id });
    await boardPost(amara, { intent: "invite", userId: sam.user.id });
    await joinPost(tom, team.inviteCode);

    expect(errorOf(await joinPost(priya, team.inviteCode))).toBe(TEAM_FULL);
    expect((await joinGet(priya, team.inviteCode)).data).toMatchObject({ refusal: TEAM_FULL });
    const request = await pendingRequest(team.id, priya.user.id);
    expect(errorOf(await teamPost(amara, { intent: "accept-request", requestId: request.id }))).toBe(TEAM_FULL);
    const invitation = await pendingRequest(team.id, sam.user.id);
    expect(errorOf(await teamPost(sam, { intent: "accept-invitation", requestId: invitation.id }))).toBe(TEAM_FULL);
    expect(await membersOf(team.id)).toEqual([amara.user.id, tom.user.id].sort());
    // A refused answer is not used up: the request still waits for a place.
    expect((await pendingRequest(team.id, priya.user.id)).status).toBe("pending");
  });

  it("locks teams once the submission deadline and its grace have passed", async () => {
    const { event } = await setUpEvent();
    const amara = await participant(event);
    const tom = await participant(event);
    const priya = await participant(event);
    const team = await createTeam(amara);
    await joinPost(tom, team.inviteCode);
    await boardPost(priya, { intent: "ask-to-join", teamId: team.id });
    const request = await pendingRequest(team.id, priya.user.id);
    await getDb()
      .update(events)
      .set({ submissionDeadlineAt: new Date(Date.now() - 20 * 60_000), gracePeriodMinutes: 15 })
      .where(eq(events.id, event.id));

    const latecomer = await participant(event);
    const attempts = [
      await teamPost(latecomer, { intent: "create", name: "Too late" }),
      await joinPost(latecomer, team.inviteCode),
      await boardPost(latecomer, { intent: "ask-to-join", teamId: team.id }),
      await teamPost(amara, { intent: "accept-request", requestId: request.id }),
      await teamPost(amara, { intent: "remove-member", userId: tom.user.id }),
      await teamPost(tom, { intent: "leave" }),
    ];
    for (const attempt of attempts) expect(errorOf(attempt)).toBe(TEAMS_LOCKED);
    expect(await membersOf(team.id)).toEqual([amara.user.id, tom.user.id].sort());
    expect(await getDb().select().from(teams)).toHaveLength(1);
    expect((await teamGet(amara)).data).toMatchObject({ closed: TEAMS_LOCKED });
  });
});

describe("the teams board", () => {
  it("lists people looking and teams with room, filters by role and skill, and hides emails and needs", async () => {
    const { event } = await setUpEvent(SLUG, { teamSizeMax: 2 });
    const viewer = await participant(event, { professionalRole: "doctor", lookingForTeam: false }, "Viewer");
    await participant(
      event,
      { professionalRole: "nurse_or_midwife", skills: ["FHIR", "Triage"], organisation: "Leeds Teaching Hospitals" },
      "Nadia Nurse",
    );
    await participant(event, { skills: ["Python", "React"] }, "Dev Patel");
    await participant(event, { showProfile: false }, "Private Person");
    await participant(event, { lookingForTeam: false }, "Not Looking");
    await participant(event, { status: "withdrawn" }, "Withdrawn Person");
    const captain = await participant(event, { professionalRole: "developer" }, "Captain Cat");
    const open = await createTeam(captain, "Open team", { pitch: "An asthma app using SNOMED CT" });
    await getDb()
      .update(teams)
      .set({ rolesWanted: ["doctor"] })
      .where(eq(teams.id, open.id));
    const fullCaptain = await participant(event, {}, "Full Captain");
    const full = await createTeam(fullCaptain, "Full team");
    await joinPost(await participant(event, {}, "Filler"), full.inviteCode);

    const board = await boardGet(viewer);
    expect(board.status).toBe(200);
    const data = board.data as {
      people: { name: string; role: string; organisation: string }[];
      teams: { name: string; tags: string[]; mix: string; rolesWanted: string[]; size: number }[];
    };
    expect(data.people.map((person) => person.name)).toEqual(["Dev Patel", "Nadia Nurse"]);
    expect(data.people[1]).toMatchObject({ role: "Nurse or midwife", organisation: "Leeds Teaching Hospitals" });
    expect(data.teams).toMatchObject([
      { name: "Open team", size: 1, mix: "1 technical", tags: ["Needs a clinician"], rolesWanted: ["Doctor"] },
    ]);

    const everyone = await getDb().select().from(registrations);
    const text = JSON.stringify(board.data);
    for (const row of everyone) expect(text).not.toContain(row.accessNeeds);
    expect(text).not.toContain("@");

    const byRole = (await boardGet(viewer, "?role=nurse_or_midwife")).data as typeof data;
    expect(byRole.people.map((person) => person.name)).toEqual(["Nadia Nurse"]);
    expect(byRole.teams).toEqual([]);
    const bySkill = (await boardGet(viewer, "?skill=python")).data as typeof data;
    expect(bySkill.people.map((person) => person.name)).toEqual(["Dev Patel"]);
    const teamsBySkill = (await boardGet(viewer, "?skill=snomed")).data as typeof data;
    expect(teamsBySkill.teams.map((team) => team.name)).toEqual(["Open team"]);
    const teamsByRole = (await boardGet(viewer, "?role=doctor")).data as typeof data;
    expect(teamsByRole.teams.map((team) => team.name)).toEqual(["Open team"]);
    // Nonsense in the address is ignored rather than refused.
    expect((await boardGet(viewer, "?role=wizard&skill=" + "x".repeat(500))).status).toBe(200);
  });

  it("is for registered participants and organisers only", async () => {
    const { event, community } = await setUpEvent();
    const other = await setUpEvent("bradford-2030");
    const elsewhere = await participant(other.event);
    const waiting = await participant(event, { status: "waitlisted" });
    const boss = await organiser(community.id);

    const signedOut = await boardGet(null);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const refused = await boardGet(elsewhere);
    expect(refused.status).toBe(403);
    expect(refused.data).toMatchObject({ message: expect.stringMatching(/Register for this event first/) });
    expect((await boardGet(waiting)).data).toMatchObject({ message: expect.stringMatching(/waiting list/) });
    expect((await boardGet(boss)).status).toBe(200);
    // Acting on this event's board from another event's registration changes nothing.
    const team = await createTeam(await participant(event));
    expect(errorOf(await boardPost(elsewhere, { intent: "ask-to-join", teamId: team.id }))).toBe(
      "Register for this event before you join a team",
    );
  });

  it("cannot reach another event's team by posting its id", async () => {
    const { event } = await setUpEvent();
    const other = await setUpEvent("bradford-2030");
    const theirs = await participant(other.event);
    expect((await teamPost(theirs, { intent: "create", name: "Theirs" }, "bradford-2030")).status).toBe(302);
    const [foreign] = await getDb().select().from(teams);
    const tom = await participant(event);
    expect(errorOf(await boardPost(tom, { intent: "ask-to-join", teamId: foreign!.id }))).toBe(
      "That team no longer exists",
    );
    expect(await getDb().select().from(teamRequests)).toHaveLength(0);
  });
});

describe("organisers", () => {
  it("search teams, move people between teams within the rules, audited and emailed", async () => {
    const { event, community } = await setUpEvent(SLUG, { teamSizeMax: 2 });
    const boss = await organiser(community.id);
    const amara = await participant(event, { professionalRole: "doctor" }, "Amara Okafor");
    const tom = await participant(event, {}, "Tom Hughes");
    const priya = await participant(event, {}, "Priya Shah");
    const first = await createTeam(amara, "Breathe Easy");
    await joinPost(tom, first.inviteCode);
    const second = await createTeam(priya, "Clinic Flow");

    const list = await run(
      at(manageLoader, SLUG),
      getRequest(`/events/${SLUG}/manage/teams?q=hughes`, { cookie: boss.cookie }),
    );
    expect((list.data as { teams: { name: string; tags: string[] }[] }).teams).toMatchObject([
      { name: "Breathe Easy", tags: [] },
    ]);

    expect(errorOf(await managePost(boss, { intent: "move", userId: amara.user.id, teamId: first.id }), "teamId")).toBe(
      "They are already in that team",
    );
    const moved = await managePost(boss, { intent: "move", userId: tom.user.id, teamId: second.id });
    expect(moved.headers.get("Location")).toBe(`/events/${SLUG}/manage/teams?done=move`);
    expect(await membersOf(second.id)).toEqual([priya.user.id, tom.user.id].sort());
    expect(await membersOf(first.id)).toEqual([amara.user.id]);
    // The second team is now full.
    expect(errorOf(await managePost(boss, { intent: "move", userId: amara.user.id, teamId: second.id }))).toBe(
      TEAM_FULL,
    );
    expect(await membersOf(first.id)).toEqual([amara.user.id]);

    const [audit] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "team.member_moved"));
    expect(audit).toMatchObject({ actorUserId: boss.user.id, subjectType: "team", subjectId: second.id });
    expect(audit!.before).toMatchObject({ teamId: first.id, teamName: "Breathe Easy" });
    expect((await mailTo(tom.user)).map((mail) => mail.subject)).toEqual(["You have been moved to Clinic Flow"]);

    // Participants cannot use the organisers' page.
    expect((await managePost(amara, { intent: "move", userId: tom.user.id, teamId: first.id })).status).toBe(403);
  });

  it("dissolve a team only when confirmed: members become teamless and are emailed; audited", async () => {
    const { event, community } = await setUpEvent();
    const other = await setUpEvent("bradford-2030");
    const boss = await organiser(community.id);
    const amara = await participant(event);
    const tom = await participant(event);
    const team = await createTeam(amara);
    await joinPost(tom, team.inviteCode);

    const unconfirmed = await managePost(boss, { intent: "dissolve", dissolveTeamId: team.id });
    expect(errorOf(unconfirmed, "confirmDissolve")).toBe("Confirm that you want to dissolve the team");
    expect(await membersOf(team.id)).toHaveLength(2);

    const theirs = await participant(other.event);
    await teamPost(theirs, { intent: "create", name: "Theirs" }, "bradford-2030");
    const [foreign] = await getDb().select().from(teams).where(eq(teams.eventId, other.event.id));
    expect(
      errorOf(await managePost(boss, { intent: "dissolve", dissolveTeamId: foreign!.id, confirmDissolve: "yes" })),
    ).toBe("That team no longer exists");

    const dissolved = await managePost(boss, { intent: "dissolve", dissolveTeamId: team.id, confirmDissolve: "yes" });
    expect(dissolved.status).toBe(302);
    expect(await getDb().select().from(teams).where(eq(teams.eventId, event.id))).toHaveLength(0);
    expect(await getDb().select().from(teamMembers).where(eq(teamMembers.eventId, event.id))).toHaveLength(0);
    for (const member of [amara, tom]) {
      expect((await mailTo(member.user)).map((mail) => mail.subject)).toEqual(["Breathe Easy has been dissolved"]);
    }
    const [audit] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "team.dissolved"));
    expect(audit).toMatchObject({ actorUserId: boss.user.id, subjectId: team.id });
    expect((audit!.before as { members: unknown[] }).members).toHaveLength(2);
    expect(((await teamGet(tom)).data as { team: unknown }).team).toBeNull();
  });
});

describe.runIf(process.env.TEST_DB_DRIVER === "postgres")("teams under concurrency (PostgreSQL)", () => {
  it("lets exactly the free places be taken when 20 people join at the same moment", async () => {
    const { event } = await setUpEvent();
    const captain = await participant(event);
    const team = await createTeam(captain);
    const people = await Promise.all(Array.from({ length: 20 }, () => participant(event)));
    const [current] = await getDb().select().from(events).where(eq(events.id, event.id));
    const outcomes = await Promise.all(
      people.map((person) => joinByInviteCode(person.user, current!, team.inviteCode)),
    );
    const refusals = outcomes.filter((outcome) => "error" in outcome);
    expect(outcomes.length - refusals.length).toBe(3);
    expect(refusals).toHaveLength(17);
    expect(refusals.every((outcome) => "error" in outcome && outcome.error === TEAM_FULL)).toBe(true);
    expect(await membersOf(team.id)).toHaveLength(4);
  });

  it("puts a person in one team only when two captains accept them at once", async () => {
    const { event } = await setUpEvent();
    const first = await participant(event);
    const second = await participant(event);
    const tom = await participant(event);
    const teamA = await createTeam(first, "Team A");
    const teamB = await createTeam(second, "Team B");
    await boardPost(tom, { intent: "ask-to-join", teamId: teamA.id });
    await boardPost(tom, { intent: "ask-to-join", teamId: teamB.id });
    const requestA = await pendingRequest(teamA.id, tom.user.id);
    const requestB = await pendingRequest(teamB.id, tom.user.id);
    const outcomes = await Promise.all([
      teamPost(first, { intent: "accept-request", requestId: requestA.id }),
      teamPost(second, { intent: "accept-request", requestId: requestB.id }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([302, 400]);
    expect(await getDb().select().from(teamMembers).where(eq(teamMembers.userId, tom.user.id))).toHaveLength(1);
  });
});
