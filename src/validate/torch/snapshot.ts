// A user's own run against the plan: a PyTorch CUDA memory snapshot of one training step, summarised by
// harness/snapshot_to_json.py, set beside the plan of the same job. The allocator sees tensors only, so the
// plan's side leaves out the runtime overhead (CUDA context) it adds for "fits". The comparison splits the
// peak into what was allocated before the step began (weights and optimizer state: the model states) and what
// the step allocated on top (gradients, activations, temporaries), so that a difference names its side.

import { UserError } from '../../errors.js';
import type { PlanResult } from '../../plan/types.js';
import { relativeDifference } from '../relative.js';

export interface SnapshotSummary {
  protocol: number;
  kind: 'cuda-memory-snapshot';
  device: number;
  events: number;
  allocatedAtStart: number;
  allocatedAtEnd: number;
  peakAllocated: number;
  /** index into `curve` */
  peakEvent: number;
  /** Python frames of the allocation that reached the peak, innermost first */
  peakFrames: string[];
  reservedBytes: number;
  /** bytes allocated at the start and after each allocation or free */
  curve: number[];
}

export interface SnapshotComparison {
  stage: number;
  stageName: string;
  rows: { what: string; planned: number; measured: number; error: number }[];
  plannedPeakAt: string;
  measuredPeakAt: string[];
  reservedBytes: number;
  /** the plan's max_memory_reserved: its allocated peak with the allocator margin */
  plannedReservedBytes: number;
  /** which part differs most, in words */
  verdict: string;
}

export function parseSnapshot(text: string, source: string): SnapshotSummary {
  let d: Partial<SnapshotSummary>;
  try {
    d = JSON.parse(text) as Partial<SnapshotSummary>;
  } catch (e) {
    throw new UserError(`${source}: not JSON (${(e as Error).message}); convert the pickle with harness/snapshot_to_json.py`);
  }
  if (!d || d.kind !== 'cuda-memory-snapshot' || d.protocol !== 1) {
    throw new UserError(`${source}: at /kind: expected the summary of harness/snapshot_to_json.py (kind "cuda-memory-snapshot", protocol 1)`);
  }
  for (const k of ['allocatedAtStart', 'peakAllocated', 'reservedBytes'] as const) {
    const v = d[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UserError(`${source}: at /${k}: expected a number of bytes`);
  }
  if (d.events === 0)
    throw new UserError(`${source}: at /events: the snapshot has no allocation history; record it with torch.cuda.memory._record_memory_history()`);
  return d as SnapshotSummary;
}

/** `stage`: the SegProp stage the snapshot ran (default: the plan's binding stage). */
export function compareSnapshot(plan: PlanResult, snap: SnapshotSummary, stage = plan.bindingStage): SnapshotComparison {
  const s = plan.stages[stage];
  if (!s) throw new UserError(`--stage ${stage}: the plan has stages 0..${plan.stages.length - 1}`);
  const m = s.memory;
  const plannedStart = m.weights + m.optimizer;
  const plannedPeak = m.allocatedBytes;
  const rows = [
    { what: 'model states (allocated before the step)', planned: plannedStart, measured: snap.allocatedAtStart },
    { what: 'allocated by the step at its peak', planned: plannedPeak - plannedStart, measured: snap.peakAllocated - snap.allocatedAtStart },
    { what: 'peak allocated', planned: plannedPeak, measured: snap.peakAllocated },
  ].map((r) => ({ ...r, error: relativeDifference(r.planned, r.measured) }));
  const [states, step] = rows;
  const part = Math.abs(states!.measured - states!.planned) >= Math.abs(step!.measured - step!.planned) ? states! : step!;
  const diff = part.measured - part.planned;
  const verdict =
    Math.abs(rows[2]!.error) < 0.03
      ? 'the run and the plan agree within 3% at the peak'
      : `they part ways in the ${part === states ? 'model states' : "step's allocations"}: the run has ${Math.abs(diff)} bytes ${diff > 0 ? 'more' : 'fewer'} than planned`;
  return {
    stage,
    stageName: s.name,
    rows,
    plannedPeakAt: s.peakEvent.event,
    measuredPeakAt: snap.peakFrames,
    reservedBytes: snap.reservedBytes,
    plannedReservedBytes: m.reservedBytes,
    verdict,
  };
}
