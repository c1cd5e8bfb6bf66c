"""Replays a `structsweep train --dump` file in plain Python, from its config, data and initial weights
alone, and compares the result with the dump's final weights. It reads the documented format only, so it
is the template for a PyTorch or NumPy replay. Covers one hidden layer, full-batch Adam, subgradient L1.

    python3 src/test/python/replay_trial.py trial.json [tolerance]
"""
import json, math, sys

t = json.load(open(sys.argv[1]))
c = t["config"]
assert c["optimizer"] == "adam" and c["l1"] == "subgradient" and c["batchSize"] == 0 and len(c["hidden"]) == 1
act = {"relu": lambda z: max(z, 0.0), "tanh": math.tanh, "sigmoid": lambda z: 1 / (1 + math.exp(-z))}[c["activation"]]
slope = {"relu": lambda z, a: 1.0 if z > 0 else 0.0, "tanh": lambda z, a: 1 - a * a,
         "sigmoid": lambda z, a: a * (1 - a)}[c["activation"]]
W1 = [row[:] for row in t["init"]["layers"][0]["weights"]]; b1 = t["init"]["layers"][0]["biases"][:]
W2 = t["init"]["layers"][1]["weights"][0][:]; b2 = t["init"]["layers"][1]["biases"][:]
X, Y = t["data"]["train"]["x"], [y[0] for y in t["data"]["train"]["y"]]
n, H, lam, lr = len(X), len(b1), c["lambda"], c["learningRate"]
b1_, b2_, eps = c["adam"]["beta1"], c["adam"]["beta2"], c["adam"]["eps"]
params = [(W1[h], j) for h in range(H) for j in range(len(X[0]))] + [(W2, h) for h in range(H)] \
       + [(b1, h) for h in range(H)] + [(b2, 0)]
edges = len(X[0]) * H + H
m = [0.0] * len(params); v = [0.0] * len(params)
for step in range(1, c["epochs"] + 1):
    g = [0.0] * len(params)
    gW1 = [[0.0] * len(X[0]) for _ in range(H)]; gW2 = [0.0] * H; gb1 = [0.0] * H; gb2 = 0.0
    for x, y in zip(X, Y):
        z1 = [sum(W1[h][j] * x[j] for j in range(len(x))) + b1[h] for h in range(H)]
        a1 = [act(z) for z in z1]
        out = sum(W2[h] * a1[h] for h in range(H)) + b2[0]
        if c["task"] == "xor":
            d = (1 / (1 + math.exp(-out)) - y) / n     # d(BCE with logits)/d(out), mean over samples
        else:
            d = 2 * (out - y) / n                      # d(MSE)/d(out)
        gb2 += d
        for h in range(H):
            gW2[h] += d * a1[h]
            d1 = W2[h] * d * slope(z1[h], a1[h])
            gb1[h] += d1
            for j in range(len(x)):
                gW1[h][j] += d1 * x[j]
    g = [gW1[h][j] for h in range(H) for j in range(len(X[0]))] + gW2 + gb1 + [gb2]
    for i, (p, k) in enumerate(params):
        w = p[k]
        gi = g[i] + (lam * ((w > 0) - (w < 0)) if i < edges else 0.0)   # subgradient, sign(0) = 0
        m[i] = m[i] + (1 - b1_) * (gi - m[i])
        v[i] = v[i] * b2_ + (1 - b2_) * gi * gi
        denom = math.sqrt(v[i]) / math.sqrt(1 - b2_ ** step) + eps
        p[k] = w - lr / (1 - b1_ ** step) * m[i] / denom
final = t["final"]["layers"]
diff = max([abs(W1[h][j] - final[0]["weights"][h][j]) for h in range(H) for j in range(len(X[0]))]
           + [abs(W2[h] - final[1]["weights"][0][h]) for h in range(H)]
           + [abs(b1[h] - final[0]["biases"][h]) for h in range(H)] + [abs(b2[0] - final[1]["biases"][0])])
print("largest difference from the dump's final weights:", diff)
sys.exit(0 if diff <= (float(sys.argv[2]) if len(sys.argv) > 2 else 1e-12) else 1)
