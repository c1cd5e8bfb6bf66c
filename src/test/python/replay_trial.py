"""Replays a `structsweep train --dump` file in plain Python, from its config, data and initial weights
alone, and compares the result with the dump's final weights. It reads the documented format only, so it
is the template for a PyTorch or NumPy replay. Covers any layers, the layered, dag and repository topologies,
biases or none, full-batch Adam, subgradient L1 (plain or reweighted) and the repository's round-binary rule, either
loss.

    python3 src/test/python/replay_trial.py trial.json [tolerance]
"""
import json, math, sys

t = json.load(open(sys.argv[1]))
c = t["config"]
assert c["optimizer"] == "adam" and c["l1"] in ("subgradient", "round-binary") and c["batchSize"] == 0
assert c["lambdaWarmup"] == 0 and c["lambdaRamp"] == 0
act = {"relu": lambda z: max(z, 0.0), "tanh": math.tanh, "sigmoid": lambda z: 1 / (1 + math.exp(-z))}[c["activation"]]
slope = {"relu": lambda z, a: 1.0 if z > 0 else 0.0, "tanh": lambda z, a: 1 - a * a,
         "sigmoid": lambda z, a: a * (1 - a)}[c["activation"]]
sizes, dag = c["layers"], c["topology"] != "layered"
L = len(sizes) - 1
W = [[row[:] for row in layer["weights"]] for layer in t["init"]["layers"]]
B = [layer["biases"][:] for layer in t["init"]["layers"]]
idle = [row[:] for row in t["init"].get("idle", [])]   # the repository's hidden-to-hidden edges: no signal
X, Y = t["data"]["train"]["x"], [y[0] for y in t["data"]["train"]["y"]]
n, lam, lr = len(X), c["lambda"], c["learningRate"]
b1_, b2_, eps = c["adam"]["beta1"], c["adam"]["beta2"], c["adam"]["eps"]

def reads(k):
    """The (layer, index) of every node matrix k reads, in its column order."""
    layers = range(k + 1) if dag else [k]
    return [(l, j) for l in layers for j in range(sizes[l])]

# Every parameter as (list, index): the weights matrix by matrix, the idle ones, then the biases if any.
weights = [(W[k][i], j) for k in range(L) for i in range(sizes[k + 1]) for j in range(len(W[k][i]))] \
        + [(row, j) for row in idle for j in range(len(row))]
params = weights + ([(B[k], i) for k in range(L) for i in range(sizes[k + 1])] if c["bias"] else [])
m = [0.0] * len(params); v = [0.0] * len(params)
every, spread = c.get("reweightEvery", 0), c.get("reweightDelta", 0.1)
share = [1.0] * len(weights)                   # each edge's share of lambda: 1, or 1 / (|w| + delta) when reweighted
for step in range(1, c["epochs"] + 1):
    if every > 0 and step > 1 and (step - 1) % every == 0:
        share = [1.0 / (abs(p[k]) + spread) for p, k in weights]
    gW = [[[0.0] * len(W[k][i]) for i in range(sizes[k + 1])] for k in range(L)]
    gB = [[0.0] * sizes[k + 1] for k in range(L)]
    for x, y in zip(X, Y):
        a, z = [list(x)], [None]
        for k in range(L):
            zk = [sum(W[k][i][col] * a[l][j] for col, (l, j) in enumerate(reads(k))) + (B[k][i] if c["bias"] else 0.0)
                  for i in range(sizes[k + 1])]
            z.append(zk); a.append(zk if k == L - 1 else [act(v_) for v_ in zk])
        out = a[L][0]
        if c["loss"] == "binary-cross-entropy":
            d = (1 / (1 + math.exp(-out)) - y) / n     # d(BCE with logits)/d(out), mean over samples
        else:
            d = 2 * (out - y) / n                      # d(MSE)/d(out)
        delta = {L: [d]}
        back = {l: [0.0] * sizes[l] for l in range(1, L)}
        for k in range(L - 1, -1, -1):
            if k < L - 1:
                delta[k + 1] = [back[k + 1][i] * slope(z[k + 1][i], a[k + 1][i]) for i in range(sizes[k + 1])]
            for i in range(sizes[k + 1]):
                gB[k][i] += delta[k + 1][i]
                for col, (l, j) in enumerate(reads(k)):
                    gW[k][i][col] += delta[k + 1][i] * a[l][j]
                    if l > 0:
                        back[l][j] += W[k][i][col] * delta[k + 1][i]
    g = [gW[k][i][j] for k in range(L) for i in range(sizes[k + 1]) for j in range(len(W[k][i]))] \
      + [0.0] * sum(len(row) for row in idle) \
      + ([gB[k][i] for k in range(L) for i in range(sizes[k + 1])] if c["bias"] else [])
    for i, (p, k) in enumerate(params):
        w = p[k]
        gi = g[i] + (lam * share[i] * ((w > 0) - (w < 0)) if i < len(weights) else 0.0)   # subgradient, sign(0) = 0
        m[i] = m[i] + (1 - b1_) * (gi - m[i])
        v[i] = v[i] * b2_ + (1 - b2_) * gi * gi
        denom = math.sqrt(v[i]) / math.sqrt(1 - b2_ ** step) + eps
        p[k] = w - lr / (1 - b1_ ** step) * m[i] / denom
    if c["l1"] == "round-binary" and step % c["roundEvery"] == 0:
        for p, k in weights:
            p[k] = 1.0 if abs(p[k]) >= c["roundThreshold"] else 0.0
final = t["final"]["layers"]
diff = max([abs(W[k][i][j] - final[k]["weights"][i][j]) for k in range(L) for i in range(sizes[k + 1])
            for j in range(len(W[k][i]))]
           + [abs(idle[i][j] - t["final"]["idle"][i][j]) for i in range(len(idle)) for j in range(len(idle[i]))]
           + ([abs(B[k][i] - final[k]["biases"][i]) for k in range(L) for i in range(sizes[k + 1])] if c["bias"] else []))
print("largest difference from the dump's final weights:", diff)
sys.exit(0 if diff <= (float(sys.argv[2]) if len(sys.argv) > 2 else 1e-12) else 1)
