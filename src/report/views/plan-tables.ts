// One PlanResult as tables for people: a summary, memory per stage (GiB), FLOPs and time per stage.
import type { PlanResult, StagePlan } from '../../plan/types.js';
import type { Table } from '../table.js';
import { count, flops, gib, params, percent, rate, seconds, throughputItem, throughputRate } from '../units.js';
import { strategyAxes } from '../../strategy/strategy.js';
import { averageStepTime, hostBytesOf, meanOverStages } from '../stage-stats.js';
import { trainingRows } from './training-cells.js';
import { accuracyRow } from './accuracy-text.js';
import { KERNEL_CLASS_HEADER, KERNEL_CLASSES } from '../../time/kernel-rates.js';

const GIB = 1024 ** 3;
const g = (bytes: number) => (bytes / GIB).toFixed(2);

function placementText(p: PlanResult['settings']['placement']): string {
  const t = p.trainable;
  const trainable =
    t.weights === t.gradients && t.gradients === t.optimizer ? t.weights : `weights ${t.weights}, gradients ${t.gradients}, optimizer ${t.optimizer}`;
  return `trainable ${trainable}; frozen ${p.frozen}${p.group === 'node' ? '; sharded within each node' : ''}`;
}

/** The preset's name, with the axes the request changed and SegProp's layout, e.g. "e2e (sharding zero2)". */
export function strategyLabel(r: PlanResult): string {
  const s = r.settings;
  const preset = strategyAxes({ strategy: r.strategy });
  const parts = AXES.filter((axis) => s[axis] !== preset[axis]).map((axis) => `${axis} ${s[axis]}`);
  const { segprop: sp, badam, lisa } = s;
  if (s.schedule === 'segprop' && sp) parts.push(`K=${sp.segmentSize}, h=${sp.headDepth}, p=${sp.prefixDepth}, ${sp.forward}`);
  if (s.schedule === 'badam' && badam) parts.push(`D=${badam.blocks}, switch every ${badam.switchEvery}`);
  if (s.schedule === 'lisa' && lisa) parts.push(`γ=${lisa.layers}, period ${lisa.period}`);
  if (s.lora) parts.push(`r=${s.lora.rank}, ${s.lora.targets}${s.lora.baseDtype && s.lora.baseDtype !== 'recipe' ? `, base ${s.lora.baseDtype}` : ''}`);
  return parts.length === 0 ? r.strategy : `${r.strategy} (${parts.join('; ')})`;
}

const AXES = ['schedule', 'adapter', 'sharding'] as const;

/** The allocator margin of a plan, as a percentage. */
export function marginText(r: PlanResult): string {
  return percent(Number(r.assumptions.allocatorReserve ?? 0));
}

/** The one-word verdict of a table cell: yes, margin (fits only without the allocator's margin), NO, NO (host). */
export function fitCell(r: PlanResult): string {
  if (r.fits) return 'yes';
  if (!r.fitsHost) return 'NO (host)';
  return r.fit === 'margin' ? 'margin' : 'NO';
}

/** Why a plan does not fit, in words: GPU memory, host memory, or both; or that it fits only within the allocator margin. */
export function fitsText(r: PlanResult): string {
  if (r.fits) return 'yes';
  const why: string[] = [];
  const gpu = gib(r.settings.gpuMemoryBytes);
  if (r.fit === 'margin') {
    why.push(`live tensors + overhead ${gib(r.peakBytes)} ≤ ${gpu}, but held with the ${marginText(r)} allocator margin ${gib(r.heldBytes)} > ${gpu}`);
  } else if (r.fit === 'no') {
    why.push(`GPU peak ${gib(r.peakBytes)} > ${gpu} (held with the allocator margin: ${gib(r.heldBytes)})`);
  }
  if (!r.fitsHost) {
    why.push(`host memory ${gib(hostBytesOf(r))} per node > ${gib(r.settings.hostMemoryBytes)}`);
  }
  return `${r.fitsHost && r.fit === 'margin' ? 'only within the allocator margin' : 'NO'}: ${why.join('; ')}`;
}

