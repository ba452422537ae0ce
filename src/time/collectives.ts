// How many collective calls a step makes, for the fixed time per call (published nccl-tests figures,
// collective-rates.ts, or a calibration's: calibration.ts).
//
// FSDP wraps each block: one all-gather per block and pass, one reduce-scatter per block (counted in
// step-time.ts). DDP packs gradients into buckets and all-reduces each bucket once: PyTorch's
// DistributedDataParallel `bucket_cap_mb` defaults to 25 (MiB), so the calls are the gradient bytes over 25 MiB.

export const DDP_BUCKET_BYTES = 25 * 2 ** 20;

/** All-reduce calls of DDP's bucketed gradient reduction for `bytes` of gradients (0 when there are none). */
export function ddpAllReduceCalls(bytes: number): number {
  return bytes > 0 ? Math.ceil(bytes / DDP_BUCKET_BYTES) : 0;
}
