import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { auditEvents, communities, communityOrganisers } from "~/db/schema";
import { communitiesOrganisedBy, createCommunity } from "~/models/communities.server";
import { loader as listLoader } from "~/routes/admin.communities._index";
import { action as newAction, loader as newLoader } from "~/routes/admin.communities.new";
import { action as communityAction, loader as communityLoader } from "~/routes/admin.communities.$slug";
import { formRequest, getRequest, makeUser, run, signedInCookie, at } from "./db";

/** The route at /admin/communities/<slug>: the test helper's `run` passes no params. */

const leeds = {
  name: "Leeds Code4Health",
  slug: "leeds-code4health",
  kind: "place_based_hub",
  description: "Clinicians and developers in West Yorkshire.",
  website: "https://code4health.leeds.example",
};

async function signedInAdmin() {
  const admin = await makeUser({ isAdmin: true });
  return { admin, cookie: await signedInCookie(admin) };
}

describe("creating a community", () => {
  it("creates it, audits it and goes to its page, which the list then links to", async () => {
    const { admin, cookie } = await signedInAdmin();
    expect((await run(newLoader, getRequest("/admin/communities/new", { cookie }))).status).toBe(200);

    const created = await run(newAction, formRequest("/admin/communities/new", leeds, { cookie }));
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/admin/communities/leeds-code4health");

    const [row] = await getDb().select().from(communities);
    expect(row).toMatchObject({ ...leeds, kind: "place_based_hub" });
    const audits = await getDb().select().from(auditEvents);
    expect(audits).toEqual([
      expect.objectContaining({
        action: "community.created",
        actorUserId: admin.id,
        subjectType: "community",
        subjectId: row!.id,
        after: expect.objectContaining({ name: "Leeds Code4Health", slug: "leeds-code4health" }),
      }),
    ]);

    const list = await run(listLoader, getRequest("/admin/communities", { cookie }));
    expect(list.data).toEqual({
      communities: [
        {
          id: row!.id,
          slug: "leeds-code4health",
          name: "Leeds Code4Health",
          kind: "place_based_hub",
          organiserCount: 0,
        },
      ],
    });
    const page = await run(
      at(communityLoader, "leeds-code4health"),
      getRequest("/admin/communities/leeds-code4health", { cookie }),
    );
    expect(page.data).toMatchObject({ community: { name: "Leeds Code4Health" }, organisers: [], invitations: [] });
  });

  it("makes the address name from the name when it is left blank, and stores no website as none", async () => {
    const { cookie } = await signedInAdmin();
    const created = await run(
      newAction,
      formRequest(
        "/admin/communities/new",
        { name: "  Royal Free London NHS Trust ", slug: " ", kind: "nhs_organisation", description: "", website: "" },
        { cookie },
      ),
    );
    expect(created.headers.get("Location")).toBe("/admin/communities/royal-free-london-nhs-trust");
    const [row] = await getDb().select().from(communities);
    expect(row).toMatchObject({ name: "Royal Free London NHS Trust", website: null, description: "" });
  });

  it("refuses an address name that another community uses, on that field, keeping what was typed", async () => {
    const { cookie } = await signedInAdmin();
    await run(newAction, formRequest("/admin/communities/new", leeds, { cookie }));
    const clash = await run(
      newAction,
      formRequest("/admin/communities/new", { ...leeds, name: "Leeds again", slug: "Leeds-Code4Health" }, { cookie }),
    );
    expect(clash.status).toBe(400);
    expect(clash.data).toEqual({
      errors: { slug: "Address name is already used by another community" },
      values: { ...leeds, name: "Leeds again", slug: "Leeds-Code4Health" },
    });

    // A suggested address name that clashes comes back filled in, so the person can change it.
    const suggested = await run(newAction, formRequest("/admin/communities/new", { ...leeds, slug: "" }, { cookie }));
    expect(suggested.data).toMatchObject({
      errors: { slug: "Address name is already used by another community" },
      values: { slug: "leeds-code4health" },
    });
    expect(await getDb().select().from(communities)).toHaveLength(1);
  });

  it("names the field in every message", async () => {
    const { cookie } = await signedInAdmin();
    const empty = await run(newAction, formRequest("/admin/communities/new", {}, { cookie }));
    expect(empty.status).toBe(400);
    expect((empty.data as { errors: Record<string, string> }).errors).toEqual({
      name: "Enter community name",
      slug: "Enter an address name, like leeds-code4health",
      kind: "Select what kind of community this is",
    });

    const wrong = await run(
      newAction,
      formRequest(
        "/admin/communities/new",
        {
          name: "x".repeat(121),
          slug: "leeds_code4health",
          kind: "club",
          description: "y".repeat(2001),
          website: "http://leeds.example",
        },
        { cookie },
      ),
    );
    expect(wrong.data).toEqual({
      errors: {
        name: "Community name must be 120 characters or fewer",
        slug: "Address name must use only lower-case letters, numbers and single hyphens, like leeds-hack-day-2027",
        kind: "Select what kind of community this is",
        description: "Description must be 2,000 characters or fewer",
        website: "Enter website address starting with https://",
      },
      values: expect.objectContaining({ slug: "leeds_code4health", website: "http://leeds.example" }),
    });

    const reserved = await run(newAction, formRequest("/admin/communities/new", { ...leeds, slug: "new" }, { cookie }));
    expect((reserved.data as { errors: Record<string, string> }).errors).toEqual({
      slug: "Address name cannot be new. Choose another, like leeds-code4health",
    });
    expect(await getDb().select().from(communities)).toHaveLength(0);
  });
});

