#!/usr/bin/env python3
"""CTranslate2's side of `tern bench translate --latency --compare-ct2`: the model of ct2_decode.py (HandTransformer,
random weights, seed 0, converted with its to_spec), its sources (make_sources), exactly 40 output tokens.
Prints one JSON line "ct2_latency {...}": the seconds to load the converted model and translate one sentence
(ctranslate2.Translator + the first translate_batch), then per beam the p50 and p95 seconds of one-sentence
translate_batch calls over N sources (nearest-rank percentiles, as Tern's LatencyBenchmark).

Usage: python3 ct2_latency.py REFERENCE_DIR [--threads 2] [--compute float32] [--beams 1,5] [--sentences 100]"""
import argparse, json, math, os, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("reference")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--compute", default="float32")
ap.add_argument("--beams", default="1,5")
ap.add_argument("--sentences", type=int, default=100)
a = ap.parse_args()

sys.path.insert(0, os.path.abspath(a.reference))
sys.argv = sys.argv[:1]  # ct2_decode parses its own arguments on import: give it none
import torch  # noqa: E402
import ctranslate2  # noqa: E402
import ct2_decode  # noqa: E402
from nmt_models import HandTransformer, make_sources  # noqa: E402

MAXLEN = 40


def percentile(sorted_times, fraction):
    return sorted_times[max(0, math.ceil(fraction * len(sorted_times)) - 1)]


torch.manual_seed(0)
spec, vocab = ct2_decode.to_spec(HandTransformer().eval())
path = tempfile.mkdtemp(prefix="ct2-latency-")
spec.save(path)
sources = [[vocab[i] for i in s] for s in make_sources(n=a.sentences)]
beams = [int(b) for b in a.beams.split(",")]

start = time.perf_counter()
translator = ctranslate2.Translator(path, device="cpu", compute_type=a.compute, intra_threads=a.threads, inter_threads=1)
translator.translate_batch([sources[0]], beam_size=beams[0], max_decoding_length=MAXLEN, min_decoding_length=MAXLEN)
load = time.perf_counter() - start

result = {"compute": a.compute, "threads": a.threads, "load_and_first_s": round(load, 4), "beams": {}}
for beam in beams:
    options = dict(beam_size=beam, max_decoding_length=MAXLEN, min_decoding_length=MAXLEN)
    for source in sources[:3]:
        translator.translate_batch([source], **options)  # warm-up
    times = []
    for source in sources:
        start = time.perf_counter()
        translator.translate_batch([source], **options)
        times.append(time.perf_counter() - start)
    times.sort()
    result["beams"][str(beam)] = {"p50_s": round(percentile(times, 0.5), 5), "p95_s": round(percentile(times, 0.95), 5)}
print("ct2_latency " + json.dumps(result, separators=(",", ":")), flush=True)
