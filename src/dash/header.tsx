// Top line: model, size, cluster and the GPU's capacity (all as the catalogs and the engine give them).
import { Box, Text } from 'ink';
import type { Gpu } from '../hardware/types.js';
import { clip, gib, params } from './format.js';
import { useLook } from './theme.js';

export interface HeaderProps {
  modelName: string;
  totalParams: number | null;
  gpu: Gpu | null;
  gpus: number;
  nodes: number;
  columns: number;
}

export function Header({ modelName, totalParams, gpu, gpus, nodes, columns }: HeaderProps) {
  const look = useLook();
  const size = totalParams === null ? '' : ` (${params(totalParams)})`;
  const cluster = gpu ? ` · ${gpus} × ${gpu.id} @ ${gib(gpu.memoryBytes)} · ${nodes} node${nodes === 1 ? '' : 's'}` : '';
  const text = `${modelName}${size}${cluster}`;
  return (
    <Box>
      <Text {...look('title')}>segplan dash · </Text>
      <Text wrap="truncate">{clip(text, columns - 15)}</Text>
    </Box>
  );
}
