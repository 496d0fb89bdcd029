// Code4Health communities (a university hub, an NHS trust, an open-source product's community):
// the groups that run events. Administrators create them; their organisers run the events.
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { getDb, inTransaction } from "~/db/client.server";
import { communities, communityOrganisers, type Community, type User } from "~/db/schema";
import type { CommunityKind } from "~/domain/communities";
import { isSlug } from "~/domain/fields";
import { recordAudit } from "~/services/audit.server";

/** A community's details as its form gives them; a website of "" means none. */
export interface CommunityInput {
  name: string;
  slug: string;
  kind: CommunityKind;
  description: string;
  website: string;
}

export type CommunityChange =
  { ok: true; community: Community } | { ok: false; reason: "slug-taken" } | { ok: false; reason: "not-found" };

function columnsFrom(input: CommunityInput) {
  return {
    name: input.name,
    slug: input.slug,
    kind: input.kind,
    description: input.description,
    website: input.website === "" ? null : input.website,
  };
}

function detailsOf(community: Community) {
  return {
    name: community.name,
    slug: community.slug,
    kind: community.kind,
    description: community.description,
    website: community.website,
  };
}

/** Every community with how many organisers it has, by name. */
export async function listCommunities(): Promise<(Community & { organiserCount: number })[]> {
  const rows = await getDb()
    .select({ community: communities, organiserCount: sql<number>`count(${communityOrganisers.userId})::int` })
    .from(communities)
    .leftJoin(communityOrganisers, eq(communityOrganisers.communityId, communities.id))
    .groupBy(communities.id)
    .orderBy(sql`lower(${communities.name})`, asc(communities.slug));
  return rows.map((row) => ({ ...row.community, organiserCount: row.organiserCount }));
}

export async function getCommunityBySlug(slug: string): Promise<Community | null> {
  // An address that cannot be a community's (a NUL byte would even fail the query) finds none.
  if (!isSlug(slug)) return null;
  const [community] = await getDb().select().from(communities).where(eq(communities.slug, slug));
  return community ?? null;
}

export async function createCommunity(actor: User, input: CommunityInput): Promise<CommunityChange> {
  return inTransaction(async (tx) => {
    const [community] = await tx
      .insert(communities)
      .values(columnsFrom(input))
      .onConflictDoNothing({ target: communities.slug })
      .returning();
    if (!community) return { ok: false, reason: "slug-taken" };
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "community.created",
      subjectType: "community",
      subjectId: community.id,
      after: detailsOf(community),
    });
    return { ok: true, community };
  });
}

export async function updateCommunity(
  actor: User,
  communityId: string,
  input: CommunityInput,
): Promise<CommunityChange> {
  return inTransaction(async (tx) => {
    const [before] = await tx.select().from(communities).where(eq(communities.id, communityId)).for("update");
    if (!before) return { ok: false, reason: "not-found" };
    // Asked first so that a clash is an answer, not an aborted transaction. Two administrators
    // taking one address at the same instant are still stopped, by the unique index.
    const [clash] = await tx
      .select({ id: communities.id })
      .from(communities)
      .where(and(eq(communities.slug, input.slug), ne(communities.id, communityId)));
    if (clash) return { ok: false, reason: "slug-taken" };
    const [community] = await tx
      .update(communities)
      .set(columnsFrom(input))
      .where(eq(communities.id, communityId))
      .returning();
    const [was, now] = [detailsOf(before), detailsOf(community!)];
    if (JSON.stringify(was) !== JSON.stringify(now)) {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "community.updated",
        subjectType: "community",
        subjectId: communityId,
        before: was,
        after: now,
      });
    }
    return { ok: true, community: community! };
  });
}

/** The communities a user organises; an administrator may act for every community. */
export async function communitiesOrganisedBy(userId: string, options: { isAdmin: boolean }): Promise<Community[]> {
  const db = getDb();
  if (options.isAdmin)
    return db
      .select()
      .from(communities)
      .orderBy(sql`lower(${communities.name})`);
  const rows = await db
    .select({ community: communities })
    .from(communityOrganisers)
    .innerJoin(communities, eq(communities.id, communityOrganisers.communityId))
    .where(eq(communityOrganisers.userId, userId))
    .orderBy(sql`lower(${communities.name})`);
  return rows.map((row) => row.community);
}
