import { describe, expect, it } from 'vitest';
import { KNOBS, knobByKey, knobValue, stepKnob } from '../../src/dash/knobs.js';
import { initialState, reducer, type DashState } from '../../src/dash/state.js';
import { paperSettings } from './fixtures.js';
import { at } from '../at.js';

const start = (): DashState => initialState(paperSettings());

describe('dash reducer', () => {
  it('starts on the first knob with E2E, FSDP+offload and SegProp shown', () => {
    const s = start();
    expect(s.selected).toBe(0);
    expect(s.strategies).toEqual(['e2e', 'fsdp-offload', 'segprop']);
    expect(s.overlay).toBe('none');
  });

  it('←/→ walk the knobs and wrap around', () => {
    let s = reducer(start(), { type: 'select', delta: -1 });
    expect(at(KNOBS, s.selected, 'knob').id).toBe('price');
    s = reducer(s, { type: 'select', delta: 1 });
    s = reducer(s, { type: 'select', delta: 1 });
    expect(at(KNOBS, s.selected, 'knob').id).toBe('gpu');
  });

  it('steps every knob and leaves the others alone', () => {
    const s0 = start();
    const expected: Record<string, string> = {
      model: 'llama-2-7b', // next catalog name after llama-2-70b
      gpu: at(s0.settings.gpuList, s0.settings.gpu + 1, 'GPU'),
      gpus: '16',
      nodes: '2',
      seqLen: '4096',
      microBatch: '1',
      segmentSize: '9',
      headDepth: '3',
      prefixDepth: '9',
      forward: 'growing',
      checkpointing: 'selective',
      attention: 'math',
      precision: 'bf16-mixed-fp32grads',
      optimizer: 'sgd',
      optimizerImpl: 'fused',
      gradAccum: '2',
      frozenPlacement: 'offloaded',
      trainablePlacement: 'offloaded',
      budget: '1B',
      price: '1',
    };
    for (const k of KNOBS) {
      const s = reducer(s0, { type: 'step', knob: k.id, delta: 1 });
      expect(knobValue(s.settings, k.id), k.id).toBe(expected[k.id]);
      for (const other of KNOBS) if (other.id !== k.id) expect(knobValue(s.settings, other.id)).toBe(knobValue(s0.settings, other.id));
    }
  });

  it('steps down with limits: gpus and seq halve, depths stop at 0, micro-batch falls back to auto', () => {
    let st = paperSettings({ gpus: 1, headDepth: 0, microBatch: 2, seqLen: 1, segmentSize: 1 });
    for (const id of ['gpus', 'headDepth', 'seqLen', 'segmentSize'] as const) st = stepKnob(st, id, -1);
    expect([st.gpus, st.headDepth, st.seqLen, st.segmentSize]).toEqual([1, 0, 1, 1]);
    // gradient accumulation steps one micro-batch at a time and never below 1
    expect(stepKnob(stepKnob(paperSettings({ gradAccum: 1 }), 'gradAccum', -1), 'gradAccum', 1).gradAccum).toBe(2);
    st = stepKnob(st, 'microBatch', -1);
    expect(st.microBatch).toBe(1);
    st = stepKnob(st, 'microBatch', -1);
    expect(st.microBatch).toBe('auto');
    expect(stepKnob(paperSettings({ microBatch: 8 }), 'microBatch', 1).microBatch).toBe(16);
    expect(stepKnob(paperSettings({ microBatch: 32 }), 'microBatch', -1).microBatch).toBe(16);
  });

  it('placement knobs (SegProp only): sharded -> offloaded -> replicated and around; w/t keys; set actions', () => {
    let st = paperSettings();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      st = stepKnob(st, 'frozenPlacement', 1);
      seen.push(st.frozenPlacement);
    }
    expect(seen).toEqual(['offloaded', 'replicated', 'sharded']);
    expect(stepKnob(paperSettings(), 'trainablePlacement', -1).trainablePlacement).toBe('replicated');
    expect(knobByKey('w')).toMatchObject({ knob: { id: 'frozenPlacement', segprop: true }, delta: 1 });
    expect(knobByKey('T')).toMatchObject({ knob: { id: 'trainablePlacement', segprop: true }, delta: -1 });
    let s = reducer(start(), { type: 'set', knob: 'frozenPlacement', value: 'offloaded' });
    s = reducer(s, { type: 'set', knob: 'trainablePlacement', value: 'replicated' });
    expect([s.settings.frozenPlacement, s.settings.trainablePlacement]).toEqual(['offloaded', 'replicated']);
    expect(knobValue(s.settings, 'frozenPlacement')).toBe('offloaded');
    // the fixed --optimizer-placement is not a knob and no key changes it
    s = reducer(s, { type: 'step', knob: 'trainablePlacement', delta: 1 });
    expect(s.settings.optimizerPlacement).toBeNull();
    expect(new Set(KNOBS.map((k) => k.key)).size).toBe(KNOBS.length);
  });

  it('model and GPU cycle and wrap', () => {
    const s = paperSettings({ model: 0 });
    expect(stepKnob(s, 'model', -1).model).toBe(s.models.length - 1);
    const g = paperSettings({ gpu: 0 });
    expect(stepKnob(g, 'gpu', -1).gpu).toBe(g.gpuList.length - 1);
  });

  it('letter keys: lower case steps up, upper case down', () => {
    expect(knobByKey('k')).toMatchObject({ knob: { id: 'segmentSize' }, delta: 1 });
    expect(knobByKey('K')).toMatchObject({ knob: { id: 'segmentSize' }, delta: -1 });
    expect(knobByKey('q')).toBeUndefined();
    expect(knobByKey('v')).toBeUndefined();
  });

  it('set actions for numbers, enums, model and GPU; unknown names give a message', () => {
    let s = reducer(start(), { type: 'set', knob: 'seqLen', value: 512 });
    s = reducer(s, { type: 'set', knob: 'forward', value: 'growing' });
    s = reducer(s, { type: 'set', knob: 'model', value: 'gpt2' });
    s = reducer(s, { type: 'set', knob: 'gpu', value: 'h100-sxm' });
    expect(s.settings.seqLen).toBe(512);
    expect(s.settings.forward).toBe('growing');
    expect(knobValue(s.settings, 'model')).toBe('gpt2');
    const bad = reducer(s, { type: 'set', knob: 'model', value: 'no-such-model' });
    expect(bad.settings).toBe(s.settings);
    expect(bad.message).toMatch(/not in the list/);
  });

  it('typing a number into the selected knob: Enter applies, Esc cancels, bad input is a message', () => {
    let s = reducer(start(), { type: 'selectKnob', knob: 'microBatch' });
    s = reducer(s, { type: 'editStart' });
    s = reducer(s, { type: 'editInput', text: '1' });
    s = reducer(s, { type: 'editInput', text: '2' });
    s = reducer(s, { type: 'editBackspace' });
    s = reducer(s, { type: 'editInput', text: '3' });
    expect(s.edit).toBe('13');
    s = reducer(s, { type: 'editCommit' });
    expect(s.settings.microBatch).toBe(13);
    expect(s.edit).toBeNull();
    s = reducer(reducer(s, { type: 'editStart' }), { type: 'editInput', text: 'a' });
    s = reducer(s, { type: 'editCommit' });
    expect(s.settings.microBatch).toBe('auto');
    s = reducer(reducer(s, { type: 'editStart' }), { type: 'editInput', text: '0' });
    s = reducer(s, { type: 'editCommit' });
    expect(s.settings.microBatch).toBe('auto');
    expect(s.message).toMatch(/µbatch: type a positive whole number/);
    s = reducer(reducer(s, { type: 'editStart' }), { type: 'editInput', text: '7' });
    s = reducer(s, { type: 'editCancel' });
    expect(s.settings.microBatch).toBe('auto');
  });

  it('Enter on a non-numeric knob does not start typing', () => {
    const s = reducer(start(), { type: 'editStart' });
    expect(s.edit).toBeNull();
  });

  it('strategies toggle, keep their column order and never all go away', () => {
    let s = reducer(start(), { type: 'toggleStrategy', strategy: 'fsdp' });
    expect(s.strategies).toEqual(['e2e', 'fsdp', 'fsdp-offload', 'segprop']);
    for (const x of ['e2e', 'fsdp', 'fsdp-offload'] as const) s = reducer(s, { type: 'toggleStrategy', strategy: x });
    expect(s.strategies).toEqual(['segprop']);
    s = reducer(s, { type: 'toggleStrategy', strategy: 'segprop' });
    expect(s.strategies).toEqual(['segprop']);
    expect(s.message).toMatch(/at least one/);
  });

  it('validation: start opens the view, progress is recorded, done keeps the rows', () => {
    let s = reducer(start(), { type: 'validationStart' });
    expect(s.overlay).toBe('validation');
    s = reducer(s, { type: 'validationProgress', done: 3, total: 12, current: 'gpt-tiny/e2e-checkpoint' });
    expect(s.validation).toEqual({ status: 'running', done: 3, total: 12, current: 'gpt-tiny/e2e-checkpoint' });
    s = reducer(s, { type: 'validationDone', rows: [] });
    expect(s.validation.status).toBe('done');
    // late progress after the end is ignored
    expect(reducer(s, { type: 'validationProgress', done: 1, total: 12, current: 'x' }).validation.status).toBe('done');
  });

  it('overlays and the lower panel switch', () => {
    let s = reducer(start(), { type: 'overlay', overlay: 'help' });
    expect(s.overlay).toBe('help');
    s = reducer(s, { type: 'togglePanel' });
    expect(s.panel).toBe('stages');
  });
});
