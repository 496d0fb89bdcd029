// Every community on the platform, for administrators.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { pageTitle } from "~/components/layout";
import { ResponsiveTable } from "~/components/table";
import { listCommunities } from "~/models/communities.server";
import { communityKindName } from "~/domain/communities";

export const meta: MetaFunction = () => [{ title: pageTitle("Communities") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const communities = await listCommunities();
  return {
    communities: communities.map((community) => ({
      id: community.id,
      slug: community.slug,
      name: community.name,
      kind: community.kind,
      organiserCount: community.organiserCount,
    })),
  };
}

export default function CommunitiesPage() {
  const { communities } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Communities</h1>
      <p>Communities run events. Each has organisers, who create its calls and run its hack days and challenges.</p>
      <Link to="/admin/communities/new" role="button" draggable="false" className="nhsuk-button">
        Create a community
      </Link>
      {communities.length === 0 ? (
        <p>There are no communities yet.</p>
      ) : (
        <ResponsiveTable
          caption="Communities"
          columns={[{ heading: "Name" }, { heading: "Kind" }, { heading: "Organisers" }]}
          rows={communities.map((community) => ({
            key: community.id,
            cells: [
              <Link to={`/admin/communities/${community.slug}`}>{community.name}</Link>,
              communityKindName(community.kind),
              community.organiserCount === 0 ? "None yet" : String(community.organiserCount),
            ],
          }))}
        />
      )}
    </>
  );
}
