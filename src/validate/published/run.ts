// `segplan validate --suite published`: every row of the published-throughput table that segplan can express,
// planned with the row's settings, and the predicted tokens/s/GPU beside the published one. Rows keep their
// held-out flag so that an error can be reported on rows no constant was chosen with. Where a source is silent
// the row's own stated assumption is used and listed; rows that need what segplan does not model (their
// `waitsFor`, checkpointing of an unpublished share of layers, a GPU not in the catalog) are skipped with why.

import { gpuById } from '../../hardware/lookup.js';
import { offloadsToHost, runKindOf, type RunKind } from '../../plan/accuracy.js';
import { plan } from '../../plan/plan.js';
import type { PlanRequest } from '../../plan/types.js';
import { catalogSpec } from '../../model/catalog.js';
import type { ActivationPolicy } from '../../strategy/roles.js';
import type { StrategyName } from '../../vocabulary.js';
import { attentionCurve, DEFAULT_FLASH_KERNEL, FLASH_KERNEL_WORDS } from '../../time/attention-efficiency.js';
import { relativeDifference } from '../relative.js';
import { KERNEL_CLASSES, type KernelSeconds } from '../../time/kernel-rates.js';
import type { PublishedRow, PublishedTable } from './table.js';

export interface PublishedResult {
  id: string;
  source: string;
  /** catalog GPU id the run was planned on */
  gpu: string;
  /** the settings that decide its kernels and collectives, as a plan is matched on them (src/plan/accuracy.ts) */
  kind: RunKind;
  heldOut: boolean;
  measured: number;
  predicted: number;
  /** (predicted − measured) / measured */
  error: number;
  /** settings taken from the row's assumptions or from segplan's mapping, in words */
  assumed: string[];
  /** the planned step's compute by kernel class, as shares of it (where the planned time goes) */
  computeShares: KernelSeconds;
}

export interface PublishedRun {
  results: PublishedResult[];
  skipped: { id: string; why: string }[];
}

/** How a source's activation checkpointing maps onto segplan's policies (null: not expressible). */
const CHECKPOINTING: Record<string, ActivationPolicy | null> = {
  none: 'none',
  full: 'full',
  // the sources' "selective" is never Megatron's (segplan's `selective`): it names no mode (the row's assumption may)
  selective: null,
  // every n-th layer: segplan's full checkpointing with checkpointEvery n, when the source publishes n
  'selective-layer': 'full',
  // torchtitan's "op": its save list, every second matmul recomputed (the only source of such rows)
  'selective-op': 'torchtitan-op',
};

/** The row's checkpointing as segplan plans it, with what was assumed in words, or why it cannot be planned. */
function checkpointingOf(row: PublishedRow): { policy: ActivationPolicy; every?: number; assumed: string[] } | { why: string } {
  const ac = row.activationCheckpointing;
  const stated = row.assumptions.activationCheckpointing;
  // a source silent on the mode: the row's assumption (a config file of the same commit) decides
  const kind = ac.kind === 'selective' && stated ? stated.value : ac.kind;
  const assumed = kind !== ac.kind && stated ? [`checkpointing ${stated.value} (${stated.basis})`] : [];
  const policy = CHECKPOINTING[kind];
  if (policy === null || policy === undefined) {
    return { why: `checkpointing ${ac.published === null ? '(not published)' : `"${ac.published}"`} is not a policy segplan plans` };
  }
  if (kind === 'selective-layer') {
    if (ac.everyNth === null) return { why: `checkpointing "${ac.published ?? kind}" checkpoints every n-th layer, and n is not published` };
    return { policy, every: ac.everyNth, assumed };
  }
  return { policy, assumed };
}

/** The strategy preset of a source's sharding (FSDP's SHARD_GRAD_OP gathers in forward and keeps the weights until
 * backward; segplan's zero2 gathers after the step: not the same overlap, so those rows wait). */
const STRATEGY_OF: Partial<Record<string, StrategyName>> = { ddp: 'e2e', zero1: 'zero1', 'fsdp-full-shard': 'fsdp', hsdp: 'hybrid' };