export function summaryTable(r: PlanResult): Table {
  const s = r.settings;
  const binding = r.stages.find((st) => st.index === r.bindingStage);
  const rows: string[][] = [
    [
      'model',
      `${r.model.name}: ${params(r.model.params.total)} parameters (${count(r.model.params.total)})${r.model.params.active < r.model.params.total ? `, ${params(r.model.params.active)} active per token` : ''}`,
    ],
    ['strategy', strategyLabel(r)],
    [
      'cluster',
      `${s.gpus} x ${s.gpu} (${gib(s.gpuMemoryBytes)} each) on ${s.nodes} node${s.nodes === 1 ? '' : 's'} (${gib(s.hostMemoryBytes, 0)} host memory each)`,
    ],
    [
      'settings',
      `${r.model.input} per sample, ${s.precision}${s.fp8Weights === 'cached' ? ' (fp8 weights cached once per step)' : ''}, ${s.optimizer}, checkpointing ${s.checkpointing}, ${s.attention} attention, ${s.runtime}${s.loss === 'plain' ? '' : `, ${s.loss} loss`}`,
    ],
    ['axes', `schedule ${s.schedule}, adapter ${s.adapter}, sharding ${s.sharding}`],
    ['placement', placementText(s.placement)],
    ['micro-batch', `${s.microBatch} per GPU (largest that fits: ${r.maxMicroBatch})`],
    ['fits', fitsText(r)],
    ['peak memory', `${gib(r.peakBytes)} per GPU, stage ${binding ? `${binding.index} (${binding.name})` : r.bindingStage}, at ${r.bindingEvent.event}`],
    [
      'allocated / held',
      `${gib(r.allocatedBytes)} allocated (max_memory_allocated); ${gib(r.heldBytes)} held by the process (reserved with the ${marginText(r)} allocator margin, plus ${gib(r.peakBytes - r.allocatedBytes)} outside the allocator)`,
    ],
    ['step time', `${seconds(averageStepTime(r))} (mean over ${r.stages.length} stage${r.stages.length === 1 ? '' : 's'})`],
    ...pcieRows(r),
    [
      'throughput',
      throughputItem(r) === 'tok'
        ? `${rate(r.throughput.samplesPerSecond, 'samples/s')}, ${rate(r.throughput.tokensPerSecond, 'tokens/s')}`
        : throughputRate(r),
    ],
    ['MFU / HFU', `${percent(r.mfu)} / ${percent(r.hfu)}`],
    accuracyRow(r),
  ];
  if (r.schedule) {
    const sc = r.schedule;
    rows.push(
      ['schedule', `${sc.stepsPerStage} steps per stage: ${flops(sc.totalFlops)} in ${seconds(sc.totalSeconds)}`],
      ['E2E, same updates per layer', `${flops(sc.e2eFlops)} in ${seconds(sc.e2eSeconds)}`],
    );
  }
  rows.push(...trainingRows(r));
  return {
    title: `${r.model.name}: ${strategyLabel(r)}`,
    columns: [{ header: 'what' }, { header: 'value' }],
    rows,
    warnRows: r.fits ? new Set() : new Set([rows.findIndex(([what]) => what === 'fits')]),
  };
}

/** What offloaded states cost on PCIe in a step, when anything is offloaded. */
function pcieRows(r: PlanResult): string[][] {
  const bytes = meanOverStages(r, (st) => st.pcieBytes);
  if (bytes === 0) return [];
  return [
    [
      'host-GPU copies',
      `${gib(bytes)} per GPU per step over PCIe (both directions), ${seconds(meanOverStages(r, (st) => st.time.offload))} of copies (mean over stages)`,
    ],
  ];
}

function stageName(st: StagePlan): string {
  return `${st.index} ${st.name}`;
}

