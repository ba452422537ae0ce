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
    python3 harness/kernel_traffic.py --cuda     # also times each case on the GPU at a 1B model's sizes

With --cuda the same cases run on the GPU at the sizes of a 1.1B Llama's step (8192 rows of 2048, 32 heads of 64 over
2048 tokens, a 32000-word vocabulary), the kernels of each forward and backward timed apart (device time from
torch.profiler, the mean of 20 calls after 3 warm-ups): bytes over time is the bandwidth each kind of kernel reaches,
against a plain copy's.
"""

import contextlib
import json
import sys
import os

import torch
import torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_measure import device_microseconds  # noqa: E402
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


def measure(fn, x, elements, leaves=()):
    """Bytes per element of `elements` moved by fn(x) forward and by its backward (every gradient written afresh:
    `leaves`, timed() needs them, have none yet)."""
    fw = Traffic()
    with fw:
        y = fn(x)
    grad = torch.randn_like(y)
    bw = Traffic()
    with bw:
        y.backward(grad)
    return {"forward": fw.bytes / elements, "backward": bw.bytes / elements, "kernels": {"forward": fw.kernels, "backward": bw.kernels}}


def gpu_seconds(fn, repeats=20):
    """Seconds the GPU's kernels run per fn() call: their device time summed by torch.profiler over `repeats` calls
    after 3 warm-ups. Kernel time, not the wall time between two events: a call of a few tens of microseconds of
    kernels is otherwise timed with the host's time to issue it, which a training step hides by running ahead."""
    from torch.profiler import ProfilerActivity, profile

    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        for _ in range(repeats):
            fn()
        torch.cuda.synchronize()
    total = 0.0
    for e in prof.key_averages():
        if str(getattr(e, "device_type", "")).endswith("CUDA") and not e.key.startswith("Memset"):
            total += device_microseconds(e)
    return total / 1e6 / repeats


def timed(fn, x, elements, leaves=()):
    """measure() with the forward's and the backward's kernel time (the backward over a retained graph). `leaves`: the
    case's other tensors that take a gradient (a product's second factor, a norm's weight and bias)."""
    out = measure(fn, x, elements)
    out.pop("kernels")
    forward = gpu_seconds(lambda: fn(x))
    y = fn(x)
    grad = torch.randn_like(y)

    def backward_once():
        # each timed backward writes every gradient afresh, as the counted one did: a gradient left from the call
        # before would be accumulated into (one more add kernel, which the count does not have)
        for t in (x, *leaves):
            t.grad = None
        y.backward(grad, retain_graph=True)

    backward = gpu_seconds(backward_once)
    out.update(forwardSeconds=forward, backwardSeconds=backward,
               forwardBytesPerSec=out["forward"] * elements / forward, backwardBytesPerSec=out["backward"] * elements / backward)
    return out


def sizes(cuda):
    """The cases' sizes: a 1.1B Llama's step on a GPU, small ones on the CPU."""
    if cuda:
        return dict(rows=8192, hidden=2048, batch=4, heads=32, seq=2048, headDim=64, vocab=32000)
    return dict(rows=256, hidden=512, batch=4, heads=16, seq=32, headDim=64, vocab=1024)


def memory_kernel_cases(cuda):
    """Every case, bf16 and fp32: bytes per element moved forward and backward, and on a GPU each direction's kernel
    time and bytes per second, with a plain fp32 copy's rate measured the same way ("copy-fp32")."""
    z = sizes(cuda)
    measure_case = timed if cuda else measure
    cases = {}
    with torch.device("cuda") if cuda else contextlib.nullcontext():
        for name, dtype in (("bf16", torch.bfloat16), ("fp32", torch.float32)):
            one_width(cases, name, dtype, z, measure_case)
        if cuda:
            src = torch.empty(2**28)
            dst = torch.empty_like(src)
            cases["copy-fp32"] = {"forwardBytesPerSec": 2 * src.numel() * 4 / gpu_seconds(lambda: dst.copy_(src))}
    return cases


def one_width(cases, name, dtype, z, measure_case):
    """The cases of one input dtype, into `cases`."""
    rows, hidden, batch, heads, seq, head_dim, vocab = (z[k] for k in ("rows", "hidden", "batch", "heads", "seq", "headDim", "vocab"))
    norm = RMSNorm(hidden).to(dtype)
    x = torch.randn(rows, hidden, dtype=dtype, requires_grad=True)
    cases["rmsnorm-eager-" + name] = measure_case(norm, x, rows * hidden, tuple(norm.parameters()))

    cos = torch.randn(seq, head_dim).to(dtype)
    sin = torch.randn(seq, head_dim).to(dtype)
    q = torch.randn(batch, heads, seq, head_dim, dtype=dtype, requires_grad=True)
    cases["rope-" + name] = measure_case(lambda t: (t * cos) + (_rotate_half(t) * sin), q, q.numel())

    ln = torch.nn.LayerNorm(hidden).to(dtype)
    cases["layernorm-" + name] = measure_case(ln, torch.randn(rows, hidden, dtype=dtype, requires_grad=True), rows * hidden, tuple(ln.parameters()))
    for act, fn in (("gelu", F.gelu), ("silu", F.silu), ("relu", F.relu), ("tanh", torch.tanh)):
        cases[act + "-" + name] = measure_case(fn, torch.randn(rows, hidden, dtype=dtype, requires_grad=True), rows * hidden)
    other = torch.randn(rows, hidden, dtype=dtype, requires_grad=True)
    cases["mul-" + name] = measure_case(lambda t: t * other, torch.randn(rows, hidden, dtype=dtype, requires_grad=True), rows * hidden, (other,))

    logits = torch.randn(rows, vocab, dtype=dtype, requires_grad=True)
    labels = torch.randint(0, vocab, (rows,))
    cases["cross-entropy-" + name] = measure_case(lambda t: F.cross_entropy(t.float(), labels), logits, rows * vocab)


def main():
    torch.manual_seed(0)
    cuda = "--cuda" in sys.argv
    cases = memory_kernel_cases(cuda)
    json.dump({"torch": torch.__version__, **({"gpu": torch.cuda.get_device_name()} if cuda else {}), "shapes": sizes(cuda), "cases": cases},
              sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
