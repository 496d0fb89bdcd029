// A community's details: the kinds there are, and the rules for its form.
import { z } from "zod";
import { optionalText, optionalWebAddress, requiredText, slugField } from "./fields";

export type CommunityKind = "place_based_hub" | "nhs_organisation" | "product_community" | "other";

// The short name goes in lists; the form adds an example so people can place their community.
const communityKinds: Record<CommunityKind, { name: string; example?: string }> = {
  place_based_hub: { name: "Place-based hub", example: "a university" },
  nhs_organisation: { name: "NHS organisation", example: "a trust" },
  product_community: { name: "Product community", example: "an open-source EHR" },
  other: { name: "Other" },
};

export function communityKindName(kind: CommunityKind): string {
  return communityKinds[kind].name;
}

export const kindChoices = Object.entries(communityKinds).map(([value, { name, example }]) => ({
  value,
  label: example ? `${name} (for example ${example})` : name,
}));

const kindValues = Object.keys(communityKinds) as [CommunityKind, ...CommunityKind[]];

export const communityDetailsSchema = z.object({
  name: requiredText("Community name", 120),
  slug: z
    .string({ required_error: "Enter an address name, like leeds-code4health" })
    .trim()
    .min(1, "Enter an address name, like leeds-code4health")
    .pipe(slugField("Address name"))
    // /admin/communities/new is the page that creates one, so no community can be found there.
    .refine((slug) => slug !== "new", "Address name cannot be new. Choose another, like leeds-code4health"),
  kind: z.enum(kindValues, { errorMap: () => ({ message: "Select what kind of community this is" }) }),
  description: optionalText("Description", 2000),
  website: optionalWebAddress("Website address").refine(
    (website) => website === "" || /^https:\/\//i.test(website),
    "Enter website address starting with https://",
  ),
});

export const SLUG_TAKEN = "Address name is already used by another community";
