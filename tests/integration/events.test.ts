import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import {
  auditEvents,
  communities,
  communityOrganisers,
  emailOutbox,
  eventRoles,
  events,
  prizePlaces,
  registrations,
} from "~/db/schema";
import { loader as homeLoader } from "~/routes/_index";
import { loader as callLoader } from "~/routes/events.$slug._index";
import { loader as calendarLoader } from "~/routes/events.$slug.calendar[.]ics";
import { action as manageAction, loader as manageLoader } from "~/routes/events.$slug.manage._index";
import { action as detailsAction } from "~/routes/events.$slug.manage.details";
import { action as entryAction } from "~/routes/events.$slug.manage.entry";
import { action as prizesAction } from "~/routes/events.$slug.manage.prizes";
import { action as themesAction } from "~/routes/events.$slug.manage.themes";
import { action as timelineAction } from "~/routes/events.$slug.manage.timeline";
import { action as newEventAction } from "~/routes/organise.new";
import { at, formRequest, getRequest, makeUser, run, signedInCookie } from "./db";

async function community(slug = "leeds") {
  const [row] = await getDb()
    .insert(communities)
    .values({ slug, name: `${slug} Code4Health` })
    .returning();
  return row!;
}

async function organiserOf(communityId: string) {
  const user = await makeUser();
  await getDb().insert(communityOrganisers).values({ communityId, userId: user.id });
  return { user, cookie: await signedInCookie(user) };
}

const timeline = {
  registrationOpensAtDate: "2026-01-10",
  registrationOpensAtTime: "09:00",
  registrationClosesAtDate: "2030-03-01",
  registrationClosesAtTime: "17:00",
  submissionsOpenAtDate: "2030-06-08",
  submissionsOpenAtTime: "09:00",
  submissionDeadlineAtDate: "2030-06-09",
  submissionDeadlineAtTime: "14:00",
  gracePeriodMinutes: "15",
  judgingOpensAtDate: "2030-06-09",
  judgingOpensAtTime: "14:30",
  judgingClosesAtDate: "2030-06-09",
  judgingClosesAtTime: "16:30",
  resultsPublishedAtDate: "2030-06-09",
  resultsPublishedAtTime: "17:00",
};

/** An organiser creates a draft and fills every part of the call through the real actions. */
async function completeCall(cookie: string, communityId: string, slug = "leeds-2030") {
  const created = await run(
    newEventAction,
    formRequest("/organise/new", { communityId, kind: "hackday", title: "Leeds NHS Hack Day 2030", slug }, { cookie }),
  );
  expect(created.headers.get("Location")).toBe(`/events/${slug}/manage`);
  const post = async (handler: (args: never) => unknown, path: string, fields: Record<string, string>) => {
    const outcome = await run(at(handler, slug), formRequest(`/events/${slug}/manage${path}`, fields, { cookie }));
    expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  };
  await post(detailsAction, "/details", {
    kind: "hackday",
    title: "Leeds NHS Hack Day 2030",
    slug,
    summary: "A weekend building tools with clinicians",
    description: "## Why\n\nBecause **clinicians** know the problems.",
    venueName: "Nexus, University of Leeds",
    venueAddress: "Discovery Way, Leeds LS2 3AA",
    timeZone: "Europe/London",
    rules: "",
  });
  await post(timelineAction, "/timeline", timeline);
  await post(entryAction, "/entry", {
    teamSizeMin: "2",
    teamSizeMax: "6",
    capacity: "80",
    eligibilityStatement: "Anyone who works in or with the NHS in Yorkshire",
    questions: "I work for or with an NHS organisation\nI am 18 or over",
    requiresOsiLicence: "yes",
  });
  await post(themesAction, "/themes", {
    intent: "add",
    title: "Missed respiratory appointments",
    description: "Patients miss follow-ups.",
    proposedBy: "a respiratory nurse at Bradford Teaching Hospitals",
  });
  await post(prizesAction, "/prizes", {
    intent: "add",
    name: "Overall winner",
    description: "",
    place1: "£1,000",
    place2: "500.50",
    themeId: "",
    sponsor: "Leeds Teaching Hospitals Charity",
    supportMonths: "12",
  });
}

