// segplan export: the plan's placement, micro-batch and precision as a DeepSpeed and an accelerate config.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

const JOB = ['llama-2-7b', '--gpu', 'a100-80gb', '--gpus', '8'];
const plan = async (extra: string[]) => JSON.parse((await segplan(['plan', ...JOB, ...extra, '--json'])).stdout);
const deepspeed = async (extra: string[]) => {
  const r = await segplan(['export', ...JOB, ...extra, '--format', 'deepspeed']);
  expect(r.code, r.stderr).toBe(0);
  return { config: JSON.parse(r.stdout), stderr: r.stderr };
};

describe('segplan export: the kernels the time was planned with', () => {
  it('names the norm code and the loss, so that a script running other kernels is told', async () => {
    const fused = await deepspeed(['--strategy', 'fsdp', '--loss', 'fused']);
    expect(fused.stderr).toContain("# time planned with fused norm kernels and a fused cross-entropy kernel (flash-attn's CrossEntropyLoss)");
    const eager = await deepspeed(['--strategy', 'fsdp', '--runtime', 'pytorch-hf-eager']);
    expect(eager.stderr).toContain("# time planned with Hugging Face's op-by-op code (LlamaRMSNorm) and the loss up-cast to fp32");
  });
});

describe('segplan export --format deepspeed', () => {
  it('fsdp is ZeRO-3 at the planned micro-batch, bf16', async () => {
    const p = await plan(['--strategy', 'fsdp']);
    const { config, stderr } = await deepspeed(['--strategy', 'fsdp']);
    expect(config).toEqual({
      train_micro_batch_size_per_gpu: p.settings.microBatch,
      gradient_accumulation_steps: 1,
      train_batch_size: 8 * p.settings.microBatch,
      bf16: { enabled: true },
      zero_optimization: { stage: 3 },
    });
    // JSON has no comments: the plan's numbers go to stderr
    expect(stderr).toContain(`# peak memory per GPU: ${(p.peakBytes / 2 ** 30).toFixed(2)} GiB`);
  });

  it('maps the placement: e2e stage 0, fsdp-offload both offloads, a CPU optimizer only offload_optimizer', async () => {
    expect((await deepspeed(['--strategy', 'e2e', '--micro-batch', '1'])).config.zero_optimization).toEqual({ stage: 0 });
    const cpu = { device: 'cpu', pin_memory: true };
    expect((await deepspeed(['--strategy', 'fsdp-offload'])).config.zero_optimization).toEqual({ stage: 3, offload_param: cpu, offload_optimizer: cpu });
    expect((await deepspeed(['--strategy', 'fsdp', '--optimizer-placement', 'offloaded'])).config.zero_optimization).toEqual({
      stage: 3,
      offload_optimizer: cpu,
    });
    expect((await deepspeed(['--strategy', 'e2e', '--optimizer-placement', 'sharded', '--micro-batch', '1'])).config.zero_optimization).toEqual({ stage: 1 });
    expect((await deepspeed(['--strategy', 'fsdp', '--precision', 'fp32'])).config.bf16).toBeUndefined();
  });
});

