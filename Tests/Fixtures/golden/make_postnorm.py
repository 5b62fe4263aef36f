#!/usr/bin/env python3
"""Golden values for the post-norm branch of the Transformer, from numpy (float64), written op by op.

make_golden.py (PyTorch) covers the pre-norm model; PyTorch is not needed here. This script reuses the weights and
inputs of transformer-tiny.json and evaluates the same model with the original paper's post-norm arrangement
(fairseq's `normalize_before=False`, PyTorch's `norm_first=False`):

    encoder layer:  x = LN₁(x + SelfAttn(x));  x = LN₂(x + FFN(x))
    decoder layer:  x = LN₁(x + CausalSelfAttn(x));  x = LN₂(x + CrossAttn(query=x, memory));  x = LN₃(x + FFN(x))

where the cross-attention query is the normalised stream LN₁(...) — the tensor the residual continues from. There is
no final LayerNorm after either stack in post-norm (fairseq's convention), so `encoder.norm` and `decoder.norm` of
the fixture are unused. Each sublayer's LayerNorm is the one the fixture stores inside it (`….self_attn.norm`,
`….cross_attn.norm`, `….feed_forward.norm`).

Usage: python3 make_postnorm.py [DIR]   (reads DIR/transformer-tiny.json, writes DIR/transformer-tiny-postnorm.json)
Outputs: logits (B, T, V), the label-smoothed loss (ε = 0.1, PyTorch's convention), attention probabilities per
layer (encoder_self, decoder_self, decoder_cross; each (B, heads, T, S)), and an 8-step greedy decode by full
recomputation, with its log-probabilities and the margins between the best and second-best token."""
import json, math, os, sys
import numpy as np

PAD, BOS = 0, 1


def tensor(t):
    return np.array(t["values"], dtype=np.float64).reshape(t["shape"])


