// Rubrics: the published criteria that judges score entries against, and the rules an organiser's rubric must
// keep so that the judging maths (./judging) always has something sensible to work with.

export interface LevelDescriptor {
  score: number;
  text: string;
}

export interface Criterion {
  /** Stable identifier that scores are stored under; names may be reworded, keys stay. */
  key: string;
  name: string;
  guidance: string;
  /** A positive whole number; only the proportions between criteria matter. */
  weight: number;
  scaleMin: number;
  scaleMax: number;
  descriptors: LevelDescriptor[];
}

export interface Rubric {
  criteria: Criterion[];
}

export const MAX_CRITERIA = 12;
export const MAX_CRITERION_NAME_LENGTH = 80;
export const MAX_GUIDANCE_LENGTH = 1000;
export const MAX_DESCRIPTOR_LENGTH = 500;
export const MAX_WEIGHT = 100;
/** The lowest score is 0 or 1: the two conventions judges know ("nothing there" or "poor"). */
export const SCALE_MINIMUMS: readonly number[] = [0, 1];
/** More than 10 levels cannot be told apart reliably by judges scoring 20-40 entries in an afternoon. */
export const SCALE_MAX_LIMITS = { min: 2, max: 10 } as const;

const levels = (...texts: [string, string, string, string, string]): LevelDescriptor[] =>
  texts.map((text, index) => ({ score: index + 1, text }));

/** The default rubric for an NHS Hack Day, which organisers may adapt. */
export const NHS_HACK_DAY_RUBRIC: Rubric = {
  criteria: [
    {
      key: "clinical-need",
      name: "Clinical need and impact",
      guidance:
        "Is there a real problem for patients, carers or staff, and how much would solving it help? Look for a clinician or patient on the team who has lived the problem and for an idea of who benefits and how many.",
      weight: 30,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: levels(
        "No clear problem, or one that nobody in the NHS has.",
        "A plausible problem, but the team cannot say who has it or how often.",
        "A real problem for a defined group, with a believable benefit.",
        "A well-evidenced problem for many patients or staff, with a clear benefit to care, safety or time.",
        "A pressing, well-evidenced need; solving it would change practice or outcomes across services.",
      ),
    },
    {
      key: "nhs-feasibility",
      name: "Feasibility in the NHS",
      guidance:
        "Could this be used in a real NHS setting? Consider clinical safety (DCB0129/DCB0160), information governance, procurement, existing systems and who would own it after the weekend.",
      weight: 20,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: levels(
        "Could not be used in the NHS as proposed.",
        "Major barriers (safety, governance, cost or workflow) that the team has not considered.",
        "Barriers are known, and there is a believable route past most of them.",
        "Fits existing workflows and systems; safety and governance have been thought through.",
        "Ready to pilot: a named service could take it on, with a clear owner and next steps.",
      ),
    },
    {
      key: "technical-execution",
      name: "Technical execution",
      guidance:
        "Judge what was built, not what was promised. Does the prototype work, is the code in the open repository, and is it a sound base to build on?",
      weight: 20,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: levels(
        "Slides or mock-ups only; nothing runs.",
        "A partial prototype that works only in a scripted demo.",
        "A working prototype of the core idea, with code in the repository.",
        "A robust prototype with readable code, instructions to run it and sensible handling of errors.",
        "Polished and well engineered: tested, documented and easy for someone else to pick up.",
      ),
    },
    {
      key: "open-standards",
      name: "Use of open standards and data",
      guidance:
        "Does it use open standards (such as FHIR, SNOMED CT, dm+d or NHS login) and open or synthetic data, under an open-source licence, so that others can reuse it safely?",
      weight: 15,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: levels(
        "Closed or proprietary, or uses real patient data without a lawful basis.",
        "Open-source licence, but no use of relevant standards or open data.",
        "Uses at least one relevant open standard or open data set appropriately.",
        "Built around open standards and synthetic or open data, so it could connect to NHS systems.",
        "Exemplary: standards-based interfaces, open data and licence, easy for others to reuse and extend.",
      ),
    },
    {
      key: "presentation",
      name: "Presentation",
      guidance:
        "Within the time allowed, did the team explain the problem, show the prototype and say what should happen next? Accessibility of the slides and the demo counts.",
      weight: 15,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: levels(
        "Hard to follow; the problem and the solution were unclear.",
        "The idea came across, but the demo or the explanation had large gaps.",
        "Clear explanation of the problem and the prototype, within time.",
        "Engaging and clear, with a live demo and a sensible next step.",
        "Compelling: a clear story from problem to demo to next steps that a non-specialist could follow.",
      ),
    },
  ],
};