export function memoryTable(r: PlanResult): Table {
  const rows = r.stages.map((st) => {
    const m = st.memory;
    return [
      stageName(st),
      params(st.trainableParams),
      g(m.weights),
      g(m.gradients),
      g(m.optimizer),
      g(m.activations),
      g(m.transient),
      g(m.gather),
      g(m.buffers),
      g(m.overhead),
      g(m.peakBytes),
      g(m.heldBytes),
      g(m.hostBytes),
      st.peakEvent.event,
      String(st.maxMicroBatch),
      st.fit === 'yes' ? 'yes' : st.fit === 'margin' ? 'margin' : 'NO',
    ];
  });
  const right = { align: 'right' as const };
  return {
    title: `Memory per GPU at each stage's peak (GiB), micro-batch ${r.settings.microBatch}`,
    columns: [
      { header: 'stage' },
      { header: 'trainable', ...right },
      { header: 'weights', ...right },
      { header: 'grads', ...right },
      { header: 'optimizer', ...right },
      { header: 'activations', ...right },
      { header: 'transient', ...right },
      { header: 'gather', ...right },
      { header: 'buffers', ...right },
      { header: 'overhead', ...right },
      { header: 'peak', ...right },
      { header: 'held', ...right },
      { header: 'host/node', ...right },
      { header: 'peak at' },
      { header: 'max b', ...right },
      { header: 'fits' },
    ],
    rows,
    warnRows: new Set(r.stages.flatMap((st, i) => (st.fits ? [] : [i]))),
    markRows: new Set(r.stages.flatMap((st, i) => (st.index === r.bindingStage ? [i] : []))),
    notes: [
      `GPU memory ${gib(r.settings.gpuMemoryBytes)}; "max b" is the largest micro-batch that fits that stage; host/node is CPU memory for offloaded states.`,
      `"peak" is the live tensors (max_memory_allocated) plus the overhead outside the allocator (CUDA context, NCCL); "held" is what the process holds: the allocated bytes with the caching allocator's ${marginText(r)} margin, plus the overhead. "fits" compares "held"; "margin": only "peak" fits.`,
    ],
  };
}

/** FLOPs by phase as table columns: each phase's header and the FlopsByPhase field it reads. */
export const FLOP_PHASES = [
  ['forward', 'forward'],
  ['input grad', 'inputGrad'],
  ['weight grad', 'weightGrad'],
  ['recompute', 'recompute'],
  ['total', 'total'],
] as const;

export function computeTable(r: PlanResult): Table {
  const rows = r.stages.map((st) => [
    stageName(st),
    ...FLOP_PHASES.map(([, phase]) => flops(st.flops[phase])),
    seconds(st.stepTimeSeconds),
    seconds(st.time.compute),
    seconds(st.time.memory),
    seconds(st.time.communication),
    seconds(st.time.offload),
    seconds(st.time.optimizer),
  ]);
  const right = { align: 'right' as const };
  return {
    title: 'FLOPs per step by phase, and step time',
    columns: [
      { header: 'stage' },
      ...FLOP_PHASES.map(([header]) => ({ header, ...right })),
      { header: 'step', ...right },
      { header: 'compute', ...right },
      { header: 'memory', ...right },
      { header: 'comm', ...right },
      { header: 'offload', ...right },
      { header: 'optim', ...right },
    ],
    rows,
    notes: ['FLOPs count 2 per multiply-add (not MACs). Time columns are the components the engine reports for one step.'],
  };
}

/** Each stage's compute time split by the kernel class that spends it (src/time/kernel-rates.ts KERNEL_CLASSES). */
export function kernelTimeTable(r: PlanResult): Table {
  const right = { align: 'right' as const };
  const share = (x: number, total: number) => (total > 0 ? ` (${((100 * x) / total).toFixed(0)} %)` : '');
  return {
    title: 'Compute time by kernel class, per step',
    columns: [{ header: 'stage' }, ...KERNEL_CLASSES.map((c) => ({ header: KERNEL_CLASS_HEADER[c], ...right })), { header: 'compute', ...right }],
    rows: r.stages.map((st) => [
      stageName(st),
      ...KERNEL_CLASSES.map((c) => `${seconds(st.time.kernels[c])}${share(st.time.kernels[c], st.time.compute)}`),
      seconds(st.time.compute),
    ]),
    notes: [
      'Each kernel at max(FLOPs / its rate, bytes / (HBM bandwidth · its measured share of it)), and at least its launch; before communication overlaps it. "other": norms, elementwise ops, the loss, casts and copies, bound by memory bandwidth.',
    ],
  };
}

export function assumptionsTable(r: PlanResult): Table {
  return {
    title: 'Assumptions',
    columns: [{ header: 'name' }, { header: 'value' }],
    rows: Object.entries(r.assumptions).map(([k, v]) => [k, String(v)]),
  };
}

export function planTables(r: PlanResult): Table[] {
  return [summaryTable(r), memoryTable(r), computeTable(r), kernelTimeTable(r), assumptionsTable(r)];
}
