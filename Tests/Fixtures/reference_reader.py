#!/usr/bin/env python3
"""A reference reader for Tern model files, written from Sources/TernStore/ModelFormat.md alone.

Loads a .tern file (any format version up to 3, training file or export, float32 or int8), normalises and
BPE-encodes each line of stdin, runs the Transformer or the RNN with greedy search, and prints the detokenised
translation, one line per line. Python 3 with numpy only; every computation in float32, as Tern's.

    python3 reference_reader.py MODEL.tern [--checkpoint best|last|STEP] [--max-length-ratio 1.5] < source.txt

ReferenceReaderTests (Tests/TernCLITests) runs it beside `tern translate --beam 1` on a tiny model: same lines.
"""
import argparse
import json
import math
import sqlite3
import sys
import unicodedata

import numpy as np

PAD, BOS, EOS, UNK = 0, 1, 2, 3
MARKER = "\u2581"
WHITE_SPACE = set(chr(c) for c in list(range(0x09, 0x0E)) + [0x20, 0x85, 0xA0, 0x1680] + list(range(0x2000, 0x200B))
                  + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
F32 = np.float32


# ---------------------------------------------------------------------------------------------------- the file

class TernFile:
    def __init__(self, path, checkpoint="best"):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        if db.execute("PRAGMA application_id").fetchone()[0] != 0x5465726E:
            raise SystemExit(f"{path}: not a Tern model")
        if db.execute("PRAGMA user_version").fetchone()[0] > 3:
            raise SystemExit(f"{path}: written by a newer Tern")
        self.config = json.loads(db.execute("SELECT json FROM config WHERE id = 1").fetchone()[0])
        self.vocabulary = [token for (token,) in db.execute(
            "SELECT token FROM vocabulary WHERE side = 'joint' ORDER BY id")]
        self.merges = db.execute("SELECT left, right FROM merges ORDER BY rank").fetchall()
        checkpoint_id = self.choose(db, checkpoint)
        self.tensors = {}
        for name, shape, dtype, data in db.execute(
                "SELECT name, shape, dtype, data FROM tensors WHERE checkpoint_id = ? AND role = 'parameter' ORDER BY id",
                (checkpoint_id,)):
            shape = json.loads(shape)
            if dtype == "f32":
                self.tensors[name] = np.frombuffer(data, dtype="<f4").reshape(shape).astype(F32)
            else:  # i8: the row scales, then the values; an entry stands for scale[r] * q[r, c] in float32
                rows = shape[0]
                scales = np.frombuffer(data[:4 * rows], dtype="<f4")
                values = np.frombuffer(data[4 * rows:], dtype=np.int8).reshape(shape)
                self.tensors[name] = (values.astype(F32) * scales[:, None]).astype(F32)

    def choose(self, db, choice):
        rows = db.execute("SELECT id, step, metrics FROM checkpoints").fetchall()
        if not rows:
            raise SystemExit("the model has no checkpoint")
        newest = max(rows, key=lambda r: (r[1], r[0]))
        if choice == "last":
            return newest[0]
        if choice != "best":
            matches = [r for r in rows if r[1] == int(choice)]
            if not matches:
                raise SystemExit(f"no checkpoint at step {choice}")
            return matches[0][0]
        metric = self.config.get("training", {}).get("early_stopping_metric", "bleu")
        key = "valid_loss" if metric == "loss" else metric
        higher = metric in ("bleu", "chrf")
        scored = [(json.loads(m)[key], step, i) for i, step, m in rows if key in json.loads(m)]
        if not scored:
            return newest[0]
        best = min(scored, key=lambda s: (-s[0] if higher else s[0], s[1], s[2]))
        return best[2]

    def weight(self, *names):
        """The first of `names` the checkpoint holds (tied matrices are stored under the first name)."""
        for name in names:
            if name in self.tensors:
                return self.tensors[name]
        raise KeyError(names[0])


# ---------------------------------------------------------------------------------------------------- text

def normalize(text, lowercase):
    if lowercase:
        text = text.lower()
    text = unicodedata.normalize("NFC", text)
    words, current = [], []
    for ch in text:
        if ch in WHITE_SPACE:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return " ".join(words)


class BPE:
    def __init__(self, merges, vocabulary):
        self.ranks = {}
        known = {MARKER}
        for rank, (left, right) in enumerate(merges):
            self.ranks.setdefault((left, right), rank)
            known.update((left, right, left + right))
        known.update(vocabulary)
        self.scalars = {s for s in known if len(s) == 1 and s != MARKER}
        self.ids = {token: index for index, token in enumerate(vocabulary)}
        self.cache = {}

    def word(self, word):
        if word in self.cache:
            return self.cache[word]
        symbols = [MARKER] + [ch if ch in self.scalars else None for ch in word]  # None: unknown
        while len(symbols) > 1:
            best = None
            for left, right in zip(symbols, symbols[1:]):
                if left is None or right is None:
                    continue
                rank = self.ranks.get((left, right))
                if rank is not None and (best is None or rank < best[0]):
                    best = (rank, left, right)
            if best is None:
                break
            _, left, right = best
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                    merged.append(left + right)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        ids = []
        for symbol in symbols:
            index = UNK if symbol is None else self.ids.get(symbol, UNK)
            if index == UNK and ids and ids[-1] == UNK:
                continue
            ids.append(index)
        self.cache[word] = ids
        return ids

    def encode(self, normalized):
        ids = []
        for word in normalized.split(" ") if normalized else []:
            ids.extend(self.word(word))
        return ids


def detokenize(ids, vocabulary):
    text = ""
    for index in ids:
        if index == EOS:
            break
        if index in (PAD, BOS):
            continue
        token = vocabulary[index]
        if token.startswith(MARKER):
            text += (" " if text else "") + token[len(MARKER):]
        else:
            text += token
    return text


# ---------------------------------------------------------------------------------------------------- layers

def linear(x, weight, bias=None):
    y = x @ weight.T
    return (y + bias if bias is not None else y).astype(F32)


def layer_norm(x, weight, bias, epsilon):
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(variance + F32(epsilon)) * weight + bias).astype(F32)


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(F32)