export function publishedRequest(row: PublishedRow, table: PublishedTable): { request: PlanRequest; assumed: string[] } | { why: string } {
  if (row.waitsFor.length > 0) return { why: `needs ${row.waitsFor.join(', ')}` };
  if (!row.hardware.segplanGpu) return { why: 'its GPU is not in the catalog' };
  if (row.microBatch === null) return { why: 'no published micro-batch' };
  const checkpointing = checkpointingOf(row);
  if ('why' in checkpointing) return checkpointing;
  const strategy = STRATEGY_OF[row.parallelism.sharding];
  if (strategy === undefined) return { why: `sharding ${row.parallelism.sharding}` };
  const entry = table.models[row.model];
  const model = entry?.spec ?? catalogSpec(row.model);
  if (!model) return { why: `model ${row.model} has no spec` };
  const assumed: string[] = [...checkpointing.assumed];
  const seqLen = row.seqLen ?? row.assumptions.seqLen?.value;
  if (seqLen === undefined) return { why: 'no sequence length' };
  if (row.seqLen === null) assumed.push(`sequence ${seqLen} (${row.assumptions.seqLen!.basis})`);
  const precision = row.precision.compute ?? row.assumptions.precision?.value;
  if (precision !== 'bf16') return { why: `precision ${precision ?? 'not published'}` };
  if (row.precision.compute === null) assumed.push(`bf16 (${row.assumptions.precision!.basis})`);
  // segplan's bf16 recipe is bf16 compute with fp32 master weights and AdamW; FSDP MixedPrecision differs in memory,
  // not in the FLOPs the time model charges
  assumed.push('bf16-mixed recipe, AdamW');
  // the attention kernel: the row's stated one (its run's script), else PyTorch SDPA's flash backend (the
  // fms-fsdp and torchtitan models call scaled_dot_product_attention)
  const kernel = row.assumptions.attentionKernel;
  const flashKernel = kernel?.value ?? DEFAULT_FLASH_KERNEL;
  if (!attentionCurve(row.hardware.segplanGpu, flashKernel)) {
    return { why: `no published speed of ${FLASH_KERNEL_WORDS[flashKernel]}, the run's attention kernel, on its GPU` };
  }
  assumed.push(
    kernel
      ? `attention kernel ${FLASH_KERNEL_WORDS[flashKernel]} (${kernel.basis})`
      : `attention kernel ${FLASH_KERNEL_WORDS[flashKernel]} (scaled_dot_product_attention's flash backend)`,
  );
  // the loss and the norms as the run's model code computes them (they move different bytes: src/ops/memory.ts)
  const loss = row.assumptions.loss;
  if (loss) assumed.push(`loss ${loss.value} (${loss.basis})`);
  const code = row.assumptions.modelCode;
  if (code) assumed.push(`model code ${code.value} (${code.basis})`);
  const perNode = row.hardware.gpusPerNode ?? row.assumptions.gpusPerNode?.value;
  const nodes = row.hardware.nodes ?? (perNode ? Math.ceil(row.hardware.gpus / perNode) : undefined);
  if (row.hardware.gpusPerNode === null && row.hardware.nodes === null && perNode)
    assumed.push(`${perNode} GPUs per node (${row.assumptions.gpusPerNode!.basis})`);
  // the network the source names, in place of the catalog node's (a calibration is the planner's link-rate override)
  const network = perNode && nodes !== undefined && nodes > 1 ? publishedNetwork(row.hardware.interconnect, perNode) : undefined;
  if (network) assumed.push(network.words);
  return {
    assumed,
    request: {
      // the table says when a model's position table is sized by the run (MPT's benchmark configs)
      model: entry?.maxPositionsIsSeqLen && model.family === 'decoder' ? { ...model, maxPositions: seqLen } : model,
      gpu: gpuById(row.hardware.segplanGpu),
      gpus: row.hardware.gpus,
      nodes,
      seqLen,
      microBatch: row.microBatch,
      // accumulation changes what a step amortises (the optimizer, DDP's all-reduce under no_sync)
      ...(row.gradAccum !== null && row.gradAccum > 1 && { gradAccum: row.gradAccum }),
      strategy,
      checkpointing: checkpointing.policy,
      ...(checkpointing.every !== undefined && { checkpointEvery: checkpointing.every }),
      attention: 'flash',
      flashKernel,
      precision: 'bf16-mixed',
      optimizer: 'adamw',
      runtime: code?.value ?? 'pytorch',
      ...(loss && { loss: loss.value }),
      ...(network && { calibration: { gpu: row.hardware.segplanGpu, date: 'as published', busBytesPerSec: { interNode: network.nodeBytesPerSec } } }),
    },
  };
}