describe('segplan export --format accelerate', () => {
  it('fsdp is FSDP FULL_SHARD with checkpointing, the cluster, and the plan as comments', async () => {
    const p = await plan(['--strategy', 'fsdp']);
    const r = await segplan(['export', ...JOB, '--strategy', 'fsdp', '--format', 'accelerate']);
    expect(r.code, r.stderr).toBe(0);
    const y = r.stdout;
    for (const line of [
      'distributed_type: FSDP',
      '  fsdp_sharding_strategy: FULL_SHARD',
      '  fsdp_offload_params: false',
      '  fsdp_activation_checkpointing: true',
      'mixed_precision: bf16',
      'num_machines: 1',
      'num_processes: 8',
    ]) {
      expect(y.split('\n')).toContain(line);
    }
    expect(y).toContain(`# micro-batch per GPU: ${p.settings.microBatch} (largest that fits: ${p.maxMicroBatch})`);
    expect(y).toMatch(/^# segplan plan: llama-2-7b, fsdp, on 8 x a100-80gb/);
  });

  it('e2e is plain DDP; fsdp-offload offloads parameters', async () => {
    const ddp = (await segplan(['export', ...JOB, '--strategy', 'e2e', '--micro-batch', '1', '--format', 'accelerate'])).stdout;
    expect(ddp).toContain('distributed_type: MULTI_GPU');
    expect(ddp).not.toContain('fsdp_config');
    expect((await segplan(['export', ...JOB, '--strategy', 'fsdp-offload', '--format', 'accelerate'])).stdout).toContain('  fsdp_offload_params: true');
  });

  it('refuses what FSDP cannot do, and --format missing, in one line', async () => {
    for (const [args, message] of [
      [['--strategy', 'fsdp', '--optimizer-placement', 'offloaded', '--format', 'accelerate'], 'FSDP offloads weights, gradients and optimizer state together'],
      [['--strategy', 'fsdp'], "'segplan export' needs --format"],
    ] as const) {
      const r = await segplan(['export', ...JOB, ...args]);
      expect(r.code).toBe(2);
      expect(stderrLines(r)).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });

  it('hybrid is HYBRID_SHARD over two nodes; DeepSpeed shards it with MiCS within a node', async () => {
    const two = ['llama-2-7b', '--gpu', 'h100-sxm', '--gpus', '16', '--strategy', 'hybrid'];
    expect((await segplan(['export', ...two, '--format', 'accelerate'])).stdout).toContain('  fsdp_sharding_strategy: HYBRID_SHARD');
    const ds = JSON.parse((await segplan(['export', ...two, '--format', 'deepspeed'])).stdout);
    expect(ds.zero_optimization).toEqual({ stage: 3, mics_shard_size: 8 });
  });

  it('writes -o FILE and never overwrites it without --force', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'segplan-export-')), 'fsdp.yaml');
    expect((await segplan(['export', ...JOB, '--format', 'accelerate', '-o', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('distributed_type: FSDP');
    const again = await segplan(['export', ...JOB, '--format', 'accelerate', '-o', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; pass --force');
  });
});

describe('segplan export --format torchtitan', () => {
  const toml = async (job: string[]) => {
    const r = await segplan(['export', ...job, '--format', 'torchtitan']);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.split('\n');
  };

  it('FSDP2 over 8 GPUs at the planned batch, with the plan as comments', async () => {
    const p = await plan(['--strategy', 'fsdp']);
    const lines = await toml(['llama-2-7b', '--gpu', 'a100-80gb', '--gpus', '8', '--strategy', 'fsdp']);
    for (const line of [
      `local_batch_size = ${p.settings.microBatch}`,
      `global_batch_size = ${8 * p.settings.microBatch}`,
      'seq_len = 2048',
      'data_parallel_replicate_degree = 1',
      'data_parallel_shard_degree = 8',
      'mode = "full"',
      'enable_cpu_offload = false',
      'mixed_precision_param = "bfloat16"',
    ]) {
      expect(lines).toContain(line);
    }
    expect(lines[0]).toMatch(/^# segplan plan: llama-2-7b, fsdp/);
    // torchtitan ships no Llama 2: the model section says so instead of guessing
    expect(lines.join('\n')).toContain('# torchtitan ships no llama-2-7b');
  });

  it("DDP replicates, HSDP replicates across nodes and shards within, Llama 3 is torchtitan's llama3 8B", async () => {
    const ddp = await toml(['llama-3-8b', '--gpu', 'h100-sxm', '--gpus', '8', '--strategy', 'e2e', '--micro-batch', '1']);
    expect(ddp).toContain('data_parallel_replicate_degree = 8');
    expect(ddp).toContain('data_parallel_shard_degree = 1');
    expect(ddp).toContain('flavor = "8B"');
    const hsdp = await toml(['llama-3-8b', '--gpu', 'h100-sxm', '--gpus', '16', '--strategy', 'hybrid']);
    expect(hsdp).toContain('data_parallel_replicate_degree = 2');
    expect(hsdp).toContain('data_parallel_shard_degree = 8');
  });

  it('refuses what torchtitan cannot run, in one line', async () => {
    for (const [args, message] of [
      [['--strategy', 'zero2'], 'no ZeRO-1/2'],
      [['--strategy', 'fsdp', '--checkpointing', 'selective'], "Megatron's attention recompute"],
      [['--strategy', 'fsdp', '--optimizer', 'sgd'], 'AdamW'],
      [['--strategy', 'fsdp', '--optimizer-placement', 'offloaded'], 'not the optimizer alone'],
    ] as const) {
      const r = await segplan(['export', ...JOB, ...args, '--format', 'torchtitan']);
      expect(r.code).toBe(2);
      expect(stderrLines(r)).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });
});
