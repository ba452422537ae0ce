// A scenario: one model on one cluster, the strategies to compare, shared settings and an optional sweep.
// Its job settings are the job parameters (src/job/parameters.ts) that the table places in a scenario, under the
// keys it names; docs/scenario.schema.json mirrors these types (test/job/parameters.test.ts checks the two agree)
// and flags on the command line override every value.
import type { Parameter, ScenarioPlace } from '../job/parameters.js';
import type { ValueOf } from '../job/values.js';
import type { StrategyName } from '../vocabulary.js';

type LastPart<F extends string> = F extends `${string}.${infer R}` ? LastPart<R> : F;
type KeyOf<P extends Parameter> = P extends { scenarioKey: infer K extends string } ? K : LastPart<P['field']>;
/** A value as a file writes it: a quantity keeps its unit ("40GiB"), the loader reads it. */
type WrittenValueOf<P extends Parameter> = P extends { type: 'quantity' } ? string : ValueOf<P>;

/** The parameters a scenario may give at `place`, each optional. */
type At<Place extends ScenarioPlace> = {
  [P in Parameter as P extends { scenario: readonly (infer S)[] } ? (Place extends S ? KeyOf<P> : never) : never]?: WrittenValueOf<P>;
};

export type ScenarioSettings = At<'settings'>;

export type ScenarioStrategy = At<'strategy'> & {
  strategy: StrategyName;
  label?: string;
  /** where model states live; unset parts keep the strategy's own placement */
  placement?: At<'strategy.placement'>;
};

/** Sweep axes use the command-line flag names (`segment-size`, `head-depth`, ...). */
export type SweepAxes = Record<string, Array<string | number>>;

export interface Scenario {
  name?: string;
  title?: string;
  description?: string;
  model: string;
  cluster: At<'cluster'> & { gpu: string };
  settings?: ScenarioSettings;
  /** a training budget (one of tokens, samples, epochs with datasetSize) and an optional price per GPU-hour */
  training?: At<'training'>;
  strategies?: ScenarioStrategy[];
  sweep?: { strategy?: StrategyName; vary: SweepAxes; frontier?: FrontierAxis };
  /** a study: every combination of these values (sweep axes, plus `model` and `host-mem`) plans every strategy */
  variants?: SweepAxes;
  /** the paper's claims, each checked against segplan's numbers in every variant */
  claims?: StudyClaim[];
  /** the metrics a study shows for every variant (default: max micro-batch, peak, throughput) */
  metrics?: import('../report/study/metrics.js').MetricName[];
  /** what a reader must know to weigh the numbers: assumptions, and where the model and the paper part ways */
  notes?: string[];
}

/** What the sweep's frontier trades peak memory against: FLOPs per token, or time per sample. */
export type FrontierAxis = 'flops' | 'time';

/** A comparison the paper makes, in words, and the metric that decides it between strategies (by label). */
export interface StudyClaim {
  claim: string;
  metric: import('../report/study/metrics.js').MetricName;
  /** the labels (or strategy names) of the strategies the claim is about */
  strategies: string[];
  /** the label (or strategy name) they are compared with */
  than: string;
}

/** A scenario as read from a file: relative model and GPU paths resolve against `dir`. */
export interface LoadedScenario {
  scenario: Scenario;
  file: string;
  dir: string;
  /** bytes of `cluster.gpuMemory`, parsed with units */
  gpuMemoryBytes?: number;
  /** bytes of `cluster.hostMemory` */
  hostMemoryBytes?: number;
}
