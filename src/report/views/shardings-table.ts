// One job under every sharding: memory on one GPU by kind at the planned micro-batch, host memory per node, the
// largest micro-batch and the time of a step — DeepSpeed's estimator tables with activations and time added.
import type { PlanResult } from '../../plan/types.js';
import type { ShardingVariant } from '../../strategy/sharding.js';
import type { Table } from '../table.js';
import { gib, seconds, throughputRate } from '../units.js';
import { averageStepTime, hostBytesOf } from '../stage-stats.js';
import { fitsText } from './plan-tables.js';

export function shardingsTable(variants: readonly ShardingVariant[], results: readonly PlanResult[]): Table {
  const first = results[0];
  const s = first?.settings;
  const right = { align: 'right' as const };
  return {
    title:
      first && s
        ? `${first.model.name} on ${s.gpus} x ${s.gpu} (${gib(s.gpuMemoryBytes)}), ${first.model.input} per sample, ${s.precision}, ${s.optimizer}`
        : 'shardings',
    columns: [
      { header: 'sharding' },
      { header: 'as shipped' },
      { header: 'max micro-batch', ...right },
      { header: 'micro-batch', ...right },
      { header: 'weights', ...right },
      { header: 'gradients', ...right },
      { header: 'optimizer', ...right },
      { header: 'activations', ...right },
      { header: 'other', ...right },
      { header: 'peak / GPU', ...right },
      { header: 'held / GPU', ...right },
      { header: 'host / node', ...right },
      { header: 'step time', ...right },
      { header: 'throughput', ...right },
      { header: 'fits' },
    ],
    rows: results.map((r, i) => {
      const v = variants[i]!;
      const m = r.stages.find((st) => st.index === r.bindingStage)!.memory;
      return [
        v.optimizerOffloaded ? `${v.sharding} + optimizer offloaded` : v.sharding,
        v.aka,
        String(r.maxMicroBatch),
        String(r.settings.microBatch),
        gib(m.weights),
        gib(m.gradients),
        gib(m.optimizer),
        gib(m.activations),
        gib(m.transient + m.gather + m.buffers + m.overhead),
        gib(m.peakBytes),
        gib(m.heldBytes),
        gib(hostBytesOf(r)),
        seconds(averageStepTime(r)),
        throughputRate(r),
        fitsText(r),
      ];
    }),
    warnRows: new Set(results.flatMap((r, i) => (r.fits ? [] : [i]))),
    notes: [
      "memory by kind at the binding stage's peak event (gradients: those alive there), at the planned micro-batch; other = transient buffers + gathered blocks + registered buffers + runtime overhead; held adds the allocator margin (what fits compares).",
      `host memory per node holds offloaded states (host RAM ${first ? gib(first.settings.hostMemoryBytes, 0) : '?'} per node; --host-mem sets it).`,
    ],
  };
}
