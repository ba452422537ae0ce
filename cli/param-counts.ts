// Parameter counts of a spec, from the engine's graph (the same counting the planner uses).
import type { ModelSpec } from '../src/model/types.js';

export interface ParamSummary {
  total: number;
  /** used per token: differs from total for mixture-of-experts models */
  active: number;
  embedding: number;
  nonEmbedding: number;
}

export async function paramCounts(spec: ModelSpec): Promise<ParamSummary> {
  const [{ buildGraph }, { countParams }] = await Promise.all([import('../src/graph/build.js'), import('../src/cost/params.js')]);
  // the sequence length does not change parameter counts; 1 keeps the graph small
  const { total, active, embedding, nonEmbedding } = countParams(buildGraph(spec, { seqLen: 1 }));
  return { total, active, embedding, nonEmbedding };
}
