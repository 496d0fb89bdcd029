// What every benchmark reports: a figure beside its target, so a run reads as a table.
export interface BenchFigure {
  /** Which benchmark and which measure: "Judging window: p95 of score saves". */
  name: string;
  /** The measured value as people read it: "87 ms", "1,240 req/s", "64.2 KB". */
  value: string;
  /** The target as people read it: "under 150 ms"; empty when the figure is for context only. */
  target: string;
  /** Whether the target is met; null for a figure without a target. */
  met: boolean | null;
}

export interface Benchmark {
  /** Short title used in the table's section heading. */
  title: string;
  run(): Promise<BenchFigure[]>;
}
