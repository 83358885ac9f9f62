"""
Losses by name: the registry
============================

Training scripts are often driven by a configuration file, which names the
loss and its options as plain strings and numbers. :class:`losskit.LossRegistry`
turns such a name into a loss object. This page lists what is registered,
builds losses from a configuration dictionary, registers a loss of our own,
and shows what a typo gets you.
"""

# sphinx_gallery_thumbnail_number = 1

import matplotlib.pyplot as plt
import torch

from losskit import BaseLoss, LossRegistry, register_loss

torch.manual_seed(0)

# %%
# What is registered
# ------------------
#
# Every built-in loss registers itself under its class name in lower case.
# Lookups ignore case, so the class name works as well.

for name in LossRegistry.list_losses():
    print(f"{name:22} -> {LossRegistry.get(name).__name__}")

print(LossRegistry.get("LabelSmoothingLoss") is LossRegistry.get("labelsmoothingloss"))

# %%
# Building losses from a configuration
# ------------------------------------
#
# A configuration as it might come out of a YAML or JSON file: a name and the
# keyword arguments of the loss. Here we sweep the smoothing of a
# label-smoothing loss and score the same random predictions with each.

configs = [
    {"name": "crossentropyloss"},
    *(
        {"name": "labelsmoothingloss", "smoothing": s, "classes": 10}
        for s in (0.05, 0.1, 0.2, 0.4)
    ),
]

logits = 3 * torch.randn(256, 10)
target = logits.argmax(dim=1)  # a confident model that is always right
target[:32] = torch.randint(0, 10, (32,))  # ... except on 32 examples

values = []
for config in configs:
    options = {k: v for k, v in config.items() if k != "name"}
    loss = LossRegistry.create(config["name"], **options)
    values.append(loss(logits, target).item())
    print(f"{config!s:62} {values[-1]:.4f}")

labels = ["cross-entropy"] + [f"smoothing {c['smoothing']}" for c in configs[1:]]
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.bar(labels, values, color=["tab:blue"] + ["tab:orange"] * 4)
ax.set_ylabel("loss on the same predictions")
ax.set_title("Losses built from configuration dictionaries")
ax.tick_params(axis="x", labelrotation=20)
fig.tight_layout()

# %%
# On a confident model the smoothed losses are larger: the smoothed target
# asks for some probability on every class, and confident predictions give
# almost none.
#
# Registering a loss of your own
# ------------------------------
#
# Subclass :class:`~losskit.BaseLoss` and decorate it with
# :func:`~losskit.register_loss`; its name defaults to the class name in lower
# case. It can then be built by name like any built-in loss.


@register_loss()
class FocalLoss(BaseLoss):
    """Cross-entropy that down-weights easy examples by (1 - p)^gamma."""

    def __init__(self, gamma: float = 2.0):
        super().__init__()
        self.gamma = gamma

    def forward(self, logits, target):
        log_p = logits.log_softmax(dim=-1).gather(1, target[:, None]).squeeze(1)
        return (-((1 - log_p.exp()) ** self.gamma) * log_p).mean()


focal = LossRegistry.create("focalloss", gamma=2.0)
print(f"focal loss: {focal(logits, target).item():.4f}")

# %%
# What a typo gets you
# --------------------
#
# A misspelt name raises :class:`KeyError` with the closest registered names;
# a misspelt option raises :class:`TypeError` that lists the options the loss
# accepts.

try:
    LossRegistry.create("labelsmothingloss", smoothing=0.1)
except KeyError as error:
    print("KeyError:", error.args[0])

try:
    LossRegistry.create("labelsmoothingloss", smothing=0.1)
except TypeError as error:
    print("TypeError:", error)

plt.show()
