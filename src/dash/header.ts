// Top line: model, size, cluster and the GPU's capacity (all as the catalogs and the engine give them).
import type { Gpu } from '../hardware/types.js';
import { quantity } from '../words.js';
import { gib, params } from './format.js';
import { clipLine, type Line } from './line.js';

export interface HeaderInput {
  modelName: string;
  totalParams: number | null;
  gpu: Gpu | null;
  gpus: number;
  nodes: number;
}

export function headerLine({ modelName, totalParams, gpu, gpus, nodes }: HeaderInput, columns: number): Line {
  const size = totalParams === null ? '' : ` (${params(totalParams)})`;
  const cluster = gpu ? ` · ${gpus} × ${gpu.id} @ ${gib(gpu.memoryBytes)} · ${quantity(nodes, 'node')}` : '';
  return clipLine([{ text: 'segplan dash · ', role: 'title' }, { text: `${modelName}${size}${cluster}` }], columns);
}
