"""
Padding, per-token losses and class weights
===========================================

Sequence models score every token, but a batch of sentences is padded to the
length of the longest one, and the labels of some tasks are rare. This page
shows the three options of :class:`losskit.CrossEntropyLoss` that deal with
that: ``ignore_index`` for padding, ``reduction="none"`` to see the loss of
each token, and ``weight`` for rare classes.
"""

# sphinx_gallery_thumbnail_number = 1

import matplotlib.pyplot as plt
import torch

from losskit import CrossEntropyLoss

torch.manual_seed(0)
generator = torch.Generator().manual_seed(0)

# %%
# A padded batch
# --------------
#
# Four sentences of a toy tagging task, one tag per word. The batch is padded
# to six tokens; padded positions get the label ``-100``, the default
# ``ignore_index``.

sentences = [
    ["the", "loss", "falls"],
    ["label", "smoothing", "spreads", "a", "little", "mass"],
    ["padding", "adds", "nothing"],
    ["every", "token", "counts"],
]
tags = ["DET", "NOUN", "VERB", "ADJ"]
labels = [
    ["DET", "NOUN", "VERB"],
    ["NOUN", "NOUN", "VERB", "DET", "ADJ", "NOUN"],
    ["NOUN", "VERB", "NOUN"],
    ["DET", "NOUN", "VERB"],
]
length = max(map(len, sentences))
target = torch.full((len(sentences), length), -100)
for row, sentence_tags in enumerate(labels):
    target[row, : len(sentence_tags)] = torch.tensor(
        [tags.index(t) for t in sentence_tags]
    )
print(target)

# A model's scores for every position, padding included: (batch, classes, time).
logits = torch.randn(len(sentences), len(tags), length, generator=generator)

# %%
# With ``ignore_index`` the mean runs over the 15 real tokens only. Replacing
# the padding label by a real class instead would let the padded positions
# pull the loss (and the gradient) around.

loss = CrossEntropyLoss()(logits, target)
real = target != -100
by_hand = -logits.log_softmax(dim=1).gather(1, target.clamp_min(0)[:, None])[:, 0]
print(f"mean over real tokens: {loss.item():.4f}")
print(f"the same by hand:      {by_hand[real].mean().item():.4f}")
wrong = CrossEntropyLoss()(logits, target.clamp_min(0))
print(f"padding counted as class 0: {wrong.item():.4f}")

# %%
# The loss of each token
# ----------------------
#
# ``reduction="none"`` returns one loss per position, the shape of the target,
# with zeros where the target is ignored. Drawn as a heat-map it shows which
# words the model gets most wrong.

per_token = CrossEntropyLoss(reduction="none")(logits, target)
shown = per_token.masked_fill(~real, float("nan"))

fig, ax = plt.subplots(figsize=(7, 3))
image = ax.imshow(shown, cmap="viridis")
for row, sentence in enumerate(sentences):
    for col, word in enumerate(sentence):
        ax.text(col, row, word, ha="center", va="center", color="white", fontsize=8)
ax.set_xticks(range(length))
ax.set_yticks(range(len(sentences)))
ax.set_xlabel("position in the sentence")
ax.set_ylabel("sentence")
ax.set_title("Per-token cross-entropy; padding left blank")
ax.grid(False)
fig.colorbar(image, ax=ax, label="loss")
fig.tight_layout()

# %%
# Class weights for rare labels
# -----------------------------
#
# In tagging tasks such as named-entity recognition most tokens carry the
# label "other". A classifier trained with plain cross-entropy can score well
# by rarely predicting the rare class. Weighting the loss by the inverse
# frequency of each class makes every class count the same. We train a linear
# classifier on synthetic token features where 5% of the tokens are rare.

num_tokens, num_features = 4000, 20
is_rare = torch.rand(num_tokens, generator=generator) < 0.05
features = torch.randn(num_tokens, num_features, generator=generator)
features[is_rare, :3] += 1.2  # the rare class differs in three features
labels_rare = is_rare.long()
counts = torch.bincount(labels_rare, minlength=2).float()
inverse_frequency = counts.sum() / (2 * counts)
print("class counts:", counts.tolist(), "weights:", inverse_frequency.tolist())


def train(weight):
    torch.manual_seed(0)
    model = torch.nn.Linear(num_features, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    loss_fn = CrossEntropyLoss(weight=weight)
    for _ in range(200):
        optimizer.zero_grad()
        loss_fn(model(features), labels_rare).backward()
        optimizer.step()
    predicted = model(features).argmax(dim=1)
    recall = (predicted[is_rare] == 1).float().mean().item()
    precision = (labels_rare[predicted == 1] == 1).float().mean().item()
    return recall, precision


results = {"unweighted": train(None), "inverse frequency": train(inverse_frequency)}
for name, (recall, precision) in results.items():
    print(f"{name:18} recall of the rare class {recall:.2f}, precision {precision:.2f}")

fig, ax = plt.subplots(figsize=(5, 3))
x = torch.arange(2)
ax.bar(x - 0.2, [r for r, _ in results.values()], width=0.4, label="recall")
ax.bar(x + 0.2, [p for _, p in results.values()], width=0.4, label="precision")
ax.set_xticks(x, list(results))
ax.set_ylim(0, 1)
ax.set_ylabel("rare class")
ax.set_title("Class weights trade precision for recall")
ax.legend()
fig.tight_layout()

# %%
# The weighted loss finds far more of the rare tokens, at the price of more
# false alarms: the weights move the decision threshold. Which balance is
# right depends on what a miss costs.

plt.show()
