// torch.autocast's CPU op list as segplan holds it (src/precision/autocast.ts) against this machine's torch: each op
// kind run under torch.autocast('cpu') in a child Python, its output dtype compared with segplan's. Needs PyTorch
// (skipped with the reason without it); run by `npm test`, not by the in-process `npm run test:unit`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { OpKind } from '../../src/graph/types.js';
import { autocastOp } from '../../src/precision/autocast.js';
import { pythonWithTorch, requireTorch } from '../validate/torch/python.js';

describe('autocast CPU list against torch', () => {
  it("the CPU list agrees with what this machine's torch produces under torch.autocast('cpu')", (ctx) => {
    const python = requireTorch(ctx);
    expect(pythonWithTorch().python).toBe(python);
    // each kind as the torch op it runs, on a bf16 and on an fp32 input where the class depends on it
    const script = `
import json, torch, torch.nn.functional as F
x32 = torch.randn(2, 4, 8); x16 = x32.bfloat16(); ids = torch.randint(0, 8, (2, 4)); img = torch.randn(2, 3, 8, 8)
w = torch.randn(8, 8, requires_grad=True)
with torch.autocast('cpu', dtype=torch.bfloat16):
    out = {
        'linear': F.linear(x32, w), 'matmul': torch.matmul(x32, x32.transpose(1, 2)), 'conv2d': F.conv2d(img, torch.randn(4, 3, 3, 3)),
        'layernorm': F.layer_norm(x16, (8,)), 'activation': F.gelu(x16), 'dropout': F.dropout(x16, 0.1), 'add': x32 + x16, 'mul': x16 * x16,
        'embedding': F.embedding(ids, w), 'batchnorm': F.batch_norm(img.bfloat16(), None, None, training=True),
        'pool': F.max_pool2d(img.bfloat16(), 2), 'global-avgpool': F.adaptive_avg_pool2d(img.bfloat16(), 1),
        'cross-entropy': F.cross_entropy(x16.reshape(8, 8), ids.reshape(8)),
    }
print(json.dumps({k: {torch.bfloat16: 'bf16', torch.float32: 'fp32'}[v.dtype] for k, v in out.items()}))
`;
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const measured = JSON.parse(r.stdout) as Record<string, string>;
    const inputs: Record<string, ('bf16' | 'fp32')[]> = {
      linear: ['fp32'],
      matmul: ['fp32', 'fp32'],
      conv2d: ['fp32'],
      layernorm: ['bf16'],
      activation: ['bf16'],
      dropout: ['bf16'],
      add: ['fp32', 'bf16'],
      mul: ['bf16', 'bf16'],
      embedding: [],
      batchnorm: ['bf16'],
      pool: ['bf16'],
      'global-avgpool': ['bf16'],
      'cross-entropy': ['bf16'],
    };
    const predicted = Object.fromEntries(Object.entries(inputs).map(([k, ins]) => [k, autocastOp(k as OpKind, ins, { half: 'bf16', device: 'cpu' }).compute]));
    expect(predicted).toEqual(measured);
  });
});