/**
 * Each weight as a whole percentage of the total, summing to exactly 100 so a published rubric never shows
 * 33% + 33% + 33%. Largest remainder method: round down, then give the spare points to the largest fractions
 * (earlier criteria first when fractions are equal). With no positive weight, the criteria share equally.
 */
export function weightPercentages(criteria: readonly Pick<Criterion, "weight">[]): number[] {
  if (criteria.length === 0) return [];
  let weights = criteria.map(({ weight }) => (Number.isFinite(weight) && weight > 0 ? weight : 0));
  let total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) {
    weights = weights.map(() => 1);
    total = weights.length;
  }
  const shares = weights.map((weight) => {
    const floor = Math.floor((weight * 100) / total);
    // Kept as a numerator over `total` so whole weights compare exactly.
    return { floor, remainder: weight * 100 - floor * total };
  });
  let spare = 100 - shares.reduce((sum, share) => sum + share.floor, 0);
  const byRemainder = shares.map((share, index) => ({ ...share, index }));
  byRemainder.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  const percentages = shares.map((share) => share.floor);
  for (const { index } of byRemainder) {
    if (spare <= 0) break;
    percentages[index] = (percentages[index] ?? 0) + 1;
    spare--;
  }
  return percentages;
}

const isWhole = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/**
 * What is wrong with a rubric an organiser has built, keyed by field ("criteria", "criteria.0.name",
 * "criteria.2.descriptors.1.score"); empty when the rubric can be used.
 */