describe("creating and editing a call", () => {
  it("lets a community's organiser fill in a draft, with money in exact pence and times in UTC", async () => {
    const leeds = await community();
    const { cookie } = await organiserOf(leeds.id);
    await completeCall(cookie, leeds.id);
    const [event] = await getDb().select().from(events);
    expect(event).toMatchObject({
      status: "draft",
      teamSizeMax: 6,
      capacity: 80,
      requiresOsiLicence: true,
      requiresDataAttestation: false,
    });
    expect(event!.submissionDeadlineAt).toEqual(new Date("2030-06-09T13:00:00Z")); // 14:00 BST
    expect(event!.registrationOpensAt).toEqual(new Date("2026-01-10T09:00:00Z")); // 09:00 GMT
    const places = await getDb().select().from(prizePlaces);
    expect(places.map((place) => [place.place, place.amountPence]).sort()).toEqual([
      [1, 100000],
      [2, 50050],
    ]);
  });

  it("keeps everyone else out: strangers, other events' organisers and judges get 403, anonymous visitors sign in", async () => {
    const leeds = await community();
    const bradford = await community("bradford");
    const { cookie } = await organiserOf(leeds.id);
    await completeCall(cookie, leeds.id);
    const [event] = await getDb().select().from(events);
    const otherOrganiser = await organiserOf(bradford.id);
    const judge = await makeUser();
    await getDb().insert(eventRoles).values({ eventId: event!.id, userId: judge.id, role: "judge" });
    const stranger = await makeUser();

    const edit = (who?: string) =>
      run(
        at(detailsAction, "leeds-2030"),
        formRequest("/events/leeds-2030/manage/details", { title: "Hijacked" }, who ? { cookie: who } : {}),
      );
    // A draft's existence is hidden from everyone who cannot manage it, its judges included.
    for (const who of [otherOrganiser.cookie, await signedInCookie(stranger), await signedInCookie(judge)]) {
      expect((await edit(who)).status).toBe(404);
    }
    expect((await edit()).status).toBe(302);
    await run(
      at(manageAction, "leeds-2030"),
      formRequest("/events/leeds-2030/manage", { intent: "publish" }, { cookie }),
    );
    // Once published, the event is public, but managing it is still refused.
    for (const who of [otherOrganiser.cookie, await signedInCookie(stranger), await signedInCookie(judge)]) {
      expect((await edit(who)).status).toBe(403);
      expect(
        (await run(at(manageLoader, "leeds-2030"), getRequest("/events/leeds-2030/manage", { cookie: who }))).status,
      ).toBe(403);
    }
    expect((await getDb().select().from(events))[0]!.title).toBe("Leeds NHS Hack Day 2030");

    // Creating an event needs a community to organise.
    const refused = await run(
      newEventAction,
      formRequest(
        "/organise/new",
        { communityId: leeds.id, kind: "hackday", title: "Mine" },
        { cookie: otherOrganiser.cookie },
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ errors: { communityId: "Select a community you organise" } });
  });

  it("keeps a draft invisible to everyone but its organisers", async () => {
    const leeds = await community();
    const { cookie } = await organiserOf(leeds.id);
    await completeCall(cookie, leeds.id);
    const stranger = await signedInCookie(await makeUser());
    expect((await run(at(callLoader, "leeds-2030"), getRequest("/events/leeds-2030"))).status).toBe(404);
    expect(
      (await run(at(callLoader, "leeds-2030"), getRequest("/events/leeds-2030", { cookie: stranger }))).status,
    ).toBe(404);
    expect((await run(at(calendarLoader, "leeds-2030"), getRequest("/events/leeds-2030/calendar.ics"))).status).toBe(
      404,
    );
    expect((await run(at(callLoader, "leeds-2030"), getRequest("/events/leeds-2030", { cookie }))).status).toBe(200);
    const home = await run(homeLoader, getRequest("/"));
    expect((home.data as { open: unknown[] }).open).toHaveLength(0);
  });
});

