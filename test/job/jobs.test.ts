// The job builder reads every parameter in one order of precedence (typed flag > strategy entry > shared settings >
// default), and the request builder maps the values onto PlanRequest; engine errors name request fields, which the
// CLI and the dashboard turn back into the flag or knob their user set.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args.js';
import { command as planCommand } from '../../cli/commands/plan.js';
import { flagMessage } from '../../cli/flag-message.js';
import { buildJobs } from '../../cli/jobs.js';
import { applyPoint, parseVary } from '../../cli/vary.js';
import { knobMessage } from '../../src/dash/error-lines.js';
import { RequestError } from '../../src/errors.js';
import { gpuById } from '../../src/hardware/lookup.js';
import { requestOf } from '../../src/job/request.js';
import type { LoadedScenario } from '../../src/scenario/types.js';
import { catalogSpec } from '../../src/model/catalog.js';

const args = (...argv: string[]) => parseArgs(planCommand.spec, argv);

const loaded: LoadedScenario = {
  file: 'in-memory.json',
  dir: process.cwd(),
  gpuMemoryBytes: 60 * 2 ** 30,
  scenario: {
    model: 'llama-2-7b',
    cluster: { gpu: 'a100-80gb', gpus: 16, nodes: 4, gpuMemory: '60GiB' },
    settings: { seqLen: 1024, microBatch: 2, checkpointing: 'selective', precision: 'bf16' },
    strategies: [
      { strategy: 'e2e', label: 'E', checkpointing: 'none', microBatch: 1 },
      { strategy: 'segprop', segments: 4, segmentSize: 2, headDepth: 1, placement: { frozen: 'offloaded', optimizer: 'offloaded' } },
    ],
  },
};

describe('buildJobs', () => {
  it('takes a typed flag, else the strategy entry, else the shared settings, else the default', async () => {
    const [e2e, seg] = await buildJobs(args('--precision', 'fp32'), loaded, ['e2e', 'segprop']);
    expect(e2e!.label).toBe('E');
    expect(e2e!.values).toMatchObject({
      gpu: 'a100-80gb',
      gpus: 16,
      nodes: 4,
      'gpu.memoryBytes': 60 * 2 ** 30,
      seqLen: 1024,
      microBatch: 1,
      checkpointing: 'none',
      precision: 'fp32',
      optimizer: 'adamw',
    });
    expect(seg!.values).toMatchObject({
      microBatch: 2,
      checkpointing: 'selective',
      'segprop.headDepth': 1,
      'segprop.prefixDepth': 8,
      'placement.frozen': 'offloaded',
      'placement.trainable.optimizer': 'offloaded',
    });
  });

  it('keeps one of a segment size and a segment count: the stronger, and a scenario count over its size', async () => {
    const fromScenario = (await buildJobs(args(), loaded, ['segprop']))[0]!.values;
    expect([fromScenario['segprop.segmentSize'], fromScenario['segprop.segments']]).toEqual([undefined, 4]);
    const typedSize = (await buildJobs(args('--segment-size', '3'), loaded, ['segprop']))[0]!.values;
    expect([typedSize['segprop.segmentSize'], typedSize['segprop.segments']]).toEqual([3, undefined]);
    const plain = (await buildJobs(args('--segments', '5'), undefined, ['segprop']))[0]!.values;
    expect([plain['segprop.segmentSize'], plain['segprop.segments']]).toEqual([undefined, 5]);
    await expect(buildJobs(args('--segments', '5', '--segment-size', '2'), undefined, ['segprop'])).rejects.toThrow(
      'give --segment-size or --segments, not both',
    );
  });

  it('re-derives the nodes when the GPU count is typed without them', async () => {
    expect((await buildJobs(args('--gpus', '8'), loaded, ['e2e']))[0]!.values.nodes).toBeUndefined();
    expect((await buildJobs(args('--gpus', '8', '--nodes', '2'), loaded, ['e2e']))[0]!.values.nodes).toBe(2);
  });

  it('a sweep point replaces a value, and a segment size replaces a count', async () => {
    const [job] = await buildJobs(args('--segments', '5'), undefined, ['segprop']);
    const point = applyPoint(job!, { 'segment-size': 2, strategy: 'fsdp' });
    expect(point.label).toBe('fsdp');
    expect([point.values['segprop.segmentSize'], point.values['segprop.segments'], point.values.strategy]).toEqual([2, undefined, 'fsdp']);
    expect(parseVary('prefix-depth=0..2')).toEqual({ name: 'prefix-depth', values: [0, 1, 2] });
  });
});

