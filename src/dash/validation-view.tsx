// The validation view (v): the tfjs quick suite on the cpu backend, with a progress bar while it runs and
// the engine's predictions next to the measurements when it is done.
import { Box, Text } from 'ink';
import { clip, mib, relError, seconds } from './format.js';
import { ProgressBar } from './progress-bar.js';
import type { ValidationState } from './state.js';
import { useLook } from './theme.js';

export interface ValidationViewProps {
  validation: ValidationState;
  columns: number;
  rows: number;
}

export function ValidationView({ validation, columns, rows }: ValidationViewProps) {
  const look = useLook();
  const v = validation;
  const wide = columns >= 96;
  return (
    <Box flexDirection="column" width={columns}>
      <Text {...look('title')}>validation · tfjs quick suite, cpu backend</Text>
      <Text {...look('muted')} wrap="truncate">
        {clip('predicted (engine) vs measured (one tfjs training step); peak in MiB, error = (pred − meas) / meas', columns)}
      </Text>
      {v.status === 'idle' && <Text>not started</Text>}
      {v.status === 'running' && (
        <Box flexDirection="column">
          <ProgressBar done={v.done} total={v.total} width={Math.max(10, Math.min(40, columns - 12))} />
          <Text wrap="truncate">{clip(v.current === '' ? 'finishing' : `running ${v.current}`, columns)}</Text>
        </Box>
      )}
      {v.status === 'failed' && (
        <Text {...look('bad')} wrap="wrap">
          validation failed: {v.message}
        </Text>
      )}
      {v.status === 'done' && (
        <Box flexDirection="column">
          <Text bold wrap="truncate">
            {`${'case'.padEnd(26)}${'peak pred'.padStart(10)}${'meas'.padStart(8)}${'err'.padStart(8)}${wide ? `${'step pred'.padStart(11)}${'meas'.padStart(10)}${'err'.padStart(9)}` : ''}${' FLOPs'}`}
          </Text>
          {v.rows.slice(0, Math.max(1, rows - 7)).map((r) => (
            <Text key={r.name} wrap="truncate">
              {clip(r.name, 25).padEnd(26)}
              {mib(r.predictedPeakBytes).padStart(10)}
              {mib(r.measuredPeakBytes).padStart(8)}
              {relError(r.peakError).padStart(8)}
              {wide ? `${seconds(r.predictedStepSeconds).padStart(11)}${seconds(r.measuredStepSeconds).padStart(10)}${relError(r.stepError).padStart(9)}` : ''}
              <Text {...(r.flopsExact ? look('good') : look('bad'))}>{r.flopsExact ? ' exact' : ' differ'}</Text>
            </Text>
          ))}
        </Box>
      )}
      <Text {...look('muted')}>{v.status === 'running' ? 'esc back (the suite keeps running) · q quit' : 'esc back · r run again · q quit'}</Text>
    </Box>
  );
}