describe("publishing", () => {
  it("refuses an incomplete call and lists what is missing", async () => {
    const leeds = await community();
    const { cookie } = await organiserOf(leeds.id);
    await run(
      newEventAction,
      formRequest("/organise/new", { communityId: leeds.id, kind: "challenge", title: "Bare call" }, { cookie }),
    );
    const outcome = await run(
      at(manageAction, "bare-call"),
      formRequest("/events/bare-call/manage", { intent: "publish" }, { cookie }),
    );
    expect(outcome.status).toBe(400);
    const message = (outcome.data as { errors: Record<string, string> }).errors._form!;
    expect(message).toMatch(/^The call cannot be published yet/);
    expect((await getDb().select().from(events))[0]!.status).toBe("draft");
    const overview = await run(at(manageLoader, "bare-call"), getRequest("/events/bare-call/manage", { cookie }));
    const missing = (overview.data as { missing: string[] }).missing.join("\n");
    for (const item of [
      "A one-line summary",
      "Timeline: registration opens",
      "Who may enter",
      '"no prizes"',
      "venue",
    ]) {
      expect(missing).toContain(item);
    }
  });

  it("publishes a complete call, lists it on the home page and serves its calendar", async () => {
    const leeds = await community();
    const { cookie } = await organiserOf(leeds.id);
    await completeCall(cookie, leeds.id);
    const published = await run(
      at(manageAction, "leeds-2030"),
      formRequest("/events/leeds-2030/manage", { intent: "publish" }, { cookie }),
    );
    expect(published.status).toBe(302);
    expect((await getDb().select().from(events))[0]!.status).toBe("published");

    const home = await run(homeLoader, getRequest("/?kind=hackday"));
    expect((home.data as { open: { slug: string }[] }).open.map((card) => card.slug)).toEqual(["leeds-2030"]);
    const otherKind = await run(homeLoader, getRequest("/?kind=challenge"));
    expect((otherKind.data as { open: unknown[] }).open).toHaveLength(0);
    const otherCommunity = await run(homeLoader, getRequest("/?community=bradford"));
    expect((otherCommunity.data as { open: unknown[] }).open).toHaveLength(0);

    const page = await run(at(callLoader, "leeds-2030"), getRequest("/events/leeds-2030"));
    expect(page.data).toMatchObject({
      title: "Leeds NHS Hack Day 2030",
      fund: "£1,500.50",
      phase: "registration_open",
      next: { label: "Registration closes", at: "Friday 1 March 2030 at 17:00 GMT" },
    });
    expect((page.data as { descriptionHtml: string }).descriptionHtml).toContain("<strong>clinicians</strong>");

    const calendar = await run(at(calendarLoader, "leeds-2030"), getRequest("/events/leeds-2030/calendar.ics"));
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(calendar.data).toContain("DTSTART:20300609T130000Z");
  });

  it("audits edits once published, and a moved deadline needs a reason and emails the entrants", async () => {
    const leeds = await community();
    const { user, cookie } = await organiserOf(leeds.id);
    await completeCall(cookie, leeds.id);
    await run(
      at(manageAction, "leeds-2030"),
      formRequest("/events/leeds-2030/manage", { intent: "publish" }, { cookie }),
    );
    const [event] = await getDb().select().from(events);
    const entrant = await makeUser({ email: "entrant@example.org" });
    const withdrawn = await makeUser({ email: "withdrawn@example.org" });
    await getDb()
      .insert(registrations)
      .values([
        { eventId: event!.id, userId: entrant.id },
        { eventId: event!.id, userId: withdrawn.id, status: "withdrawn" },
      ]);

    const moved = { ...timeline, submissionDeadlineAtTime: "15:00", judgingOpensAtTime: "15:30" };
    const noReason = await run(
      at(timelineAction, "leeds-2030"),
      formRequest("/events/leeds-2030/manage/timeline", moved, { cookie }),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.data).toMatchObject({
      errors: { reason: expect.stringMatching(/reason for moving the submission deadline/) },
    });

    const withReason = await run(
      at(timelineAction, "leeds-2030"),
      formRequest(
        "/events/leeds-2030/manage/timeline",
        { ...moved, reason: "The venue is ours for an extra hour" },
        { cookie },
      ),
    );
    expect(withReason.status).toBe(302);
    const audit = (await getDb().select().from(auditEvents).where(eq(auditEvents.action, "event.updated")))[0]!;
    expect(audit).toMatchObject({ actorUserId: user.id, reason: "The venue is ours for an extra hour" });
    expect(audit.after).toMatchObject({ submissionDeadlineAt: "2030-06-09T14:00:00.000Z" });
    const mails = await getDb().select().from(emailOutbox);
    expect(mails.map((mail) => mail.toAddress)).toEqual(["entrant@example.org"]);
    expect(mails[0]!.textBody).toContain("Sunday 9 June 2030 at 15:00 BST");
    expect(mails[0]!.textBody).toContain("The venue is ours for an extra hour");
  });

  it("closes registration early, cancels with an email to entrants, and archives", async () => {
    const leeds = await community();
    const { cookie } = await organiserOf(leeds.id);
    await completeCall(cookie, leeds.id);
    const act = (fields: Record<string, string>) =>
      run(at(manageAction, "leeds-2030"), formRequest("/events/leeds-2030/manage", fields, { cookie }));
    await act({ intent: "publish" });
    const [event] = await getDb().select().from(events);
    await getDb()
      .insert(registrations)
      .values({ eventId: event!.id, userId: (await makeUser({ email: "e@example.org" })).id });

    expect((await act({ intent: "close-registration" })).status).toBe(302);
    const closed = (await getDb().select().from(events))[0]!;
    expect(Date.now() - closed.registrationClosesAt!.getTime()).toBeLessThan(60_000);
    expect((await act({ intent: "close-registration" })).status).toBe(400);

    expect((await act({ intent: "cancel", reason: "" })).status).toBe(400);
    expect((await act({ intent: "cancel", reason: "The venue flooded" })).status).toBe(302);
    expect((await getDb().select().from(events))[0]!.status).toBe("cancelled");
    const [mail] = await getDb().select().from(emailOutbox);
    expect(mail).toMatchObject({ toAddress: "e@example.org", subject: "Leeds NHS Hack Day 2030 has been cancelled" });

    expect((await act({ intent: "archive" })).status).toBe(302);
    expect((await getDb().select().from(events))[0]!.status).toBe("archived");
    const actions = (await getDb().select().from(auditEvents)).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(["event.published", "event.updated", "event.cancelled", "event.archived"]),
    );
  });
});

