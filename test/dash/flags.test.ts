// segplan dash takes the flags plan takes: a flag no knob changes (--host-mem, --flash-kernel, --checkpoint-every,
// --lora-rank, ...) goes with every plan the dashboard makes, as `segplan plan` would plan it; none is dropped.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args.js';
import { command, start } from '../../cli/commands/dash.js';
import { derive } from '../../src/dash/derive.js';
import { segplan } from '../cli/run.js';

const startWith = async (argv: string[]) => {
  const { state, sources } = await start(parseArgs(command.spec, argv));
  return derive(state.settings, state.strategies, sources);
};

describe('segplan dash: flags without a knob', () => {
  it('plans with them, as plan does', async () => {
    const flags = ['llama-2-7b', '--gpu', 'a100-80gb', '--gpus', '8', '--flash-kernel', 'triton', '--checkpoint-every', '2', '--host-mem', '100GiB'];
    const d = await startWith([...flags, '--strategies', 'fsdp-offload']);
    const dashPlan = d.outcomes[0]!.result!;
    expect(dashPlan.settings.flashKernel).toBe('triton');
    expect(dashPlan.settings.checkpointEvery).toBe(2);
    expect(dashPlan.settings.hostMemoryBytes).toBe(100 * 2 ** 30);
    const cli = await segplan(['plan', ...flags, '--strategy', 'fsdp-offload', '--json']);
    const planned = JSON.parse(cli.stdout) as { peakBytes: number; stages: { stepTimeSeconds: number }[] };
    expect(dashPlan.peakBytes).toBe(planned.peakBytes);
    expect(dashPlan.stages[0]!.stepTimeSeconds).toBe(planned.stages[0]!.stepTimeSeconds);
  });

  it("a block-wise method's own flag reaches its column", async () => {
    const d = await startWith(['llama-3-8b', '--gpu', 'a100-80gb', '--gpus', '1', '--strategies', 'lora', '--lora-rank', '64']);
    expect(d.outcomes[0]!.result!.settings.lora?.rank).toBe(64);
  });

  it("a placement flag is the SegProp column's only, as the placement knobs are", async () => {
    const d = await startWith(['llama-2-7b', '--gpu', 'a100-80gb', '--gpus', '8', '--strategies', 'e2e,segprop', '--gradient-placement', 'sharded']);
    const [e2e, segprop] = d.outcomes.map((o) => o.result!);
    expect(e2e!.settings.placement.trainable.gradients).toBe('replicated');
    expect(segprop!.settings.placement.trainable.gradients).toBe('sharded');
  });

  it('refuses the strategy axes: its columns are presets (--strategies)', () => {
    expect(() => parseArgs(command.spec, ['--sharding', 'fsdp'])).toThrow(/sharding/);
  });
});
