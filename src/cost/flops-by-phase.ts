// FLOPs of one training step split by phase: the forward pass, the input-gradient and weight-gradient
// halves of backward, and forward work run again in backward (checkpointing).

export interface FlopsByPhase {
  forward: number;
  inputGrad: number;
  weightGrad: number;
  recompute: number;
  total: number;
}
