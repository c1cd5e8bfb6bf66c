"""Replays an XOR or addition dump of a layered [2,h,1] ReLU network with biases (subgradient L1, full-batch
Adam) in PyTorch, in float64 or, for a dump of `precision = float32`, in float32, and prints the largest
difference from the dump's final weights and biases. For a dump with `reduce-epochs`, it then replays the
reduction at the first epsilon from the dump's final weights: fine-tune the pruned network, then remove the smallest
surviving edge, fine-tune with a fresh Adam and the removed edges' gradients zeroed, keep the removal while the
test set is still solved, and it
prints the largest difference from the dump's reduced network.

usage: /usr/bin/python3 src/test/python/torch_replay.py DUMP.json   (Debian: apt-get install python3-torch)
"""
import json, sys, torch
d = json.load(open(sys.argv[1]))
c = d["config"]
wanted = {"activation": "relu", "l1": "subgradient", "optimizer": "adam", "topology": "layered", "taskLoss": "task"}
for key, value in wanted.items():
    if c.get(key, value) != value:
        sys.exit("torch_replay.py: config.%s is %s; this replay covers %s only" % (key, c.get(key), value))
if c.get("batchSize", 0) not in (0, None) or c.get("bias") is False or len(d["init"]["layers"]) != 2:
    sys.exit("torch_replay.py: this replay covers full-batch [2,h,1] networks with biases only")
torch.set_default_dtype(torch.float32 if c.get("precision", "float64") == "float32" else torch.float64)
L = d["init"]["layers"]
h = len(L[0]["weights"])
net = torch.nn.Sequential(torch.nn.Linear(2, h), torch.nn.ReLU(), torch.nn.Linear(h, 1))
with torch.no_grad():
    for k, m in enumerate([net[0], net[2]]):
        m.weight.copy_(torch.tensor(L[k]["weights"]))
        m.bias.copy_(torch.tensor(L[k]["biases"]))
x = torch.tensor(d["data"]["train"]["x"]); y = torch.tensor(d["data"]["train"]["y"])
opt = torch.optim.Adam(net.parameters(), lr=c["learningRate"])
lossf = torch.nn.BCEWithLogitsLoss() if c["task"] == "xor" else torch.nn.MSELoss()
snapshot = None                                        # the weights at epoch imp.rewind, for iterative pruning
for e in range(c["epochs"]):
    if e == c.get("impRewind", 0):
        snapshot = [t.detach().clone() for t in (net[0].weight, net[2].weight, net[0].bias, net[2].bias)]
    opt.zero_grad()
    loss = lossf(net(x), y) + c["lambda"] * (net[0].weight.abs().sum() + net[2].weight.abs().sum())
    loss.backward(); opt.step()
F = d["final"]["layers"]
diff = 0.0
same = True
for k, m in enumerate([net[0], net[2]]):
    dumped = torch.tensor(F[k]["weights"])
    diff = max(diff, (m.weight - dumped).abs().max().item(),
               (m.bias - torch.tensor(F[k]["biases"])).abs().max().item())
    same = same and bool(torch.equal(m.weight.abs() < 0.01, dumped.abs() < 0.01))
print("torch", torch.__version__, torch.get_default_dtype(), "max |final weight difference|", diff)
# The edges pruned at the paper's threshold: the structure the training found.
print("the same edges below epsilon 0.01:", "yes" if same else "no")

first = d["metrics"]["pruned"][0]
eps0 = c["epsilon"][0]
xt = torch.tensor(d["data"]["test"]["x"]); yt = torch.tensor(d["data"]["test"]["y"])


def load(ws, bs):
    with torch.no_grad():
        for k, m in enumerate([net[0], net[2]]):
            m.weight.copy_(ws[k]); m.bias.copy_(bs[k])


def solves():
    with torch.no_grad():
        out = net(xt)
        if c["task"] == "xor":
            return ((out > 0) == (yt > 0.5)).double().mean().item() >= c["solved"]["accuracy"]
        return 1 - ((out - yt) ** 2).sum().item() / ((yt - yt.mean()) ** 2).sum().item() >= c["solved"]["r2"]


def edges(ws):
    # Every edge not exactly 0, smallest |w| first, ties in the order of the weights.
    found = [(k, i, j) for k in range(2) for i in range(ws[k].shape[0]) for j in range(ws[k].shape[1])
             if ws[k][i, j] != 0]
    return sorted(found, key=lambda e: abs(ws[e[0]][e[1], e[2]].item()))


def retrain(cw, cb, epochs):
    """cw, cb retrained without L1 by a fresh Adam, the edges at 0 held there; whether the result solves."""
    load(cw, cb)
    masks = [(w != 0).to(w.dtype) for w in cw]
    tune = torch.optim.Adam(net.parameters(), lr=c["learningRate"])
    for e in range(epochs):
        tune.zero_grad()
        lossf(net(x), y).backward()
        net[0].weight.grad.mul_(masks[0]); net[2].weight.grad.mul_(masks[1])
        tune.step()
    return solves()


def weights_now():
    return ([net[0].weight.detach().clone(), net[2].weight.detach().clone()],
            [net[0].bias.detach().clone(), net[2].bias.detach().clone()])


def compare(name, ws, bs, dumped, attempts):
    R = dumped["network"]["layers"]
    rdiff = max(max((ws[k] - torch.tensor(R[k]["weights"])).abs().max().item(),
                    (bs[k] - torch.tensor(R[k]["biases"])).abs().max().item()) for k in range(2))
    print("%s: %d edges in %d attempts (dump: %d in %d), max |%s weight difference| %s"
          % (name, len(edges(ws)), attempts, dumped["edges"], dumped["attempts"], name, rdiff))


start_w = [torch.where(w.abs() < eps0, torch.zeros_like(w), w) for w in (torch.tensor(F[k]["weights"]) for k in range(2))]
start_b = [torch.tensor(F[k]["biases"]) for k in range(2)]

magnitude = first.get("magnitude")
if magnitude is not None:
    # Iterative magnitude pruning: a share imp.rate of the surviving edges a round, the rest rewound to the
    # snapshot, retrained epochs - imp.rewind epochs, while the result solves.
    ws, bs, attempts = [w.clone() for w in start_w], [b.clone() for b in start_b], 0
    while len(edges(ws)) > 1:
        order = edges(ws)
        cut = order[:max(1, int(c["impRate"] * len(order)))]
        cw = [torch.where(w != 0, snapshot[k], torch.zeros_like(w)) for k, w in enumerate(ws)]
        for k, i, j in cut:
            cw[k][i, j] = 0.0
        attempts += 1
        if not retrain(cw, [snapshot[2].clone(), snapshot[3].clone()], c["epochs"] - c.get("impRewind", 0)):
            break
        ws, bs = weights_now()
    compare("magnitude", ws, bs, magnitude, attempts)

reduced = first.get("reduced")
if reduced is not None:
    # Prune until it breaks: the start fine-tuned as it is, then each smallest edge removed while it still solves.
    ws, bs, attempts, tuned, nxt = [w.clone() for w in start_w], [b.clone() for b in start_b], 0, False, 0
    order = edges(ws)
    while not tuned or nxt < len(order):
        cw = [w.clone() for w in ws]
        if tuned:
            k, i, j = order[nxt]
            cw[k][i, j] = 0.0
        attempts += 1
        if retrain(cw, [b.clone() for b in bs], c["reduceEpochs"]):
            ws, bs = weights_now()
            order, nxt = edges(ws), 0
        elif tuned:
            nxt += 1
        tuned = True
    compare("reduction", ws, bs, reduced, attempts)