describe("a community's page", () => {
  it("edits the details, audits before and after, and follows a new address name", async () => {
    const { admin, cookie } = await signedInAdmin();
    await run(newAction, formRequest("/admin/communities/new", leeds, { cookie }));
    await run(
      newAction,
      formRequest("/admin/communities/new", { ...leeds, name: "Bristol", slug: "bristol" }, { cookie }),
    );

    const clash = await run(
      at(communityAction, "leeds-code4health"),
      formRequest("/admin/communities/leeds-code4health", { ...leeds, intent: "details", slug: "bristol" }, { cookie }),
    );
    expect(clash.status).toBe(400);
    expect(clash.data).toMatchObject({ errors: { slug: "Address name is already used by another community" } });

    const saved = await run(
      at(communityAction, "leeds-code4health"),
      formRequest(
        "/admin/communities/leeds-code4health",
        { ...leeds, intent: "details", name: "Leeds and York Code4Health", slug: "leeds-york", website: "" },
        { cookie },
      ),
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/admin/communities/leeds-york?done=saved");
    const [row] = await getDb().select().from(communities).where(eq(communities.slug, "leeds-york"));
    expect(row).toMatchObject({ name: "Leeds and York Code4Health", website: null });
    const [audit] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "community.updated"));
    expect(audit).toMatchObject({
      actorUserId: admin.id,
      subjectId: row!.id,
      before: { name: "Leeds Code4Health", slug: "leeds-code4health", website: leeds.website },
      after: { name: "Leeds and York Code4Health", slug: "leeds-york", website: null },
    });

    const invalid = await run(
      at(communityAction, "leeds-york"),
      formRequest("/admin/communities/leeds-york", { intent: "details", name: "", slug: "leeds-york" }, { cookie }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.data).toMatchObject({
      errors: { name: "Enter community name", kind: "Select what kind of community this is" },
      values: { intent: "details", slug: "leeds-york" },
    });

    const page = await run(
      at(communityLoader, "leeds-york"),
      getRequest("/admin/communities/leeds-york?done=saved", { cookie }),
    );
    expect(page.data).toMatchObject({ done: "saved", community: { slug: "leeds-york" } });
  });

  it("answers 404 for an address that is not a community's", async () => {
    const { cookie } = await signedInAdmin();
    expect(
      (await run(at(communityLoader, "nowhere"), getRequest("/admin/communities/nowhere", { cookie }))).status,
    ).toBe(404);
    const posted = await run(
      at(communityAction, "nowhere"),
      formRequest("/admin/communities/nowhere", { intent: "invite", email: "a@example.org" }, { cookie }),
    );
    expect(posted.status).toBe(404);
  });

  it("refuses an unknown intent or a tampered row button without pointing at a field", async () => {
    const { cookie } = await signedInAdmin();
    await run(newAction, formRequest("/admin/communities/new", leeds, { cookie }));
    const tampered: Record<string, string>[] = [{ intent: "delete" }, {}, { intent: "remove", userId: "not-a-uuid" }];
    for (const fields of tampered) {
      const outcome = await run(
        at(communityAction, "leeds-code4health"),
        formRequest("/admin/communities/leeds-code4health", fields, { cookie }),
      );
      expect(outcome.status).toBe(400);
      expect(outcome.data).toEqual({
        errors: { _form: "Choose an organiser or an invitation from the list" },
        values: {},
      });
    }
  });
});

