/** One row of the benchmark table. */
export interface BenchRow {
  /** What ran, e.g. `synth 1,000 Certificates`. */
  readonly case: string;
  /** Median wall time, milliseconds. */
  readonly wallMs: number;
  /** Peak RSS growth or peak RSS of a child process, MiB. */
  readonly peakMiB?: number;
  /** Size on disk (apparent bytes), MiB: installed package or tarball. */
  readonly sizeMiB?: number;
  /** The baseline case this row is compared to (measured in the same run). */
  readonly baseline?: string;
  /** wallMs / baseline's wallMs (sizeMiB / baseline's sizeMiB for size rows). */
  readonly ratio?: number;
  /** The target this row is held to, in words, e.g. `ratio ≤ 3, wall < 2 s`. */
  readonly target?: string;
  /** Whether the target was met (undefined when there is none). */
  readonly met?: boolean;
}

/** A benchmark file under bench/ named `*.bench.ts` exports `run` returning its rows. */
export type BenchSuite = () => Promise<BenchRow[]>;