def sigmoid(x):
    return (1 / (1 + np.exp(-x))).astype(F32)


def activation(kind, x):
    if kind == "relu":
        return np.maximum(x, 0)
    if kind == "leaky_relu":
        return np.where(x > 0, x, F32(0.01) * x).astype(F32)
    if kind == "selu":
        return (F32(1.0507009873554805) * np.where(x > 0, x, F32(1.6732632423543772) * (np.exp(x) - 1))).astype(F32)
    if kind == "gelu":
        erf = np.vectorize(math.erf)
        return (0.5 * x * (1 + erf(x / math.sqrt(2)))).astype(F32)
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------------- Transformer

class Transformer:
    def __init__(self, file):
        self.f, self.m = file, file.config["model"]
        self.d, self.h = self.m["d_model"], self.m["heads"]
        self.pre = self.m.get("norm", "pre") == "pre"
        self.eps = self.m.get("layer_norm_epsilon", 1e-6)
        self.act = self.m.get("activation", "relu")
        self.scale = F32(math.sqrt(self.d)) if self.m.get("scale_embeddings", True) else F32(1)
        self.source_embedding = file.weight("src_embed.weight")
        self.target_embedding = file.weight("tgt_embed.weight", "src_embed.weight")
        self.output = file.weight("output.weight", "tgt_embed.weight", "src_embed.weight")

    def positions(self, side, length):
        if self.m.get("positions", "sinusoidal") == "learned":
            return self.f.tensors[f"{side}_positions.weight"][:length]
        table = np.zeros((length, self.d), dtype=np.float64)
        for pair in range(self.d // 2):
            frequency = math.exp(2 * pair * (-math.log(10000.0) / self.d))
            for p in range(length):
                table[p, 2 * pair] = math.sin(p * frequency)
                table[p, 2 * pair + 1] = math.cos(p * frequency)
        return table.astype(F32)

    def embed(self, table, ids, side):
        return (table[ids] * self.scale + self.positions(side, len(ids))).astype(F32)

    def attention(self, prefix, queries, keys, causal):
        t = self.f.tensors
        q = linear(queries, t[prefix + ".q_proj.weight"], t[prefix + ".q_proj.bias"])
        k = linear(keys, t[prefix + ".k_proj.weight"], t[prefix + ".k_proj.bias"])
        v = linear(keys, t[prefix + ".v_proj.weight"], t[prefix + ".v_proj.bias"])
        width = self.d // self.h
        heads = []
        for j in range(self.h):
            block = slice(j * width, (j + 1) * width)
            scores = (q[:, block] @ k[:, block].T) / F32(math.sqrt(width))
            if causal:
                scores = scores + np.triu(np.full(scores.shape, -np.inf, dtype=F32), 1)
            heads.append(softmax(scores) @ v[:, block])
        return linear(np.concatenate(heads, axis=1), t[prefix + ".out_proj.weight"], t[prefix + ".out_proj.bias"])

    def norm(self, name, x):
        return layer_norm(x, self.f.tensors[name + ".weight"], self.f.tensors[name + ".bias"], self.eps)

    def feed_forward(self, prefix, x):
        t = self.f.tensors
        hidden = activation(self.act, linear(x, t[prefix + ".linear1.weight"], t[prefix + ".linear1.bias"]))
        return linear(hidden, t[prefix + ".linear2.weight"], t[prefix + ".linear2.bias"])

    def layers(self, side):
        count = self.m["encoder_layers" if side == "encoder" else "decoder_layers"]
        return [f"{side}.layers.{i}" for i in range(count)]

    def encode(self, source):
        x = self.embed(self.source_embedding, source, "src")
        for L in self.layers("encoder"):
            if self.pre:
                x = x + self.attention(L + ".self_attn", self.norm(L + ".self_attn_norm", x), self.norm(L + ".self_attn_norm", x), False)
                x = x + self.feed_forward(L + ".feed_forward", self.norm(L + ".feed_forward_norm", x))
            else:
                x = self.norm(L + ".self_attn_norm", x + self.attention(L + ".self_attn", x, x, False))
                x = self.norm(L + ".feed_forward_norm", x + self.feed_forward(L + ".feed_forward", x))
        return self.norm("encoder.norm", x) if self.pre else x

    def next_logits(self, memory, prefix):
        """Logits after the target prefix (`<s>` first): the whole prefix is run again, causally masked."""
        x = self.embed(self.target_embedding, prefix, "tgt")
        for L in self.layers("decoder"):
            if self.pre:
                normed = self.norm(L + ".self_attn_norm", x)
                x = x + self.attention(L + ".self_attn", normed, normed, True)
                x = x + self.attention(L + ".cross_attn", self.norm(L + ".cross_attn_norm", x), memory, False)
                x = x + self.feed_forward(L + ".feed_forward", self.norm(L + ".feed_forward_norm", x))
            else:
                x = self.norm(L + ".self_attn_norm", x + self.attention(L + ".self_attn", x, x, True))
                x = self.norm(L + ".cross_attn_norm", x + self.attention(L + ".cross_attn", x, memory, False))
                x = self.norm(L + ".feed_forward_norm", x + self.feed_forward(L + ".feed_forward", x))
        top = self.norm("decoder.norm", x[-1:]) if self.pre else x[-1:]
        return linear(top, self.output)[0]

    def greedy(self, source, cap):
        memory = self.encode(source)
        prefix, output = [BOS], []
        while True:
            best = int(np.argmax(self.next_logits(memory, prefix)))
            if best == EOS:
                return output
            output.append(best)
            prefix.append(best)
            if len(output) >= cap:
                return output


# ---------------------------------------------------------------------------------------------------- RNN

class RNN:
    def __init__(self, file):
        self.f, self.m = file, file.config["model"]
        self.lstm = self.m.get("cell", "gru") == "lstm"
        self.source_embedding = file.weight("src_embed.weight")
        self.target_embedding = file.weight("tgt_embed.weight", "src_embed.weight")
        self.output = file.weight("decoder.output.weight", "tgt_embed.weight", "src_embed.weight")

    def cell(self, prefix, x, state):
        t = self.f.tensors
        gi = linear(x, t[prefix + ".weight_ih"], t[prefix + ".bias_ih"])
        gh = linear(state[0], t[prefix + ".weight_hh"], t[prefix + ".bias_hh"])
        size = state[0].shape[-1]
        if not self.lstm:
            r = sigmoid(gi[:size] + gh[:size])
            z = sigmoid(gi[size:2 * size] + gh[size:2 * size])
            n = np.tanh(gi[2 * size:] + r * gh[2 * size:]).astype(F32)
            return (((1 - z) * n + z * state[0]).astype(F32), None)
        s = gi + gh
        i, f, g, o = sigmoid(s[:size]), sigmoid(s[size:2 * size]), np.tanh(s[2 * size:3 * size]), sigmoid(s[3 * size:])
        c = (f * state[1] + i * g).astype(F32)
        return ((o * np.tanh(c)).astype(F32), c)

    def zero(self, size):
        return (np.zeros(size, F32), np.zeros(size, F32) if self.lstm else None)

    def encode(self, source):
        hidden = self.m["encoder_hidden"]
        sequence = [self.source_embedding[i] for i in source]
        for l in range(self.m.get("encoder_layers", 1)):
            forward, backward = [None] * len(sequence), [None] * len(sequence)
            state = self.zero(hidden)
            for t in range(len(sequence)):
                state = self.cell(f"encoder.layers.{l}.forward", sequence[t], state)
                forward[t] = state[0]
            state = self.zero(hidden)
            for t in reversed(range(len(sequence))):
                state = self.cell(f"encoder.layers.{l}.backward", sequence[t], state)
                backward[t] = state[0]
            sequence = [np.concatenate([a, b]) for a, b in zip(forward, backward)]
            final = np.concatenate([forward[-1], backward[0]])
        return np.stack(sequence), final

    def greedy(self, source, cap):
        t, m = self.f.tensors, self.m
        D = m["decoder_hidden"]
        memory, final = self.encode(source)
        start = np.tanh(linear(final, t["bridge.weight"], t["bridge.bias"])).astype(F32) if m.get("bridge", True) else np.zeros(D, F32)
        states = [(start, np.zeros(D, F32) if self.lstm else None) for _ in range(m.get("decoder_layers", 1))]
        attention = m.get("attention", "bahdanau")
        if attention == "bahdanau":
            keys = linear(memory, t["decoder.attention.key_proj.weight"])
        elif attention == "luong_general":
            keys = linear(memory, t["decoder.attention.key_proj.weight"])
        else:
            keys = memory
        previous_vector, token, output = np.zeros(D, F32), BOS, []
        while True:
            x = self.target_embedding[token]
            if m.get("input_feeding", True):
                x = np.concatenate([x, previous_vector])
            for l in range(len(states)):
                states[l] = self.cell(f"decoder.layers.{l}", x, states[l])
                x = states[l][0]
            query = x
            if attention == "bahdanau":
                energy = np.tanh(keys + linear(query, t["decoder.attention.query_proj.weight"])).astype(F32)
                scores = linear(energy, t["decoder.attention.energy.weight"])[:, 0]
            else:
                scores = keys @ query
            context = softmax(scores) @ memory
            vector = np.tanh(linear(np.concatenate([query, context]), t["decoder.attentional.weight"],
                                    t["decoder.attentional.bias"])).astype(F32)
            best = int(np.argmax(linear(vector, self.output)))
            if best == EOS:
                return output
            output.append(best)
            if len(output) >= cap:
                return output
            previous_vector, token = vector, best


# ---------------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("--checkpoint", default="best")
    parser.add_argument("--max-length-ratio", type=float, default=1.5)
    arguments = parser.parse_args()
    file = TernFile(arguments.model, arguments.checkpoint)
    model = Transformer(file) if file.config["model"]["family"] == "transformer" else RNN(file)
    bpe = BPE(file.merges, file.vocabulary)
    lowercase = file.config.get("subword", {}).get("lowercase", False)
    for line in sys.stdin.read().split("\n")[:-1] if not sys.stdin.isatty() else sys.stdin:
        ids = bpe.encode(normalize(line.rstrip("\n"), lowercase))
        if not ids:
            print("")
            continue
        source = ids + [EOS]
        # The cap counts a final </s>; search stops after that many tokens (or at </s>).
        cap = max(1, int(np.float32(arguments.max_length_ratio) * np.float32(len(source))) + 10)
        print(detokenize(model.greedy(source, cap), file.vocabulary), flush=True)


if __name__ == "__main__":
    main()
