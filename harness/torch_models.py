"""Models built from a segplan spec with code that segplan did not write: torchvision's ResNet, ConvNeXt and
VisionTransformer, torch.nn.TransformerEncoderLayer, and decoders in plain torch that follow Hugging Face's
modeling code operation by operation (GPT-2 and Llama). Each builder returns the model as the engine's blocks:
an ordered list of (block name, module) up to the logits, so that a stage's roles apply block by block."""

import math

import torch
from torch import nn
import torch.nn.functional as F


class Fn(nn.Module):
    """A block made of a few modules and a forward function over them."""

    def __init__(self, fn, **modules):
        super().__init__()
        for k, v in modules.items():
            setattr(self, k, v)
        self._fn = fn

    def forward(self, x):
        return self._fn(self, x)


# ---------------------------------------------------------------- torchvision ResNet
def resnet(spec):
    from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

    if spec["baseWidth"] != 64:
        raise ValueError("torchvision's ResNet has a base width of 64; the spec asks for %d" % spec["baseWidth"])
    block = BasicBlock if spec["block"] == "basic" else Bottleneck
    m = ResNet(block, spec["layers"], num_classes=spec["numClasses"])
    if spec["channels"] != 3:
        m.conv1 = nn.Conv2d(spec["channels"], 64, 7, 2, 3, bias=False)
    if spec["stem"] == "cifar":
        # the catalog's CIFAR stem: a 3x3 stride-1 conv and no max-pool (He et al. 2016, section 4.2)
        m.conv1 = nn.Conv2d(spec["channels"], 64, 3, 1, 1, bias=False)
        m.maxpool = nn.Identity()

    def stem(b, x):
        return m.maxpool(m.relu(m.bn1(m.conv1(x))))

    blocks = [("stem", Fn(stem, conv1=m.conv1, bn1=m.bn1))]
    for si, layer in enumerate([m.layer1, m.layer2, m.layer3, m.layer4][: len(spec["layers"])]):
        for bi, blk in enumerate(layer):
            blocks.append(("layer%d.%d" % (si + 1, bi), blk))

    def head(b, x):
        return b.fc(torch.flatten(m.avgpool(x), 1))

    blocks.append(("head", Fn(head, fc=m.fc)))
    return blocks


# ---------------------------------------------------------------- torchvision ConvNeXt
def convnext(spec):
    from torchvision.models.convnext import CNBlockConfig, ConvNeXt

    widths, layers = spec["widths"], spec["layers"]
    setting = [
        CNBlockConfig(w, widths[i + 1] if i + 1 < len(widths) else None, n) for i, (w, n) in enumerate(zip(widths, layers))
    ]
    m = ConvNeXt(setting, stochastic_depth_prob=spec["stochasticDepth"], num_classes=spec["numClasses"])
    if spec["channels"] != 3 or spec["patchSize"] != 4:
        # torchvision's stem is a 4x4 stride-4 conv from 3 channels; the spec may patchify otherwise
        p = spec["patchSize"]
        m.features[0][0] = nn.Conv2d(spec["channels"], widths[0], p, p, bias=True)

    # features: stem, stage 0, downsample 1, stage 1, ... ; the engine puts each downsampling in the first
    # block of the stage after it
    blocks = [("stem", m.features[0])]
    for s in range(len(layers)):
        stage = m.features[1 + 2 * s]
        for i, blk in enumerate(stage):
            if s > 0 and i == 0:
                blk = Fn(lambda b, x: b.blk(b.down(x)), down=m.features[2 * s], blk=blk)
            blocks.append(("stages.%d.%d" % (s, i), blk))
    blocks.append(("head", Fn(lambda b, x: b.classifier(b.avgpool(x)), avgpool=m.avgpool, classifier=m.classifier)))
    return blocks


