// SegProp schedules: which blocks train, run frozen on the gradient path, run without a tape or are skipped.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { UserError } from '../../src/errors.js';
import { e2eSchedule, segpropSchedule } from '../../src/strategy/schedule.js';
import { loadModel } from '../../src/model/load.js';
import { llama } from '../graph/specs.js';

// 10 layers: blocks are [embedding, layers.0..9, final-norm, head, loss]
const graph = buildGraph(llama('tiny', 256, 10, 4, 4, 512, 1000), { seqLen: 64 });
const code = (r: string) => ({ train: 'T', 'frozen-path': 'P', 'frozen-notape': 'n', skip: '.' })[r];
const roles = (s: { roles: readonly string[] }) => s.roles.map(code).join('');

describe('SegProp schedule', () => {
  it('full forward: prefix stage, then segments; blocks between segment and head are frozen on the path', () => {
    const stages = segpropSchedule(graph, { segmentSize: 3, headDepth: 2, prefixDepth: 2, forward: 'full' });
    //                        emb L0 L1 L2 L3 L4 L5 L6 L7 L8 L9 norm head loss
    expect(stages.map(roles)).toEqual([
      'TTTPPPPPPTTTTT', // prefix: embedding + layers 0-1, + head (layers 8-9, norm, LM head, loss)
      'nnnTTTPPPTTTTT', // segment: layers 2-4
      'nnnnnnTTTTTTTT', // segment: layers 5-7, adjacent to the head
    ]);
  });

  it('growing forward: the blocks between segment and head are skipped', () => {
    const stages = segpropSchedule(graph, { segmentSize: 4, headDepth: 1, prefixDepth: 0, forward: 'growing' });
    expect(stages.map(roles)).toEqual(['TTTTT.....TTTT', 'nnnnnTTTT.TTTT', 'nnnnnnnnnTTTTT']);
  });

  it('growing forward is refused where the skipped blocks change the shape the head reads (a CNN), and only there', () => {
    const resnet = loadModel('resnet-50').spec;
    const g = buildGraph(resnet, { seqLen: 1 });
    // layer1 gives 256 x 56 x 56 per image; the head's layer4.2 takes 2048 x 7 x 7
    const growing = () => segpropSchedule(g, { segmentSize: 3, headDepth: 1, prefixDepth: 0, forward: 'growing' });
    expect(growing).toThrow(UserError);
    expect(growing).toThrow(/^segprop\.forward "?growing"?: \S+ gives 802,816 values per sample but the head starts at layer4\.2, which reads 100,352/);
    // the full forward runs the blocks between, so the head reads what it always reads
    expect(segpropSchedule(g, { segmentSize: 3, headDepth: 1, prefixDepth: 0, forward: 'full' }).length).toBeGreaterThan(1);
    // a segment that ends where the head starts skips nothing
    const blocks = g.blocks.filter((b) => b.isLayer).length;
    expect(segpropSchedule(g, { segmentSize: blocks - 1, headDepth: 1, prefixDepth: 0, forward: 'growing' })).toHaveLength(1);
    // transformer blocks keep their shape: the tiny decoder plans growing stages (above)
  });

  it('growing forward never skips a block that is not a body layer (T5: the encoder norm and decoder embedding)', () => {
    const g = buildGraph(loadModel('t5-small').spec, { seqLen: 64 });
    // 6 encoder + 6 decoder layers; a head of 1 layer: stage 1 ends in the encoder, and the decoder head is behind
    // encoder.final_norm and decoder.embedding
    expect(() => segpropSchedule(g, { segmentSize: 2, headDepth: 1, prefixDepth: 2, forward: 'growing' })).toThrow(
      /^segprop\.forward "?growing"?: a stage ending at encoder\.layers\.\d would skip encoder\.final_norm, which is not a body layer/,
    );
    // the full forward runs them
    expect(segpropSchedule(g, { segmentSize: 2, headDepth: 1, prefixDepth: 2, forward: 'full' })).toHaveLength(6);
  });

  it('--segments K splits the segmented layers into K stages of ⌈rest/K⌉', () => {
    expect(segpropSchedule(graph, { segments: 3, headDepth: 1, prefixDepth: 0, forward: 'full' })).toHaveLength(3);
    expect(segpropSchedule(graph, { segments: 9, headDepth: 1, prefixDepth: 0, forward: 'full' })).toHaveLength(9);
  });

  it('head depth 0 keeps only final norm, task head and loss trainable in every stage', () => {
    const stages = segpropSchedule(graph, { segmentSize: 5, headDepth: 0, prefixDepth: 0, forward: 'full' });
    expect(stages.map(roles)).toEqual(['TTTTTTPPPPPTTT', 'nnnnnnTTTTTTTT']);
  });

  it('rejects impossible settings with a one-line user error naming the request field', () => {
    expect(() => segpropSchedule(graph, { segmentSize: 11, headDepth: 0, prefixDepth: 0, forward: 'full' })).toThrow(UserError);
    expect(() => segpropSchedule(graph, { segmentSize: 2, headDepth: 10, prefixDepth: 0, forward: 'full' })).toThrow(/^segprop.headDepth 10: /);
    expect(() => segpropSchedule(graph, { segmentSize: 2, headDepth: 1, prefixDepth: 9, forward: 'full' })).toThrow(/^segprop.prefixDepth 9: /);
  });

  it('E2E is one stage where everything trains', () => {
    expect(e2eSchedule(graph).map(roles)).toEqual(['TTTTTTTTTTTTTT']);
  });
});
