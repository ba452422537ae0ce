// The share of a GEMM's issued tensor-core work that is useful, from how it is cut into tiles and how the tiles
// are scheduled over the streaming multiprocessors (NVIDIA, "Matrix Multiplication Background User's Guide",
// Deep Learning Performance documentation, sections "Tile Quantization" and "Wave Quantization"):
//
//   tile quantization   an M×N output is computed in tileM×tileN tiles; a dimension that is not a multiple of the
//                       tile still pays for whole tiles: useful = M·N / (ceil(M/tileM)·tileM · ceil(N/tileN)·tileN)
//   wave quantization   one tile per SM at a time: T tiles run in ceil(T/SMs) waves, the last one partly idle:
//                       useful = T / (ceil(T/SMs) · SMs)
//   split-K             a grid with fewer tiles than SMs splits the reduction dimension K over idle SMs (CUTLASS's
//                       split-K / stream-K), in slices of at least one tileK step; the partial sums are a small
//                       extra pass that is not charged here
//   pipeline fill       a tile's main loop walks its K slice K' in tileK steps through a multistage shared-memory
//                       pipeline: CUTLASS's multistage main loop issues kStages − 1 stage loads before its first
//                       multiply and waits for the first to land, and after the last step the tile's epilogue writes
//                       its output; with one tile per SM nothing overlaps either. Both are charged together as
//                       kStages − 1 steps (an approximation of load latency plus epilogue, checked against measured
//                       GEMMs in docs/time.md): a tile takes ceil(K'/tileK) + kStages − 1 steps for K'/tileK steps of
//                       work, so short-K GEMMs (K = d_model of a small model) lose a share of their time and long ones
//                       almost none. A K' below one step runs as one shallower step (libraries have kernels with a
//                       smaller K step) with a one-step fill: a pipeline holds no more stages than there are steps
//
// The library picks the tile orientation (tileM×tileN or tileN×tileM) that wastes less. The rate of the main loop
// of a large GEMM (efficiency.ts: measured at a shape where tile and wave quantization vanish; the fill costs 1%
// there, 16384³) is multiplied by this share. One tile serves every GPU: the A100's (SM80) default, also for V100
// (whose SM70 default is 2 stages of 32) and H100 (whose SM90 kernels have deeper pipelines); the H100's measured
// GEMMs it meets within about 5% (docs/time.md), the V100's are not checked.

export interface GemmTile {
  m: number;
  n: number;
  /** the reduction step of one tile's main loop: the smallest K slice a split-K kernel hands to an SM */
  k: number;
  /** shared-memory pipeline stages of the main loop (a tile is charged kStages − 1 steps for its fill and epilogue) */
  stages: number;
}

/**
 * 256×128 output tiles, as in the guide's worked A100 example (a 256×128 tile per SM), with the 64-deep K step and
 * the 3 pipeline stages of CUTLASS's default 16-bit Tensor Core configuration for SM80 (128×256×64, kStages = 3,
 * cutlass/gemm/device/default_gemm_configuration.h at 044405c).
 */
const LARGE_GEMM_TILE: GemmTile = { m: 256, n: 128, k: 64, stages: 3 };

function orientedShare(M: number, N: number, K: number, sms: number, tm: number, tn: number, t: GemmTile): number {
  const tilesM = Math.ceil(M / tm);
  const tilesN = Math.ceil(N / tn);
  const tiles = tilesM * tilesN;
  const tile = (M * N) / (tilesM * tm * tilesN * tn);
  const split = tiles >= sms ? 1 : Math.max(1, Math.min(Math.floor(sms / tiles), Math.floor(K / t.k)));
  const issued = tiles * split;
  const wave = issued / (Math.ceil(issued / sms) * sms);
  // each tile's K slice: its steps of work against the steps it takes with the pipeline's fill (below one step: one
  // shallower step, and no more fill than there are steps)
  const work = Math.max(1, K / split / t.k);
  const steps = Math.ceil(work);
  const depth = work / (steps + Math.min(t.stages - 1, steps));
  return tile * wave * depth;
}

/**
 * The large-GEMM rate a GEMM measured at one shape implies: its rate over its shape's share (the share a plan applies
 * back); without an SM count, the rate itself.
 */
export function largeRateOf(p: { m: number; n: number; k: number; flopsPerSec: number }, sms: number | undefined): number {
  return sms === undefined ? p.flopsPerSec : p.flopsPerSec / gemmShapeShare(p.m, p.n, p.k, sms);
}

/** Useful share (0, 1] of an M×N×K GEMM on a GPU with `sms` multiprocessors, the better of the two tile orientations. */
export function gemmShapeShare(M: number, N: number, K: number, sms: number, tile: GemmTile = LARGE_GEMM_TILE): number {
  if (M <= 0 || N <= 0 || K <= 0) return 1;
  return Math.max(orientedShare(M, N, K, sms, tile.m, tile.n, tile), orientedShare(M, N, K, sms, tile.n, tile.m, tile));
}