export function rubricErrors(rubric: Rubric): Record<string, string> {
  const errors: Record<string, string> = {};
  const criteria = rubric.criteria;
  if (criteria.length === 0) errors["criteria"] = "Add at least one criterion";
  else if (criteria.length > MAX_CRITERIA) errors["criteria"] = `A rubric can have at most ${MAX_CRITERIA} criteria`;

  const namesSeen = new Map<string, { index: number; name: string }>();
  const keysSeen = new Map<string, number>();
  criteria.forEach((criterion, index) => {
    const field = (name: string) => `criteria.${index}.${name}`;
    const label = `criterion ${index + 1}`;

    // Keys are made by the application, not typed, so a problem here is a fault rather than a slip.
    const key = criterion.key.trim();
    if (key === "") errors[field("key")] = `Criterion ${index + 1} has no key`;
    else if (keysSeen.has(key))
      errors[field("key")] = `Criterion ${index + 1} has the same key as criterion ${(keysSeen.get(key) ?? 0) + 1}`;
    else keysSeen.set(key, index);

    const name = criterion.name.trim();
    if (name === "") errors[field("name")] = `Enter a name for ${label}`;
    else if (name.length > MAX_CRITERION_NAME_LENGTH)
      errors[field("name")] = `The name of ${label} must be ${MAX_CRITERION_NAME_LENGTH} characters or fewer`;
    else {
      // Judges and results pages tell criteria apart by name alone.
      const folded = name.toLocaleLowerCase("en-GB");
      const earlier = namesSeen.get(folded);
      if (earlier !== undefined)
        errors[field("name")] =
          `Give ${label} a different name: criterion ${earlier.index + 1} is already called ${earlier.name}`;
      else namesSeen.set(folded, { index, name });
    }

    if (criterion.guidance.length > MAX_GUIDANCE_LENGTH)
      errors[field("guidance")] = `The guidance for ${label} must be ${MAX_GUIDANCE_LENGTH} characters or fewer`;

    if (!isWhole(criterion.weight) || criterion.weight < 1 || criterion.weight > MAX_WEIGHT)
      errors[field("weight")] = `Enter the weight of ${label} as a whole number from 1 to ${MAX_WEIGHT}`;

    const minOk = isWhole(criterion.scaleMin) && SCALE_MINIMUMS.includes(criterion.scaleMin);
    const maxOk =
      isWhole(criterion.scaleMax) &&
      criterion.scaleMax >= SCALE_MAX_LIMITS.min &&
      criterion.scaleMax <= SCALE_MAX_LIMITS.max;
    if (!minOk) errors[field("scaleMin")] = `The lowest score for ${label} must be 0 or 1`;
    if (!maxOk)
      errors[field("scaleMax")] =
        `The highest score for ${label} must be a whole number from ${SCALE_MAX_LIMITS.min} to ${SCALE_MAX_LIMITS.max}`;
    else if (minOk && criterion.scaleMax <= criterion.scaleMin)
      errors[field("scaleMax")] = `The highest score for ${label} must be more than the lowest score`;

    const scoresSeen = new Set<number>();
    criterion.descriptors.forEach((descriptor, position) => {
      const descriptorField = (name: string) => field(`descriptors.${position}.${name}`);
      const { score } = descriptor;
      if (!isWhole(score) || (minOk && maxOk && (score < criterion.scaleMin || score > criterion.scaleMax))) {
        errors[descriptorField("score")] =
          minOk && maxOk
            ? `Each level of ${label} must be a whole number from ${criterion.scaleMin} to ${criterion.scaleMax}`
            : `Each level of ${label} must be a whole number on its scale`;
      } else if (scoresSeen.has(score)) {
        errors[descriptorField("score")] = `${capitalise(label)} already has a description for a score of ${score}`;
      } else scoresSeen.add(score);

      const text = descriptor.text.trim();
      if (text === "") errors[descriptorField("text")] = `Describe a score of ${score} for ${label}, or remove it`;
      else if (text.length > MAX_DESCRIPTOR_LENGTH)
        errors[descriptorField("text")] =
          `The description of a score of ${score} for ${label} must be ${MAX_DESCRIPTOR_LENGTH} characters or fewer`;
    });
  });
  return errors;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether a judge may give this score: a whole number on the criterion's scale. */
export function isValidScore(criterion: Pick<Criterion, "scaleMin" | "scaleMax">, score: number): boolean {
  return Number.isInteger(score) && score >= criterion.scaleMin && score <= criterion.scaleMax;
}

/**
 * Whether two versions of a rubric would score differently: names, weights, scales or level descriptors,
 * matched by key. Guidance and the order of criteria are left out, because rewording advice or moving a
 * criterion up the page does not change what a score means, so it need not warn about scores already entered.
 */
export function rubricChanged(a: Rubric, b: Rubric): boolean {
  if (a.criteria.length !== b.criteria.length) return true;
  const before = new Map(a.criteria.map((criterion) => [criterion.key, criterion]));
  if (before.size !== a.criteria.length) return true;
  return b.criteria.some((after) => {
    const earlier = before.get(after.key);
    if (!earlier) return true;
    before.delete(after.key);
    return (
      earlier.name.trim() !== after.name.trim() ||
      earlier.weight !== after.weight ||
      earlier.scaleMin !== after.scaleMin ||
      earlier.scaleMax !== after.scaleMax ||
      descriptorSignature(earlier.descriptors) !== descriptorSignature(after.descriptors)
    );
  });
}

function descriptorSignature(descriptors: readonly LevelDescriptor[]): string {
  return JSON.stringify(
    [...descriptors].map(({ score, text }) => [score, text.trim()] as const).sort((x, y) => x[0] - y[0]),
  );
}

/**
 * Whether a judge's sheet is finished: every criterion scored within its scale, or the team
 * marked absent (nothing to score). A judge may save a sheet part-way; only finished ones count.
 */
export function isSheetComplete(
  criteria: readonly Pick<Criterion, "key" | "scaleMin" | "scaleMax">[],
  sheet: { criterionScores: Record<string, number>; teamAbsent: boolean },
): boolean {
  if (sheet.teamAbsent) return true;
  return (
    criteria.length > 0 &&
    criteria.every((criterion) => {
      const score = sheet.criterionScores[criterion.key];
      return typeof score === "number" && isValidScore(criterion, score);
    })
  );
}
