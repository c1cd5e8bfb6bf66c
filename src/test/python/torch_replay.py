"""Replays an XOR or addition dump of a layered [2,h,1] ReLU network with biases (subgradient L1, full-batch
Adam) in PyTorch, in float64 or, for a dump of `precision = float32`, in float32, and prints the largest
difference from the dump's final weights and biases.

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
for e in range(c["epochs"]):
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