describe('requestOf', () => {
  const model = catalogSpec('gpt2')!;
  const gpu = gpuById('a100-40gb');

  it('sends SegProp its layout and placements, with a trainable placement covering every trainable state', async () => {
    const [seg, e2e] = await buildJobs(args('--trainable-placement', 'offloaded', '--optimizer-placement', 'sharded', '--gpu-mem', '30GiB'), undefined, [
      'segprop',
      'e2e',
    ]);
    const req = requestOf(seg!.values, model, gpu);
    expect(req.segprop).toEqual({ headDepth: 2, prefixDepth: 8, forward: 'full', segmentSize: 8 });
    expect(req.placement).toEqual({ trainable: { weights: 'offloaded', gradients: 'offloaded', optimizer: 'sharded' } });
    expect(req.gpu.memoryBytes).toBe(30 * 2 ** 30);
    expect(gpu.memoryBytes).not.toBe(30 * 2 ** 30); // the catalog's GPU is copied, not changed
    const plain = requestOf(e2e!.values, model, gpu);
    expect(plain.segprop).toBeUndefined();
    expect(plain).toMatchObject({
      strategy: 'e2e',
      gpus: 8,
      seqLen: 2048,
      microBatch: 'auto',
      checkpointing: 'full',
      attention: 'flash',
      precision: 'bf16-mixed',
      optimizer: 'adamw',
      runtime: 'pytorch',
    });
  });
});

describe("engine errors in the user's words", () => {
  it('name the flag on the command line and the knob in the dashboard', () => {
    const e = new RequestError('segprop.segmentSize', 100, 'must be an integer from 1 to 70');
    expect(e.message).toBe('segprop.segmentSize 100: must be an integer from 1 to 70');
    expect(flagMessage(e)).toBe('--segment-size 100: must be an integer from 1 to 70');
    expect(knobMessage(e)).toBe('segment 100: must be an integer from 1 to 70');
    expect(knobMessage(new RequestError('seqLen', 0, 'must be a positive integer'))).toBe('seq 0: must be a positive integer');
  });

  it('name a flag for every field the engine checks', () => {
    const fields = [
      'seqLen',
      'gpus',
      'nodes',
      'microBatch',
      'stepsPerStage',
      'runtimeOverheadBytes',
      'allocatorReserve',
      'segprop.headDepth',
      'segprop.prefixDepth',
      'segprop.segmentSize',
      'segprop.segments',
    ];
    expect(fields.map((f) => flagMessage(new RequestError(f, 1, 'x')).split(' ')[0])).toEqual([
      '--seq-len',
      '--gpus',
      '--nodes',
      '--micro-batch',
      '--steps-per-stage',
      '--runtime-overhead',
      '--allocator-reserve',
      '--head-depth',
      '--prefix-depth',
      '--segment-size',
      '--segments',
    ]);
    // a value the reason already quotes is left out, as the engine leaves it out
    expect(flagMessage(new RequestError('seqLen', undefined, '1e+308 is above the limit'))).toBe('--seq-len: 1e+308 is above the limit');
    // a field no parameter sets keeps the engine's own words
    expect(flagMessage(new RequestError('gpu.memoryBytes', 1, 'x'))).toBe('--gpu-mem 1: x');
    expect(flagMessage(new RequestError('model.numLayers', 1, 'x'))).toBe('model.numLayers 1: x');
  });
});
