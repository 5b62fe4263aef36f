import Foundation

/// Runs numpy's equivalent of Tern's fused row kernels in a child python3, in the same run as Tern's own figures.
/// The script counts bytes exactly as `EngineBenchmark` does, so the ratio compares like with like.
enum NumpyReference {
    static let script = #"""
import json, sys, time
import numpy as np
def median(f, budget=1.0):
    f(); samples = []; spent = 0.0
    while len(samples) < 5 or (spent < budget and len(samples) < 1000):
        t = time.perf_counter(); f(); t = time.perf_counter() - t; samples.append(t); spent += t
    samples.sort(); return samples[len(samples) // 2]
rng = np.random.default_rng(1)
x = rng.uniform(-4, 4, (4096, 8000)).astype(np.float32); g = rng.uniform(-1, 1, x.shape).astype(np.float32)
def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True)); e /= e.sum(axis=-1, keepdims=True); return e
y = softmax(x)
def softmax_backward(): return y * (g - (g * y).sum(axis=-1, keepdims=True))
l = rng.uniform(-2, 2, (4096, 256)).astype(np.float32); lg = rng.uniform(-1, 1, l.shape).astype(np.float32)
gamma = rng.uniform(0.5, 1.5, 256).astype(np.float32); beta = rng.uniform(-0.5, 0.5, 256).astype(np.float32)
def ln_forward():
    mu = l.mean(-1, keepdims=True); xc = l - mu; rstd = 1 / np.sqrt((xc * xc).mean(-1, keepdims=True) + 1e-5)
    return xc * rstd * gamma + beta
def ln_backward():
    mu = l.mean(-1, keepdims=True); xc = l - mu; rstd = 1 / np.sqrt((xc * xc).mean(-1, keepdims=True) + 1e-5)
    xhat = xc * rstd; gh = lg * gamma
    dx = rstd * (gh - gh.mean(-1, keepdims=True) - xhat * (gh * xhat).mean(-1, keepdims=True))
    dgamma = (lg * xhat).sum(0); dbeta = lg.sum(0); return dx
gb = lambda tensors, n, s: tensors * n * 4 / s * 1e-9
print(json.dumps({
    "softmax_forward": gb(2, x.size, median(lambda: softmax(x))),
    "softmax_backward": gb(3, x.size, median(softmax_backward)),
    "layernorm_forward": gb(2, l.size, median(ln_forward)),
    "layernorm_backward": gb(3, l.size, median(ln_backward)),
    "numpy": np.__version__}))
"""#

    static func rowKernels() -> [String: Double]? {
        guard let output = ChildProcess.output(["python3", "-c", script]),
              let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any] else { return nil }
        return object.compactMapValues { $0 as? Double }
    }
}
