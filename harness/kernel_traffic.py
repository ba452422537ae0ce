"""Counts the bytes PyTorch's own kernels move for the ops whose traffic segplan's time model spells out kernel by
kernel (`traffic` in src/ops/kinds/<kind>/index.ts): Hugging Face's LlamaRMSNorm and rotary embedding
(harness/torch_models.py, written after modeling_llama.py), the loss's fp32 up-cast, LayerNorm, GELU, SiLU, ReLU and
tanh, and an elementwise product, forward and backward.

Every aten op dispatched while the op runs is intercepted (TorchDispatchMode); an op that only makes a view is no
kernel; every other op reads its tensor operands and writes its results once. A tensor's bytes are those of its
distinct elements (an expanded view, stride 0, is read from cache once per row or column, so its broadcast
dimensions do not count), except where a kernel only gathers from an operand (nll_loss reads one logit per row, and
its backward only the shape of `self`). Prints bytes per element of the op, by case, as JSON.

    python3 harness/kernel_traffic.py
"""

import json
import sys
import os

import torch
import torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import RMSNorm, _rotate_half  # noqa: E402

# operands a kernel gathers a few elements from, or reads only the shape of: (op name, operand index)
GATHERED = {("nll_loss_forward", 0), ("nll_loss_backward", 1)}


def distinct_bytes(t):
    n = 1
    for size, stride in zip(t.shape, t.stride()):
        if stride != 0:
            n *= size
    return n * t.element_size()


class Traffic(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.bytes = 0
        self.kernels = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        outs = [o for o in tree_flatten(out)[0] if isinstance(o, torch.Tensor)]
        if not outs:
            return out  # a query (is_same_size): no kernel
        ins = [(k, a) for k, a in enumerate(tree_flatten((args, kwargs))[0]) if isinstance(a, torch.Tensor)]
        storages = {a.storage().data_ptr() for _, a in ins}
        written = [o for o in outs if o.storage().data_ptr() not in storages]
        if not written:
            return out  # a view of an input: no kernel
        name = func.__name__.split(".")[0]
        read = sum(distinct_bytes(a) for k, a in ins if (name, k) not in GATHERED)
        moved = read + sum(distinct_bytes(o) for o in written)
        self.bytes += moved
        self.kernels.append([name, moved])
        return out


def measure(fn, x, elements):
    """Bytes per element of `elements` moved by fn(x) forward and by its backward."""
    fw = Traffic()
    with fw:
        y = fn(x)
    grad = torch.randn_like(y)
    bw = Traffic()
    with bw:
        y.backward(grad)
    return {"forward": fw.bytes / elements, "backward": bw.bytes / elements, "kernels": {"forward": fw.kernels, "backward": bw.kernels}}


def main():
    torch.manual_seed(0)
    rows, hidden = 256, 512
    batch, heads, seq, head_dim = 4, 16, 32, 64
    vocab = 1024
    cases = {}
    for name, dtype in (("bf16", torch.bfloat16), ("fp32", torch.float32)):
        norm = RMSNorm(hidden).to(dtype)
        x = torch.randn(rows, hidden, dtype=dtype, requires_grad=True)
        cases["rmsnorm-eager-" + name] = measure(norm, x, rows * hidden)

        cos = torch.randn(seq, head_dim).to(dtype)
        sin = torch.randn(seq, head_dim).to(dtype)
        q = torch.randn(batch, heads, seq, head_dim, dtype=dtype, requires_grad=True)
        cases["rope-" + name] = measure(lambda t: (t * cos) + (_rotate_half(t) * sin), q, q.numel())

        ln = torch.nn.LayerNorm(hidden).to(dtype)
        cases["layernorm-" + name] = measure(ln, torch.randn(rows, hidden, dtype=dtype, requires_grad=True), rows * hidden)
        for act, fn in (("gelu", F.gelu), ("silu", F.silu), ("relu", F.relu), ("tanh", torch.tanh)):
            cases[act + "-" + name] = measure(fn, torch.randn(rows, hidden, dtype=dtype, requires_grad=True), rows * hidden)
        other = torch.randn(rows, hidden, dtype=dtype, requires_grad=True)
        cases["mul-" + name] = measure(lambda t: t * other, torch.randn(rows, hidden, dtype=dtype, requires_grad=True), rows * hidden)

        logits = torch.randn(rows, vocab, dtype=dtype, requires_grad=True)
        labels = torch.randint(0, vocab, (rows,))
        cases["cross-entropy-" + name] = measure(lambda t: F.cross_entropy(t.float(), labels), logits, rows * vocab)
    json.dump({"torch": torch.__version__, "shapes": {"rows": rows, "hidden": hidden, "batch": batch, "heads": heads,
                                                      "seq": seq, "headDim": head_dim, "vocab": vocab}, "cases": cases},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
