// Memory per GPU at the binding stage's peak, one bar per strategy, against the GPU's capacity.
import { Box, Text } from 'ink';
import { clip, gib, gibNumber } from './format.js';
import type { Layout } from './layout.js';
import { Legend } from './legend.js';
import { MemoryBar } from './memory-bar.js';
import { infeasibility, type Outcome, STRATEGY_TITLES } from './outcome.js';
import { useLook } from './theme.js';

export interface MemoryPanelProps {
  outcomes: readonly Outcome[];
  capacityBytes: number | null;
  layout: Layout;
}

export function MemoryPanel({ outcomes, capacityBytes, layout }: MemoryPanelProps) {
  const look = useLook();
  const labelWidth = layout.labelWidth;
  const valueWidth = 12;
  const barWidth = Math.max(4, layout.columns - labelWidth - valueWidth - 1);
  const title = `memory per GPU at the peak (binding stage)${capacityBytes === null ? '' : `, capacity ${gib(capacityBytes)}`}`;
  return (
    <Box flexDirection="column">
      <Text {...look('accent')} wrap="truncate">
        {clip(title, layout.columns)}
      </Text>
      {outcomes.map((o) => {
        const r = o.result;
        const name = clip(STRATEGY_TITLES[o.strategy], labelWidth - 1).padEnd(labelWidth);
        if (!r || capacityBytes === null) {
          return (
            <Text key={o.strategy} wrap="truncate">
              {name}
              <Text {...look('muted')}>(no plan)</Text>
            </Text>
          );
        }
        const mark = infeasibility(o) === null ? '✓' : '✗';
        return (
          <Box key={o.strategy}>
            <Text>{name}</Text>
            <MemoryBar memory={r.stages[r.bindingStage].memory} capacityBytes={capacityBytes} width={barWidth} />
            <Text {...(mark === '✓' ? look('good') : look('bad'))}>{` ${gibNumber(r.peakBytes).padStart(6)} GiB ${mark}`}</Text>
          </Box>
        );
      })}
      <Legend narrow={layout.narrow} />
    </Box>
  );
}
