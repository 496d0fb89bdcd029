import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Criterion,
  isValidScore,
  NHS_HACK_DAY_RUBRIC,
  type Rubric,
  rubricChanged,
  rubricErrors,
  weightPercentages,
} from "~/domain/rubrics";

const criterion = (overrides: Partial<Criterion> = {}): Criterion => ({
  key: "impact",
  name: "Impact",
  guidance: "",
  weight: 10,
  scaleMin: 1,
  scaleMax: 5,
  descriptors: [
    { score: 1, text: "Poor" },
    { score: 5, text: "Excellent" },
  ],
  ...overrides,
});

const clone = (rubric: Rubric): Rubric => structuredClone(rubric);

describe("NHS_HACK_DAY_RUBRIC", () => {
  it("is a valid rubric", () => {
    expect(rubricErrors(NHS_HACK_DAY_RUBRIC)).toEqual({});
  });

  it("has the five published criteria, weighted 30/20/20/15/15", () => {
    expect(NHS_HACK_DAY_RUBRIC.criteria.map((c) => c.name)).toEqual([
      "Clinical need and impact",
      "Feasibility in the NHS",
      "Technical execution",
      "Use of open standards and data",
      "Presentation",
    ]);
    expect(weightPercentages(NHS_HACK_DAY_RUBRIC.criteria)).toEqual([30, 20, 20, 15, 15]);
  });

  it("describes every level of a 1 to 5 scale for each criterion", () => {
    for (const c of NHS_HACK_DAY_RUBRIC.criteria) {
      expect([c.scaleMin, c.scaleMax]).toEqual([1, 5]);
      expect(c.descriptors.map((d) => d.score)).toEqual([1, 2, 3, 4, 5]);
      for (const d of c.descriptors) expect(d.text.length).toBeGreaterThan(10);
      expect(c.guidance.length).toBeGreaterThan(0);
    }
  });
});

describe("weightPercentages", () => {
  it("shares 100 out in whole numbers by the largest remainder", () => {
    expect(weightPercentages([{ weight: 1 }, { weight: 1 }, { weight: 1 }])).toEqual([34, 33, 33]);
    expect(weightPercentages([{ weight: 2 }, { weight: 1 }])).toEqual([67, 33]);
    expect(weightPercentages([{ weight: 1 }, { weight: 2 }])).toEqual([33, 67]);
    expect(weightPercentages([{ weight: 7 }])).toEqual([100]);
    expect(weightPercentages([])).toEqual([]);
  });

  it("gives equal shares when no weight is positive", () => {
    expect(weightPercentages([{ weight: 0 }, { weight: 0 }, { weight: 0 }, { weight: 0 }])).toEqual([25, 25, 25, 25]);
    expect(weightPercentages([{ weight: 0 }, { weight: 0 }, { weight: 0 }])).toEqual([34, 33, 33]);
  });

  it("always sums to exactly 100, each within one point of its exact share", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }), (weights) => {
        const percentages = weightPercentages(weights.map((weight) => ({ weight })));
        expect(percentages.reduce((a, b) => a + b, 0)).toBe(100);
        const total = weights.reduce((a, b) => a + b, 0);
        percentages.forEach((p, i) => {
          const exact = total === 0 ? 100 / weights.length : ((weights[i] ?? 0) * 100) / total;
          expect(Number.isInteger(p)).toBe(true);
          expect(Math.abs(p - exact)).toBeLessThan(1);
        });
      }),
    );
  });
});

