// Reading the entry form: every field may be empty in a draft, but what is typed must be
// well formed (lengths, https links, a known licence). Completeness is checked on submitting.
import { z } from "zod";
import { optionalText } from "~/domain/fields";
import { licenceError } from "~/domain/licences";
import {
  SUBMISSION_LIMITS,
  parseTechnologies,
  technologiesError,
  urlFieldError,
  type EntryFields,
} from "~/domain/submissions";

/** Each member's part has a field of its own, named after them. */
export const CONTRIBUTION_PREFIX = "contribution-";

function link(label: string) {
  return optionalText(label, SUBMISSION_LIMITS.url).superRefine((value, context) => {
    const problem = urlFieldError(value, label);
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}

const uuid = z.string().uuid();

export function entryFormSchema(options: { requiresOsiLicence: boolean; memberIds: readonly string[] }) {
  const contributions = Object.fromEntries(
    options.memberIds.map((id) => [
      `${CONTRIBUTION_PREFIX}${id}`,
      optionalText("What they did", SUBMISSION_LIMITS.contribution),
    ]),
  );
  return z
    .object({
      intent: z.enum(["save", "submit"]),
      version: z.coerce.number().int().min(0).default(0),
      title: optionalText("Title", SUBMISSION_LIMITS.title),
      summary: optionalText("Summary", SUBMISSION_LIMITS.summary),
      description: optionalText("Description", SUBMISSION_LIMITS.description),
      themeId: z
        .string()
        .default("")
        .refine((value) => value === "" || uuid.safeParse(value).success, "Choose a theme from the list")
        .transform((value) => value || null),
      repositoryUrl: optionalText("Repository", SUBMISSION_LIMITS.url),
      demoUrl: link("Demo"),
      videoUrl: link("Video"),
      licence: z
        .string()
        .trim()
        .default("")
        .superRefine((value, context) => {
          const problem = licenceError(value, { requireOsi: options.requiresOsiLicence });
          if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        }),
      technologies: optionalText("Technologies and standards", 2000)
        .transform(parseTechnologies)
        .superRefine((list, context) => {
          const problem = technologiesError(list);
          if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        }),
      dataAttestation: z
        .string()
        .optional()
        .transform((value) => value === "yes"),
      ...contributions,
    })
    .transform((input) => {
      const record = input as Record<string, unknown>;
      const fields: EntryFields = {
        title: input.title,
        summary: input.summary,
        description: input.description,
        themeId: input.themeId,
        repositoryUrl: input.repositoryUrl,
        demoUrl: input.demoUrl,
        videoUrl: input.videoUrl,
        licence: input.licence,
        technologies: input.technologies,
        dataAttestation: input.dataAttestation,
        contributions: Object.fromEntries(
          options.memberIds
            .map((id) => [id, String(record[`${CONTRIBUTION_PREFIX}${id}`] ?? "")] as const)
            .filter(([, text]) => text !== ""),
        ),
      };
      return { intent: input.intent, version: input.version, fields };
    });
}