describe("who may manage communities", () => {
  it("gives a signed-in member who is not an administrator 403 from every loader and action", async () => {
    const { cookie: adminCookie } = await signedInAdmin();
    await run(newAction, formRequest("/admin/communities/new", leeds, { cookie: adminCookie }));
    const member = await makeUser();
    const [community] = await getDb().select().from(communities);
    await getDb().insert(communityOrganisers).values({ communityId: community!.id, userId: member.id });
    const cookie = await signedInCookie(member);
    const page = "/admin/communities/leeds-code4health";

    const outcomes = [
      await run(listLoader, getRequest("/admin/communities", { cookie })),
      await run(newLoader, getRequest("/admin/communities/new", { cookie })),
      await run(newAction, formRequest("/admin/communities/new", { ...leeds, slug: "mine" }, { cookie })),
      await run(at(communityLoader, "leeds-code4health"), getRequest(page, { cookie })),
      // Even the community's own organiser cannot use the administrators' page.
      ...(await Promise.all(
        (
          [
            { ...leeds, intent: "details", name: "Taken over" },
            { intent: "invite", email: "friend@example.org" },
            { intent: "remove", userId: member.id },
            { intent: "cancel", invitationId: member.id },
          ] as Record<string, string>[]
        ).map((fields) => run(at(communityAction, "leeds-code4health"), formRequest(page, fields, { cookie }))),
      )),
      // Before looking the community up: an unknown address tells a member nothing either.
      await run(at(communityLoader, "nowhere"), getRequest("/admin/communities/nowhere", { cookie })),
    ];
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(outcomes.length).fill(403));
    expect(await getDb().select().from(communities)).toEqual([expect.objectContaining({ name: "Leeds Code4Health" })]);
    expect(await getDb().select().from(communityOrganisers)).toHaveLength(1);
  });

  it("sends an anonymous visitor to sign in", async () => {
    const outcome = await run(listLoader, getRequest("/admin/communities"));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("communities a person organises", () => {
  it("lists only their own, and every community for an administrator", async () => {
    const admin = await makeUser({ isAdmin: true });
    const organiser = await makeUser();
    const details = { kind: "other" as const, description: "", website: "" };
    const a = await createCommunity(admin, { ...details, name: "Bristol", slug: "bristol" });
    const b = await createCommunity(admin, { ...details, name: "Aberdeen", slug: "aberdeen" });
    if (!a.ok || !b.ok) throw new Error("communities not created");
    await getDb().insert(communityOrganisers).values({ communityId: a.community.id, userId: organiser.id });

    expect((await communitiesOrganisedBy(organiser.id, { isAdmin: false })).map((c) => c.slug)).toEqual(["bristol"]);
    expect((await communitiesOrganisedBy(admin.id, { isAdmin: true })).map((c) => c.slug)).toEqual([
      "aberdeen",
      "bristol",
    ]);
    expect(await communitiesOrganisedBy(admin.id, { isAdmin: false })).toEqual([]);
  });
});
