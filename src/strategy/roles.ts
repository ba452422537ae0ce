// What a block does in one stage of a training schedule.
//
//   train          parameters update; the block runs under the tape and back-propagates
//   frozen-path    parameters fixed, but the block lies between a trainable block and the loss: it runs
//                  under the tape and back-propagates input gradients only (no weight gradients)
//   frozen-notape  parameters fixed and nothing before it trains: it runs forward without a tape
//                  (PyTorch no_grad, outside tfjs's gradient scope), keeping nothing for backward
//   skip           not executed at all (SegProp "growing" forward: later blocks are bypassed)

export type BlockRole = 'train' | 'frozen-path' | 'frozen-notape' | 'skip';

// 'op': op-level selective checkpointing (torch's save list): a layer stores the outputs of its contractions and
// recomputes the rest in backward (src/ops/kind.ts: each kind's `checkpoint`); 'torchtitan-op': torchtitan's
// selective_ac_option "op", which also recomputes every second matmul (src/strategy/op-checkpoint.ts)
export type ActivationPolicy = 'none' | 'full' | 'selective' | 'op' | 'torchtitan-op';
