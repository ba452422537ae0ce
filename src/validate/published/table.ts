// The published training-throughput table (docs/published-throughput.json, described in
// docs/published-throughput.md): the rows a time model is judged against, with their sources, each number as
// published and a held-out flag fixed before any prediction existed. Only the fields the planner reads are typed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { packageRoot } from '../../model/package-root.js';
import type { ModelSpec } from '../../model/types.js';
import type { FlashKernel, LossImpl } from '../../vocabulary.js';

interface Assumed<T> {
  value: T;
  basis: string;
}

export interface PublishedRow {
  id: string;
  source: { id: string };
  hardware: { segplanGpu: string | null; gpus: number; gpusPerNode: number | null; nodes: number | null; interconnect: string | null };
  model: string;
  seqLen: number | null;
  microBatch: number | null;
  /** micro-batches per optimizer step, where published */
  gradAccum: number | null;
  precision: { compute: string | null };
  activationCheckpointing: { kind: string; published: string | null; everyNth: number | null };
  parallelism: { sharding: string };
  measured: { tokensPerSecPerGpu: number };
  assumptions: {
    seqLen?: Assumed<number>;
    precision?: Assumed<string>;
    gpusPerNode?: Assumed<number>;
    activationCheckpointing?: Assumed<string>;
    /** the fused attention kernel the run used, from the script behind the row */
    attentionKernel?: Assumed<FlashKernel>;
    /** the run's cross-entropy implementation, from the model code behind the row */
    loss?: Assumed<LossImpl>;
    /** how the run's model code runs its norms: fused kernels, or RMSNorm op by op as Hugging Face's */
    modelCode?: Assumed<'pytorch' | 'pytorch-hf-eager'>;
  };
  waitsFor: string[];
  heldOut: boolean;
}

export interface PublishedTable {
  sources: Record<string, { title: string; organisation: string; url: string }>;
  /** `maxPositionsIsSeqLen`: the learned position table has one row per position of each run's sequence */
  models: Record<string, { spec?: ModelSpec; maxPositionsIsSeqLen?: boolean }>;
  rows: PublishedRow[];
}

export const PUBLISHED_TABLE = join('docs', 'published-throughput.json');

export function loadPublishedTable(file = join(packageRoot(), PUBLISHED_TABLE)): PublishedTable {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PublishedTable;
  } catch (e) {
    throw new UserError(`${file}: cannot read the published-throughput table (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
