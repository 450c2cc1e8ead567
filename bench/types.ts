/** One line of `npm run bench`: what was measured, against which peer, and the target. */
export interface BenchResult {
  /** Short name, e.g. "grid: read+validate 10,000 rows". */
  name: string;
  /** Figures, already rounded, with their units in the key: { "median ms": 8.1, "peak MB": 120 }. */
  metrics: Record<string, number | string>;
  /** The peer measured in the same run, and our figure divided by the peer's. */
  peer?: { name: string; ratio: number };
  /** The target in words, and whether this run met it. */
  target?: { text: string; met: boolean };
}

export interface Bench {
  title: string;
  run(): Promise<BenchResult[]>;
}