# ---------------------------------------------------------------- torchvision VisionTransformer
def vit(spec):
    from torchvision.models.vision_transformer import VisionTransformer

    if not spec["classToken"] or spec["pooler"] or spec["activation"] != "gelu" or not spec["qkvBias"]:
        raise ValueError("torchvision's VisionTransformer has a class token, no pooler, GELU and q/k/v biases")
    m = VisionTransformer(
        image_size=spec["imageSize"], patch_size=spec["patchSize"], num_layers=spec["numLayers"],
        num_heads=spec["numHeads"], hidden_dim=spec["hiddenSize"], mlp_dim=spec["intermediateSize"],
        dropout=spec["dropout"]["residual"], attention_dropout=spec["dropout"]["attention"],
        num_classes=spec["numClasses"],
    )

    def embed(b, x):
        x = m._process_input(x)
        cls = m.class_token.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1)
        return m.encoder.dropout(x + m.encoder.pos_embedding)

    blocks = [("embedding", Fn(embed, conv_proj=m.conv_proj, tok=_Params(class_token=m.class_token, pos=m.encoder.pos_embedding)))]
    for i, layer in enumerate(m.encoder.layers):
        blocks.append(("layers.%d" % i, layer))
    blocks.append(("final_norm", m.encoder.ln))
    blocks.append(("classifier", Fn(lambda b, x: b.heads(x[:, 0]), heads=m.heads)))
    return blocks


class _Params(nn.Module):
    def __init__(self, **params):
        super().__init__()
        for k, v in params.items():
            setattr(self, k, v)


# ---------------------------------------------------------------- BERT-like: torch.nn.TransformerEncoderLayer
def encoder(spec):
    h = spec["hiddenSize"]
    if spec["pooler"] or spec["head"] != "classifier" or spec["activation"] != "gelu":
        raise ValueError("the torch encoder case is BERT-like with a classifier on the first token, GELU, no pooler")
    p = spec["dropout"]
    if p["attention"] != p["residual"] or p["embedding"] != p["residual"]:
        raise ValueError("torch.nn.TransformerEncoderLayer has one dropout probability")
    words = nn.Embedding(spec["vocabSize"], h)
    types = nn.Embedding(spec["typeVocabSize"], h) if spec["typeVocabSize"] > 0 else None
    pos = nn.Parameter(torch.randn(spec["maxPositions"], h) * 0.02)
    ln = nn.LayerNorm(h, eps=1e-12)
    drop = nn.Dropout(p["embedding"])

    def embed(b, ids):
        x = b.words(ids)
        if b.types is not None:
            x = x + b.types(torch.zeros_like(ids))
        x = x + b.tok.pos[: ids.shape[1]]
        return b.drop(b.ln(x))

    blocks = [("embedding", Fn(embed, words=words, types=types, tok=_Params(pos=pos), ln=ln, drop=drop))]
    for i in range(spec["numLayers"]):
        layer = nn.TransformerEncoderLayer(
            h, spec["numHeads"], spec["intermediateSize"], dropout=p["residual"], activation="gelu",
            layer_norm_eps=1e-12, batch_first=True, norm_first=False,
        )
        blocks.append(("layers.%d" % i, layer))
    clf = nn.Linear(h, spec.get("numLabels") or 2)
    blocks.append(("classifier", Fn(lambda b, x: b.clf(x[:, 0]), clf=clf)))
    return blocks


# ---------------------------------------------------------------- decoders after Hugging Face's modeling code
class RMSNorm(nn.Module):
    """LlamaRMSNorm: computed in fp32, then scaled in the input dtype."""

    def __init__(self, h, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(h))
        self.eps = eps

    def forward(self, x):
        dtype = x.dtype
        x = x.to(torch.float32)
        variance = x.pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(variance + self.eps)
        return self.weight * x.to(dtype)


def _rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


