// SegProp, stage by stage: each stage's memory bar at its own peak, its max micro-batch and whether it fits.
// When the stages do not all fit on screen, the first ones are shown and the binding stage is named.
import { Box, Text } from 'ink';
import type { PlanResult } from '../plan/types.js';
import { clip, gibNumber } from './format.js';
import type { Layout } from './layout.js';
import { MemoryBar } from './memory-bar.js';
import { useLook } from './theme.js';

/** "segment layers.8..layers.15 + head" -> "L8..L15 + head" (the engine's stage name, shortened) */
function shortName(name: string): string {
  return name.replace(/^segment /, '').replace(/layers\./g, 'L');
}

export interface StageBarsProps {
  result: PlanResult | null;
  error: string | null;
  layout: Layout;
}

export function StageBars({ result, error, layout }: StageBarsProps) {
  const look = useLook();
  if (!result) {
    return (
      <Box flexDirection="column">
        <Text {...look('accent')}>SegProp stages</Text>
        <Text {...look('warn')} wrap="truncate">
          {error === null ? 'SegProp is not shown (press 4)' : clip(error, layout.columns)}
        </Text>
      </Box>
    );
  }
  const stages = result.stages;
  const room = Math.max(1, layout.stageRows);
  const shown = stages.length <= room ? stages : stages.slice(0, room - 1);
  const nameWidth = layout.narrow ? 4 : 20;
  const valueWidth = 17;
  const barWidth = Math.max(4, layout.columns - nameWidth - valueWidth - 1);
  const binding = stages[result.bindingStage];
  return (
    <Box flexDirection="column">
      <Text {...look('accent')} wrap="truncate">
        {clip(`SegProp stages (${stages.length}): memory per GPU at each stage's peak; µb≤ its max micro-batch`, layout.columns)}
      </Text>
      {shown.map((s) => (
        <Box key={s.index}>
          <Text>{clip(`s${s.index + 1} ${layout.narrow ? '' : shortName(s.name)}`, nameWidth - 1).padEnd(nameWidth)}</Text>
          <MemoryBar memory={s.memory} capacityBytes={result.settings.gpuMemoryBytes} width={barWidth} />
          <Text {...(s.fits ? look('good') : look('bad'))}>
            {` ${gibNumber(s.memory.peakBytes).padStart(6)} GiB ${s.fits ? '✓' : '✗'} µb≤${s.maxMicroBatch}`}
          </Text>
        </Box>
      ))}
      {shown.length < stages.length && (
        <Text {...look('muted')} wrap="truncate">
          {clip(`… ${stages.length - shown.length} more; binding s${result.bindingStage + 1}: ${binding.peakEvent.event}`, layout.columns)}
        </Text>
      )}
    </Box>
  );
}
