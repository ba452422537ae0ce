// The fraction of dense peak that large matmuls reach, from published measurements of the maximum
// achievable matmul throughput (stas00/ml-engineering, compute/accelerator/README.md, as collected in
// shared/REFERENCES.md: A100 SXM 271 TF/s and H100 SXM 794 TF/s dense BF16). GPUs without a measurement
// run at their dense peak, which makes their times a lower bound; the plan says which applies.

const MEASURED_BF16_MATMUL: Record<string, number> = {
  'a100-40gb': 271e12,
  'a100-80gb': 271e12,
  'h100-sxm': 794e12,
};

export interface Efficiency {
  value: number;
  basis: string;
}

export function matmulEfficiency(gpuId: string, peakFlopsPerSec: number): Efficiency {
  const measured = MEASURED_BF16_MATMUL[gpuId];
  if (measured === undefined) return { value: 1, basis: `no measured matmul rate for ${gpuId}: dense peak (times are a lower bound)` };
  return { value: measured / peakFlopsPerSec, basis: `measured max matmul ${measured / 1e12} TFLOP/s of ${peakFlopsPerSec / 1e12} peak` };
}