describe("rubricErrors", () => {
  it("accepts a one-criterion rubric", () => {
    expect(rubricErrors({ criteria: [criterion()] })).toEqual({});
  });

  it("asks for at least one criterion and refuses more than 12", () => {
    expect(rubricErrors({ criteria: [] })).toEqual({ criteria: "Add at least one criterion" });
    const many = Array.from({ length: 13 }, (_, i) => criterion({ key: `c${i}`, name: `Criterion ${i}` }));
    expect(rubricErrors({ criteria: many })).toEqual({ criteria: "A rubric can have at most 12 criteria" });
    expect(rubricErrors({ criteria: many.slice(0, 12) })).toEqual({});
  });

  it("requires names of 80 characters or fewer that differ regardless of case", () => {
    const errors = rubricErrors({
      criteria: [
        criterion({ key: "a", name: "Impact" }),
        criterion({ key: "b", name: "  " }),
        criterion({ key: "c", name: "x".repeat(81) }),
        criterion({ key: "d", name: " IMPACT " }),
      ],
    });
    expect(errors).toEqual({
      "criteria.1.name": "Enter a name for criterion 2",
      "criteria.2.name": "The name of criterion 3 must be 80 characters or fewer",
      "criteria.3.name": "Give criterion 4 a different name: criterion 1 is already called Impact",
    });
  });

  it("requires whole-number weights from 1 to 100", () => {
    for (const weight of [0, -1, 101, 2.5, Number.NaN]) {
      expect(rubricErrors({ criteria: [criterion({ weight })] })).toEqual({
        "criteria.0.weight": "Enter the weight of criterion 1 as a whole number from 1 to 100",
      });
    }
    for (const weight of [1, 100]) expect(rubricErrors({ criteria: [criterion({ weight })] })).toEqual({});
  });

  it("requires a scale from 0 or 1 up to between 2 and 10", () => {
    const scale = (scaleMin: number, scaleMax: number) =>
      rubricErrors({ criteria: [criterion({ scaleMin, scaleMax, descriptors: [] })] });
    expect(scale(0, 10)).toEqual({});
    expect(scale(1, 2)).toEqual({});
    expect(scale(2, 5)).toEqual({ "criteria.0.scaleMin": "The lowest score for criterion 1 must be 0 or 1" });
    expect(scale(0.5, 5)).toEqual({ "criteria.0.scaleMin": "The lowest score for criterion 1 must be 0 or 1" });
    expect(scale(1, 11)).toEqual({
      "criteria.0.scaleMax": "The highest score for criterion 1 must be a whole number from 2 to 10",
    });
    expect(scale(1, 1)).toEqual({
      "criteria.0.scaleMax": "The highest score for criterion 1 must be a whole number from 2 to 10",
    });
    expect(scale(0, 4.5)).toEqual({
      "criteria.0.scaleMax": "The highest score for criterion 1 must be a whole number from 2 to 10",
    });
  });

  it("requires descriptors on the scale, one per score, with some text", () => {
    const errors = rubricErrors({
      criteria: [
        criterion({
          descriptors: [
            { score: 1, text: "Poor" },
            { score: 6, text: "Off the scale" },
            { score: 1, text: "Poor again" },
            { score: 3, text: " " },
            { score: 4, text: "y".repeat(501) },
          ],
        }),
      ],
    });
    expect(errors).toEqual({
      "criteria.0.descriptors.1.score": "Each level of criterion 1 must be a whole number from 1 to 5",
      "criteria.0.descriptors.2.score": "Criterion 1 already has a description for a score of 1",
      "criteria.0.descriptors.3.text": "Describe a score of 3 for criterion 1, or remove it",
      "criteria.0.descriptors.4.text":
        "The description of a score of 4 for criterion 1 must be 500 characters or fewer",
    });
  });

  it("limits guidance to 1000 characters", () => {
    expect(rubricErrors({ criteria: [criterion({ guidance: "g".repeat(1000) })] })).toEqual({});
    expect(rubricErrors({ criteria: [criterion({ guidance: "g".repeat(1001) })] })).toEqual({
      "criteria.0.guidance": "The guidance for criterion 1 must be 1000 characters or fewer",
    });
  });

  it("catches missing and repeated keys", () => {
    expect(
      rubricErrors({ criteria: [criterion({ key: "a", name: "A" }), criterion({ key: "a", name: "B" })] }),
    ).toEqual({ "criteria.1.key": "Criterion 2 has the same key as criterion 1" });
    expect(rubricErrors({ criteria: [criterion({ key: "" })] })).toEqual({
      "criteria.0.key": "Criterion 1 has no key",
    });
  });
});

describe("isValidScore", () => {
  it("accepts whole numbers on the scale only", () => {
    const scale = { scaleMin: 1, scaleMax: 5 };
    expect([0, 1, 3, 5, 6, 2.5, Number.NaN, Infinity].map((s) => isValidScore(scale, s))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(isValidScore({ scaleMin: 0, scaleMax: 10 }, 0)).toBe(true);
  });
});

describe("rubricChanged", () => {
  it("is false for the same rubric, reordered criteria or reworded guidance", () => {
    const a = clone(NHS_HACK_DAY_RUBRIC);
    expect(rubricChanged(a, clone(a))).toBe(false);
    const b = clone(a);
    b.criteria.reverse();
    b.criteria[0]!.guidance = "Different advice";
    b.criteria[1]!.descriptors.reverse();
    expect(rubricChanged(a, b)).toBe(false);
  });

  it("is true when a name, weight, scale, descriptor or the set of criteria changes", () => {
    const base = NHS_HACK_DAY_RUBRIC;
    const edits: ((r: Rubric) => void)[] = [
      (r) => (r.criteria[0]!.name = "Clinical need"),
      (r) => (r.criteria[1]!.weight = 25),
      (r) => (r.criteria[2]!.scaleMin = 0),
      (r) => (r.criteria[2]!.scaleMax = 10),
      (r) => (r.criteria[3]!.descriptors[2]!.text = "Something else"),
      (r) => r.criteria[3]!.descriptors.pop(),
      (r) => r.criteria.pop(),
      (r) => (r.criteria[4]!.key = "pitch"),
      (r) => r.criteria.push(criterion({ key: "extra", name: "Extra" })),
    ];
    for (const edit of edits) {
      const changed = clone(base);
      edit(changed);
      expect(rubricChanged(base, changed)).toBe(true);
      expect(rubricChanged(changed, base)).toBe(true);
    }
  });
});