describe("bad input", () => {
  it("answers every form with messages that name the field, never a 500", async () => {
    const leeds = await community();
    const { cookie } = await organiserOf(leeds.id);
    await completeCall(cookie, leeds.id);
    const post = <Args extends { params: Record<string, string | undefined> }>(
      handler: (args: Args) => unknown,
      fields: Record<string, string>,
    ) => run(at(handler, "leeds-2030"), formRequest("/events/leeds-2030/manage/x", fields, { cookie }));

    const details = await post(detailsAction, {
      kind: "party",
      title: "",
      slug: "Bad Slug!",
      summary: "",
      timeZone: "Mars/Olympus",
    });
    expect(details.status).toBe(400);
    expect(Object.keys((details.data as { errors: object }).errors).sort()).toEqual([
      "kind",
      "slug",
      "summary",
      "timeZone",
      "title",
    ]);

    const prizes = await post(prizesAction, { intent: "add", name: "Best", place1: "0.005", supportMonths: "12" });
    expect(prizes.status).toBe(400);
    expect(prizes.data).toMatchObject({
      errors: { place1: expect.stringMatching(/2 numbers after the decimal point/) },
    });

    const entry = await post(entryAction, { teamSizeMin: "5", teamSizeMax: "2", eligibilityStatement: "x" });
    expect(entry.data).toMatchObject({ errors: { teamSizeMax: "Largest team must be at least the smallest team" } });

    const gap = await post(timelineAction, {
      ...timeline,
      submissionsOpenAtDate: "2030-03-31",
      submissionsOpenAtTime: "01:30",
    });
    expect(gap.data).toMatchObject({ errors: { submissionsOpenAtDate: expect.stringMatching(/clocks go forward/) } });

    const theme = await post(themesAction, { intent: "remove", themeId: "not-a-uuid" });
    expect(theme.status).toBe(400);
  });
});
