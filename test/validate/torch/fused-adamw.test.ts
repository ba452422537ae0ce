// Fused AdamW in the PyTorch validation: torch.optim.AdamW(fused=True) runs one CUDA kernel per step, so
// segplan predicts no step temporaries for it; torch has no CPU kernel for it before 2.4 and torch 1.13 (this
// machine's) no `fused` argument, so only the CUDA suites carry the case and the CPU harness says why it cannot.
import { describe, expect, it } from 'vitest';
import { predictTorchCase } from '../../../src/validate/torch/compare.js';
import { selectCases } from '../../../src/validate/torch/run.js';
import { torchSuiteCases } from '../../../src/validate/torch/suite.js';

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
});
