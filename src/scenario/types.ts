// A scenario: one model on one cluster, the strategies to compare, shared settings and an optional sweep.
// docs/scenario.schema.json mirrors these types; flags on the command line override every value.
import type { ActivationPolicy } from '../strategy/roles.js';
import type { AttentionImpl, ForwardMode, OptimizerName, PrecisionName, Residence, RuntimeName, StrategyName } from '../vocabulary.js';

export interface ScenarioSettings {
  seqLen?: number;
  microBatch?: number | 'auto';
  checkpointing?: ActivationPolicy;
  attention?: AttentionImpl;
  precision?: PrecisionName;
  optimizer?: OptimizerName;
  runtime?: RuntimeName;
  stepsPerStage?: number;
}

export interface ScenarioStrategy {
  strategy: StrategyName;
  label?: string;
  segmentSize?: number;
  segments?: number;
  headDepth?: number;
  prefixDepth?: number;
  forward?: ForwardMode;
  microBatch?: number | 'auto';
  checkpointing?: ActivationPolicy;
  /** where model states live; unset parts keep the strategy's own placement */
  placement?: { trainable?: Residence; optimizer?: Residence; frozen?: Residence };
}

/** Sweep axes use the command-line flag names (`segment-size`, `head-depth`, ...). */
export type SweepAxes = Record<string, Array<string | number>>;

export interface Scenario {
  name?: string;
  title?: string;
  description?: string;
  model: string;
  cluster: { gpu: string; gpus?: number; nodes?: number; gpuMemory?: string };
  settings?: ScenarioSettings;
  /** a training budget (one of tokens, samples, epochs with datasetSize) and an optional price per GPU-hour */
  training?: { tokens?: number; samples?: number; epochs?: number; datasetSize?: number; usdPerGpuHour?: number };
  strategies?: ScenarioStrategy[];
  sweep?: { strategy?: StrategyName; vary: SweepAxes };
}

/** A scenario as read from a file: relative model and GPU paths resolve against `dir`. */
export interface LoadedScenario {
  scenario: Scenario;
  file: string;
  dir: string;
  /** bytes of `cluster.gpuMemory`, parsed with units */
  gpuMemoryBytes?: number;
}