class DecoderAttention(nn.Module):
    """Eager attention as in modeling_llama.py / modeling_gpt2.py: separate q/k/v projections, heads by
    view + transpose, scores q k^T scaled, causal mask added, softmax in fp32, dropout, probabilities x v."""

    def __init__(self, spec, sdpa, rope):
        super().__init__()
        h = spec["hiddenSize"]
        self.heads, self.kv = spec["numHeads"], spec["numKvHeads"]
        self.d = spec.get("headDim") or h // self.heads
        b = spec["bias"]
        self.q = nn.Linear(h, self.heads * self.d, bias=b["qkv"])
        self.k = nn.Linear(h, self.kv * self.d, bias=b["qkv"])
        self.v = nn.Linear(h, self.kv * self.d, bias=b["qkv"])
        self.o = nn.Linear(self.heads * self.d, h, bias=b["attnOut"])
        self.rotary = spec["positions"] == "rotary"
        self.p = spec["dropout"]["attention"]
        self.sdpa = sdpa
        # one table for all layers, as Hugging Face's model-level rotary embedding (a plain attribute, so
        # the table is not a buffer of every layer)
        self.rope = rope

    def forward(self, x):
        bsz, s, _ = x.shape
        q = self.q(x).view(bsz, s, self.heads, self.d).transpose(1, 2)
        k = self.k(x).view(bsz, s, self.kv, self.d).transpose(1, 2)
        v = self.v(x).view(bsz, s, self.kv, self.d).transpose(1, 2)
        if self.rotary:
            cos, sin = self.rope.cos[:s].to(x.dtype), self.rope.sin[:s].to(x.dtype)
            q = (q * cos) + (_rotate_half(q) * sin)
            k = (k * cos) + (_rotate_half(k) * sin)
        if self.kv != self.heads:
            rep = self.heads // self.kv
            k = k[:, :, None].expand(bsz, self.kv, rep, s, self.d).reshape(bsz, self.heads, s, self.d)
            v = v[:, :, None].expand(bsz, self.kv, rep, s, self.d).reshape(bsz, self.heads, s, self.d)
        if self.sdpa:
            out = F.scaled_dot_product_attention(q, k, v, dropout_p=self.p if self.training else 0.0, is_causal=True)
        else:
            w = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.d)
            mask = torch.full((s, s), torch.finfo(w.dtype).min, device=x.device).triu(1)
            w = w + mask
            w = F.softmax(w, dim=-1, dtype=torch.float32).to(q.dtype)
            w = F.dropout(w, p=self.p, training=self.training)
            out = torch.matmul(w, v)
        out = out.transpose(1, 2).contiguous().reshape(bsz, s, self.heads * self.d)
        return self.o(out)


class RotaryTable(nn.Module):
    """cos and sin of every position, shared by the layers (Hugging Face's LlamaRotaryEmbedding)."""

    def __init__(self, spec):
        super().__init__()
        d = spec.get("headDim") or spec["hiddenSize"] // spec["numHeads"]
        inv = 1.0 / (10000 ** (torch.arange(0, d, 2).float() / d))
        t = torch.arange(spec["maxPositions"]).float()
        emb = torch.cat([torch.outer(t, inv)] * 2, dim=-1)
        self.register_buffer("cos", emb.cos(), persistent=False)
        self.register_buffer("sin", emb.sin(), persistent=False)


class DecoderLayer(nn.Module):
    def __init__(self, spec, sdpa, rope):
        super().__init__()
        h, ff, b = spec["hiddenSize"], spec["intermediateSize"], spec["bias"]
        self.norm1 = _norm(spec)
        self.attn = DecoderAttention(spec, sdpa, rope)
        self.norm2 = _norm(spec)
        self.gated = spec["mlp"] == "gated"
        if self.gated:
            self.gate = nn.Linear(h, ff, bias=b["mlp"])
            self.up = nn.Linear(h, ff, bias=b["mlp"])
            self.down = nn.Linear(ff, h, bias=b["mlp"])
        else:
            self.fc1 = nn.Linear(h, ff, bias=b["mlp"])
            self.fc2 = nn.Linear(ff, h, bias=b["mlp"])
        self.act = _activation(spec["activation"])
        self.drop = nn.Dropout(spec["dropout"]["residual"])

    def forward(self, x):
        x = x + self.drop(self.attn(self.norm1(x)))
        y = self.norm2(x)
        y = self.down(self.act(self.gate(y)) * self.up(y)) if self.gated else self.fc2(self.act(self.fc1(y)))
        return x + self.drop(y)


