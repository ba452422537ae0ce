// Which strategy the dashboard highlights. Rule: among the strategies that fit (GPU memory at the planned
// micro-batch, and host memory for offloaded states), the largest max micro-batch wins; a tie goes to the
// higher throughput (tokens/s); a remaining tie to the first column. No feasible strategy: no winner.
import type { StrategyName } from '../vocabulary.js';
import type { Outcome } from './outcome.js';

export const WINNER_RULE = 'winner: feasible with the largest max micro-batch (tie: higher tokens/s)';

export function pickWinner(outcomes: readonly Outcome[]): StrategyName | null {
  let best: Outcome | null = null;
  for (const o of outcomes) {
    const r = o.result;
    if (!r || !r.fits) continue;
    const b = best?.result;
    if (!b || r.maxMicroBatch > b.maxMicroBatch || (r.maxMicroBatch === b.maxMicroBatch && r.throughput.tokensPerSecond > b.throughput.tokensPerSecond)) {
      best = o;
    }
  }
  return best ? best.strategy : null;
}
