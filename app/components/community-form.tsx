// The fields of a community's details, shared by the pages that create and edit one.
import { Radios, TextArea, TextField, type FormFailure } from "./form";
import { kindChoices } from "~/domain/communities";

export function CommunityDetailsFields({
  failure,
  community,
}: {
  failure?: FormFailure;
  community?: { name: string; slug: string; kind: string; description: string; website: string | null };
}) {
  return (
    <>
      <TextField name="name" label="Community name" failure={failure} defaultValue={community?.name} />
      <TextField
        name="slug"
        label="Address name"
        hint="Used in web addresses. Lower-case letters, numbers and hyphens, like leeds-code4health. Leave it blank to make one from the name."
        failure={failure}
        defaultValue={community?.slug}
        width={20}
        spellCheck={false}
      />
      <Radios
        name="kind"
        legend="What kind of community is it?"
        choices={kindChoices}
        failure={failure}
        defaultValue={community?.kind}
      />
      <TextArea
        name="description"
        label="Description (optional)"
        hint="What the community is for and who it brings together. Up to 2,000 characters."
        failure={failure}
        defaultValue={community?.description}
      />
      <TextField
        name="website"
        label="Website address (optional)"
        hint="Starting with https://"
        type="url"
        failure={failure}
        defaultValue={community?.website ?? ""}
        spellCheck={false}
      />
    </>
  );
}