/**
 * The network of a node as a row's source states it ("400Gbps", "1600 Gbps node-node interconnect", "RDMA 400 Gb/s
 * per GPU"): per node unless it says per GPU.
 */
export function publishedNetwork(interconnect: string | null, gpusPerNode: number): { nodeBytesPerSec: number; words: string } | undefined {
  const m = interconnect?.match(/(\d+(?:\.\d+)?)\s*Gb(?:ps|\/s)/i);
  if (!m || interconnect === null) return undefined;
  const gbits = Number(m[1]);
  const perGpu = /per GPU/i.test(interconnect);
  return {
    nodeBytesPerSec: ((perGpu ? gpusPerNode : 1) * gbits * 1e9) / 8,
    words: `network between nodes ${gbits} Gb/s per ${perGpu ? 'GPU' : 'node'}, as published, in place of the catalog node's`,
  };
}

function sharesOf(k: KernelSeconds, total: number): KernelSeconds {
  return Object.fromEntries(KERNEL_CLASSES.map((c) => [c, k[c] / total])) as KernelSeconds;
}

export function runPublished(table: PublishedTable): PublishedRun {
  const results: PublishedResult[] = [];
  const skipped: PublishedRun['skipped'] = [];
  for (const row of table.rows) {
    const r = publishedRequest(row, table);
    if ('why' in r) {
      skipped.push({ id: row.id, why: r.why });
      continue;
    }
    const p = plan(r.request);
    const predicted = p.throughput.tokensPerSecond / p.settings.gpus;
    // (the rows plan one stage: E2E, DDP and FSDP)
    const time = p.stages[p.bindingStage]!.time;
    const measured = row.measured.tokensPerSecPerGpu;
    results.push({
      id: row.id,
      source: row.source.id,
      gpu: r.request.gpu.id,
      kind: runKindOf(r.request.model, p.settings, offloadsToHost(p.stages)),
      heldOut: row.heldOut,
      measured,
      predicted,
      error: relativeDifference(predicted, measured),
      assumed: r.assumed,
      computeShares: sharesOf(time.kernels, time.compute),
    });
  }
  return { results, skipped };
}

/** Issue 17's bar for every row: planned tokens/s within 15% of the measured. */
export function withinBar(r: PublishedResult): boolean {
  return Math.abs(r.error) <= 0.15;
}

/** Mean absolute and worst error and the rows within 15%, over all rows and over the held-out ones, per source. */
export function publishedSummary(run: PublishedRun) {
  const stats = (rs: PublishedResult[]) => ({
    rows: rs.length,
    meanAbs: rs.length ? rs.reduce((s, r) => s + Math.abs(r.error), 0) / rs.length : 0,
    meanSigned: rs.length ? rs.reduce((s, r) => s + r.error, 0) / rs.length : 0,
    worst: rs.reduce((w, r) => (Math.abs(r.error) > Math.abs(w) ? r.error : w), 0),
    within15: rs.filter(withinBar).length,
  });
  const sources = [...new Set(run.results.map((r) => r.source))];
  return {
    all: stats(run.results),
    heldOut: stats(run.results.filter((r) => r.heldOut)),
    bySource: Object.fromEntries(sources.map((s) => [s, stats(run.results.filter((r) => r.source === s))])),
  };
}