def _norm(spec):
    h = spec["hiddenSize"]
    if spec["norm"] == "rmsnorm":
        return RMSNorm(h)
    ln = nn.LayerNorm(h)
    if not spec["bias"]["norm"]:
        ln.register_parameter("bias", None)  # GPT-NeoX-style norms without a shift
    return ln


def _activation(name):
    return {
        "gelu": nn.GELU(),
        "gelu_tanh": nn.GELU(approximate="tanh"),
        "silu": nn.SiLU(),
        "relu": nn.ReLU(),
    }[name]


def decoder(spec, sdpa=False):
    h = spec["hiddenSize"]
    tokens = nn.Embedding(spec["vocabSize"], h)
    learned = spec["positions"] == "learned"
    pos = nn.Embedding(spec["maxPositions"], h) if learned else None
    drop = nn.Dropout(spec["dropout"]["embedding"])

    def embed(b, ids):
        x = b.tokens(ids)
        if b.pos is not None:
            x = x + b.pos.weight[: ids.shape[1]]
        return b.drop(x)

    rope = RotaryTable(spec) if spec["positions"] == "rotary" else None
    # the table rides with the embedding block (moved to the device with it, counted once)
    blocks = [("embedding", Fn(embed, tokens=tokens, pos=pos, drop=drop, rope=rope))]
    for i in range(spec["numLayers"]):
        blocks.append(("layers.%d" % i, DecoderLayer(spec, sdpa, rope)))
    blocks.append(("final_norm", _norm(spec)))
    head = nn.Linear(h, spec["vocabSize"], bias=spec["bias"]["lmHead"])
    if spec["tiedEmbeddings"]:
        head.weight = tokens.weight
    blocks.append(("lm_head", head))
    return blocks


def build(model):
    spec = model["spec"]
    family = spec["family"]
    if family == "resnet":
        return resnet(spec)
    if family == "vit":
        return vit(spec)
    if family == "convnext":
        return convnext(spec)
    if family == "encoder":
        return encoder(spec)
    if family == "decoder":
        return decoder(spec, sdpa=model.get("attention") == "sdpa")
    raise ValueError("no torch builder for the %s family" % family)


class LoraLinear(nn.Module):
    """PEFT's lora.Linear with lora_dropout 0: the frozen base layer plus lora_B(lora_A(x)) * alpha / r."""

    def __init__(self, base, rank, alpha=16):
        super().__init__()
        self.base = base
        self.lora_A = nn.Linear(base.in_features, rank, bias=False)
        self.lora_B = nn.Linear(rank, base.out_features, bias=False)
        nn.init.zeros_(self.lora_B.weight)  # PEFT's initialisation: the adapter starts as the identity change
        self.scaling = alpha / rank

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(x)) * self.scaling


# PEFT's module names and the attributes of this file's decoder layers they name
LORA_MODULES = {
    "q_proj": "attn.q",
    "k_proj": "attn.k",
    "v_proj": "attn.v",
    "o_proj": "attn.o",
    "gate_proj": "gate",
    "up_proj": "up",
    "down_proj": "down",
    "fc1": "fc1",
    "fc2": "fc2",
}


def add_lora(blocks, lora):
    """Wrap the target projections of every decoder layer in LoraLinear (`all-linear`: every nn.Linear of the layers)."""
    names = lora["targets"].split(",")
    for _, blk in blocks:
        if not isinstance(blk, DecoderLayer):
            continue
        if names == ["all-linear"]:
            paths = [n for n, m in blk.named_modules() if isinstance(m, nn.Linear)]
        else:
            paths = [LORA_MODULES[n] for n in names if n in LORA_MODULES and _has(blk, LORA_MODULES[n])]
        for path in paths:
            parent, _, leaf = path.rpartition(".")
            owner = blk.get_submodule(parent) if parent else blk
            setattr(owner, leaf, LoraLinear(getattr(owner, leaf), lora["rank"]))


def _has(module, path):
    try:
        module.get_submodule(path)
        return True
    except AttributeError:
        return False