def t2j(x):
    return {"shape": list(x.shape), "values": [float(v) for v in x.reshape(-1)]}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    doc = json.load(open(os.path.join(folder, "transformer-tiny.json")))
    P = {k: tensor(v) for k, v in doc["params"].items()}
    cfg = doc["config"]
    d, h, L, eps = cfg["d_model"], cfg["heads"], cfg["encoder_layers"], cfg["layer_norm_eps"]
    src = np.array(doc["inputs"]["src"])
    tgt_in = np.array(doc["inputs"]["tgt_in"])
    tgt_out = np.array(doc["inputs"]["tgt_out"])

    def linear(name, x):
        return x @ P[name + ".weight"].T + P[name + ".bias"]

    def layer_norm(name, x):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * P[name + ".weight"] + P[name + ".bias"]

    def softmax(z):
        z = z - z.max(-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(-1, keepdims=True)

    def sinusoid(n):
        pe = np.zeros((n, d))
        pos = np.arange(n)[:, None]
        div = np.exp(np.arange(0, d, 2) * (-math.log(10000.0) / d))
        pe[:, 0::2], pe[:, 1::2] = np.sin(pos * div), np.cos(pos * div)
        return pe

    def embed(ids):
        return P["embed.weight"][ids] * math.sqrt(d) + sinusoid(ids.shape[1])

    def attention(prefix, x, mem, key_pad, causal):
        B, T, _ = x.shape
        S, dh = mem.shape[1], d // h
        split = lambda z, n: z.reshape(B, n, h, dh).transpose(0, 2, 1, 3)
        q, k, v = split(linear(prefix + ".q_proj", x), T), split(linear(prefix + ".k_proj", mem), S), \
            split(linear(prefix + ".v_proj", mem), S)
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(dh)
        if key_pad is not None:
            scores = np.where(key_pad[:, None, None, :], -np.inf, scores)
        if causal:
            scores = np.where(np.triu(np.ones((T, S), dtype=bool), 1), -np.inf, scores)
        probs = softmax(scores)
        ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(B, T, d)
        return linear(prefix + ".out_proj", ctx), probs

    def ffn(prefix, x):
        return linear(prefix + ".linear2", np.maximum(linear(prefix + ".linear1", x), 0))

    def encode():
        pad = src == PAD
        x = embed(src)
        att = []
        for i in range(L):
            p = f"encoder.layers.{i}"
            a, w = attention(p + ".self_attn", x, x, pad, False)
            x = layer_norm(p + ".self_attn.norm", x + a)
            x = layer_norm(p + ".feed_forward.norm", x + ffn(p + ".feed_forward", x))
            att.append(w)
        return x, pad, att

    def decode(mem, pad, ys):
        x = embed(ys)
        self_att, cross_att = [], []
        for i in range(L):
            p = f"decoder.layers.{i}"
            a, w = attention(p + ".self_attn", x, x, None, True)
            x = layer_norm(p + ".self_attn.norm", x + a)
            c, cw = attention(p + ".cross_attn", x, mem, pad, False)      # query: the normalised stream
            x = layer_norm(p + ".cross_attn.norm", x + c)
            x = layer_norm(p + ".feed_forward.norm", x + ffn(p + ".feed_forward", x))
            self_att.append(w)
            cross_att.append(cw)
        return x @ P["embed.weight"].T, self_att, cross_att

    def prenorm_logits():
        """The same helpers in pre-norm order must reproduce PyTorch's logits from make_golden.py."""
        pad = src == PAD
        x = embed(src)
        for i in range(L):
            p = f"encoder.layers.{i}"
            x = x + attention(p + ".self_attn", layer_norm(p + ".self_attn.norm", x),
                              layer_norm(p + ".self_attn.norm", x), pad, False)[0]
            x = x + ffn(p + ".feed_forward", layer_norm(p + ".feed_forward.norm", x))
        mem = layer_norm("encoder.norm", x)
        x = embed(tgt_in)
        for i in range(L):
            p = f"decoder.layers.{i}"
            y = layer_norm(p + ".self_attn.norm", x)
            x = x + attention(p + ".self_attn", y, y, None, True)[0]
            x = x + attention(p + ".cross_attn", layer_norm(p + ".cross_attn.norm", x), mem, pad, False)[0]
            x = x + ffn(p + ".feed_forward", layer_norm(p + ".feed_forward.norm", x))
        return layer_norm("decoder.norm", x) @ P["embed.weight"].T

    assert np.allclose(prenorm_logits(), tensor(doc["logits"]), atol=1e-10), "numpy helpers differ from PyTorch"

    mem, pad, enc_att = encode()
    logits, dec_self, dec_cross = decode(mem, pad, tgt_in)

    V, eps_ls = logits.shape[-1], 0.1
    logp = logits - logits.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    rows = tgt_out.reshape(-1) != PAD
    flat = logp.reshape(-1, V)[rows]
    gold = tgt_out.reshape(-1)[rows]
    nll = -flat[np.arange(len(gold)), gold]
    loss = float(((1 - eps_ls) * nll + eps_ls * (-flat.mean(-1))).mean())

    ys = np.full((src.shape[0], 1), BOS)
    lps, margins = [], []
    for _ in range(8):
        lg = decode(mem, pad, ys)[0][:, -1]
        lp = lg - lg.max(-1, keepdims=True)
        lp = lp - np.log(np.exp(lp).sum(-1, keepdims=True))
        nxt = lp.argmax(-1)
        top2 = np.sort(lp, -1)[:, -2:]
        lps.append(lp[np.arange(len(nxt)), nxt])
        margins.append(top2[:, 1] - top2[:, 0])
        ys = np.concatenate([ys, nxt[:, None]], 1)

    out = {
        "model": "transformer", "config": dict(cfg, norm="post"), "inputs": doc["inputs"],
        "weights_from": "transformer-tiny.json (encoder.norm and decoder.norm unused)",
        "logits": t2j(logits), "loss": loss,
        "attention": {"encoder_self": [t2j(a) for a in enc_att], "decoder_self": [t2j(a) for a in dec_self],
                      "decoder_cross": [t2j(a) for a in dec_cross]},
        "greedy": {"tokens": ys[:, 1:].tolist(), "logprobs": np.stack(lps, 1).tolist(),
                   "margins": np.stack(margins, 1).tolist()},
    }
    json.dump(out, open(os.path.join(folder, "transformer-tiny-postnorm.json"), "w"))
    print("wrote transformer-tiny-postnorm.json; smallest greedy margin", float(np.min(margins)))


if __name__ == "__main__":
    main()
