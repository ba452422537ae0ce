// Fused AdamW in the PyTorch validation: torch.optim.AdamW(fused=True) runs one CUDA kernel per step, so
// segplan predicts no step temporaries for it; torch has no CPU kernel for it before 2.4 and torch 1.13 (this
// machine's) no `fused` argument, so only the CUDA suites carry the case and the CPU harness says why it cannot.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictTorchCase } from '../../../src/validate/torch/compare.js';
import { selectCases } from '../../../src/validate/torch/run.js';
import { torchSuiteCases } from '../../../src/validate/torch/suite.js';
import { ROOT } from '../../root.js';
import { requireTorch } from './python.js';

describe('fused AdamW cases', () => {
  it('the CUDA quick suite measures fused AdamW for every transformer family; the CPU suite has none', () => {
    const fused = (device: 'cpu' | 'cuda') => torchSuiteCases('quick', device).filter((c) => c.optimizer === 'adamw-fused');
    expect(fused('cpu')).toEqual([]);
    expect(fused('cuda').map((c) => c.name)).toEqual([
      'gpt2-style/e2e-adamw-fused',
      'llama-style/e2e-adamw-fused',
      'bert-style/e2e-adamw-fused',
      'vit/e2e-adamw-fused',
    ]);
    expect(selectCases('quick', 'adamw-fused', 'cuda')).toHaveLength(4);
    expect(() => selectCases('quick', 'adamw-fused', 'cpu')).toThrow(/no quick case matches/);
  });

  it('predicts no step temporaries for the fused kernel, where the loop and foreach predict some, on the same model', () => {
    const byOptimizer = new Map(
      torchSuiteCases('quick', 'cuda')
        .filter((c) => c.name.startsWith('gpt2-style/e2e-adamw'))
        .map((c) => [c.optimizer, predictTorchCase(c, '2.4.1', 'cuda').optimizerStepTransient]),
    );
    expect(byOptimizer.get('adamw-fused')).toBe(0);
    expect(byOptimizer.get('adamw-loop')).toBeGreaterThan(0);
    expect(byOptimizer.get('adamw')).toBeGreaterThan(byOptimizer.get('adamw-loop')!);
  });

  it('the harness refuses fused AdamW on a torch without it, saying which torch and what it needs', (ctx) => {
    const python = requireTorch(ctx);
    const script = [
      'import sys, torch',
      `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'harness'))})`,
      'import inspect, torch_harness as h',
      'has = "fused" in inspect.signature(torch.optim.AdamW).parameters',
      'try:',
      '    h._optimizer("adamw-fused", [torch.nn.Parameter(torch.zeros(2))]); print("built", has)',
      'except RuntimeError as e:',
      '    print("refused", has, e)',
    ].join('\n');
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim();
    // torch 1.13 (CI's Debian package) has no `fused` argument; a newer torch builds the optimizer
    if (out.startsWith('refused')) expect(out).toMatch(/^refused False torch \S+ has no fused AdamW: .*needs torch >= 2\.0/);
    else expect(out).toBe('built True');
  });
});
