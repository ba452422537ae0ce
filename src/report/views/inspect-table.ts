// inspectModel's result as a table: one row per block (collapsed) or per op under its block (expanded),
// MACs and FLOPs in separate, labelled columns; and as CSV rows with exact numbers.
import type { InspectBlock, InspectResult, InspectRow } from '../../inspect/inspect.js';
import type { Table } from '../table.js';
import { count } from '../units.js';

function si(n: number): string {
  const units: Array<[number, string]> = [
    [1e15, 'P'],
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, unit] of units) if (n >= scale) return `${(n / scale).toFixed(2)} ${unit}`;
  return String(Math.round(n));
}

function bytes(n: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [scale, unit] of units) if (n >= scale) return `${(n / scale).toFixed(2)} ${unit}`;
  return `${Math.round(n)} B`;
}

function cells(r: Omit<InspectRow, 'inputShape' | 'outputShape'>, shapes: [string, string], saved: string): string[] {
  return [shapes[0], shapes[1], count(r.params), si(r.macs), si(r.flops.forward), si(r.flops.inputGrad + r.flops.weightGrad), si(r.flops.recompute), saved];
}

export function inspectTable(title: string, result: InspectResult, expand: (b: InspectBlock) => boolean): Table {
  const rows: string[][] = [];
  const markRows = new Set<number>();
  for (const b of result.blocks) {
    markRows.add(rows.length);
    rows.push([`${b.index} ${b.name}`, b.kind, ...cells(b, ['', ''], bytes(b.heldBytes))]);
    if (!expand(b)) continue;
    for (const op of b.ops) rows.push([`  ${op.name}`, op.kind, ...cells(op, [op.inputShape, op.outputShape], bytes(op.savedBytes))]);
  }
  const t = result.totals;
  rows.push([
    'total',
    '',
    '',
    '',
    count(t.params),
    si(t.macs),
    si(t.flops.forward),
    si(t.flops.inputGrad + t.flops.weightGrad),
    si(t.flops.recompute),
    bytes(t.heldBytes),
  ]);
  const right = { align: 'right' as const };
  return {
    title,
    columns: [
      { header: 'layer' },
      { header: 'op' },
      { header: 'input / sample' },
      { header: 'output / sample' },
      { header: 'params', ...right },
      { header: 'MACs fwd', ...right },
      { header: 'FLOPs fwd', ...right },
      { header: 'FLOPs bwd', ...right },
      { header: 'FLOPs recompute', ...right },
      { header: 'saved / sample', ...right },
    ],
    rows,
    markRows,
    notes: [
      'Per sample (batch 1). MACs: multiply-accumulates of the forward contractions (linear, matmul, attention, conv), what torchvision and fvcore print as "FLOPs". FLOPs: 2 per multiply-add, all ops; bwd = input + weight gradients of full training; recompute = forwards re-run in backward under the recipe.',
      'saved / sample: on a block row, the bytes the block holds for backward under the recipe (a checkpointed layer keeps only its input); on an op row, what the op saves while its forward is taped.',
    ],
  };
}

export const INSPECT_CSV_HEADER = [
  'level',
  'block_index',
  'block',
  'name',
  'kind',
  'input_shape',
  'output_shape',
  'params',
  'macs',
  'flops_forward',
  'flops_input_grad',
  'flops_weight_grad',
  'flops_recompute',
  'flops_total',
  'saved_bytes_per_sample',
];

export function inspectCsvRows(result: InspectResult): Array<Array<string | number>> {
  const f = (r: { flops: InspectRow['flops'] }) => [r.flops.forward, r.flops.inputGrad, r.flops.weightGrad, r.flops.recompute, r.flops.total];
  return result.blocks.flatMap((b) => [
    ['block', b.index, b.name, b.name, b.kind, '', '', b.params, b.macs, ...f(b), b.heldBytes],
    ...b.ops.map((op) => ['op', b.index, b.name, op.name, op.kind, op.inputShape, op.outputShape, op.params, op.macs, ...f(op), op.savedBytes]),
  ]);
}
