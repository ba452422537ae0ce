// Everything that defines how one stage of a strategy runs, independent of the hardware it runs on.
// The memory timeline and the time model both take it.

import type { Graph } from '../graph/types.js';
import type { OptimizerPolicy } from '../precision/optimizer.js';
import type { PrecisionPolicy } from '../precision/precision.js';
import type { RuntimeProfile } from '../runtime/profile.js';
import type { Placement } from './placement.js';
import type { ActivationPolicy, BlockRole } from './roles.js';

export interface StageSetting {
  graph: Graph;
  /** the role of every block in this stage */
  roles: readonly BlockRole[];
  policy: ActivationPolicy;
  /** with `full`: checkpoint only every n-th body layer (src/strategy/checkpoint-layers.ts); default 1 */
  checkpointEvery?: number;
  profile: RuntimeProfile;
  precision: PrecisionPolicy;
  optimizer: OptimizerPolicy;
  placement: Placement;
  attention: 'math' | 'flash';
  /** micro-batches per optimizer step (gradient accumulation); default 1 */
  gradAccum?: number;
}
