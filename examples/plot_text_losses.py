"""
A tour of the text losses
=========================

losskit has four losses for text models: cross-entropy and label smoothing
for predicting a token or a class, word2vec's negative-sampling loss for
learning word vectors, and a cosine-similarity hinge for sentence embeddings.
This page computes each once on random data and plots how it responds to its
inputs, so that the numbers in a training log mean something.
"""

# sphinx_gallery_thumbnail_number = 3

# %%
# Every number on this page comes from a seeded generator, so each build of
# the site prints the same values.

import math

import matplotlib.pyplot as plt
import torch

from losskit import (
    CosineSimilarityLoss,
    CrossEntropyLoss,
    LabelSmoothingLoss,
    Word2VecLoss,
)

torch.manual_seed(0)
generator = torch.Generator().manual_seed(0)

# %%
# Cross-entropy and label smoothing
# ---------------------------------
#
# Cross-entropy scores the log-probability a model gives the right class.
# Label smoothing replaces the one-hot target by a mixture: it keeps
# :math:`1 - \alpha` on the right class and spreads :math:`\alpha` evenly over
# all :math:`K` classes. Here are 100 random 5-class predictions, scored with
# both. With :math:`\alpha = 0` the two losses are the same number.

num_classes = 5
logits = torch.randn(100, num_classes, generator=generator)
target = torch.randint(0, num_classes, (100,), generator=generator)

cross_entropy = CrossEntropyLoss()(logits, target).item()
print(f"cross-entropy:                {cross_entropy:.4f}")
for alpha in (0.0, 0.1, 0.2, 0.3):
    smoothed = LabelSmoothingLoss(smoothing=alpha, classes=num_classes)(logits, target)
    print(f"label smoothing, alpha = {alpha:.1f}: {smoothed.item():.4f}")

# %%
# The numbers barely move. Label smoothing adds :math:`\alpha` times the
# average of :math:`-\log p_c` over all classes to :math:`1 - \alpha` times
# the cross-entropy, and for random logits the true class is no more likely
# than any other, so the two terms are about equal. The losses part ways once a
# model becomes confident, as the last figure shows. The target that label
# smoothing trains towards looks like this, for an example whose class is 2:


def smoothed_target(label: int, alpha: float, classes: int) -> torch.Tensor:
    """The target distribution that label smoothing trains towards."""
    return (1 - alpha) * torch.nn.functional.one_hot(
        torch.tensor(label), classes
    ).float() + alpha / classes


alphas = (0.0, 0.1, 0.2, 0.3)
fig, axes = plt.subplots(1, len(alphas), figsize=(10, 2.8), sharey=True)
for ax, alpha in zip(axes, alphas, strict=True):
    probabilities = smoothed_target(2, alpha, num_classes)
    ax.bar(range(num_classes), probabilities, color="tab:blue")
    ax.set_title(f"α = {alpha}")
    ax.set_xlabel("class")
    ax.set_xticks(range(num_classes))
axes[0].set_ylabel("target probability")
fig.suptitle("Label-smoothed targets for an example of class 2")
fig.tight_layout()

# %%
# The true class keeps :math:`1 - \alpha + \alpha/K` and every other class
# gets :math:`\alpha / K`: at :math:`\alpha = 0.3`, 0.76 and 0.06.
#
# Word2vec's negative-sampling loss
# ---------------------------------
#
# Skip-gram with negative sampling learns two vectors per word: :math:`v_w`
# when it is the center word and :math:`u_w` when it is a context word. For a
# (center, context) pair it asks the score :math:`u_o^\top v_c` to be high,
# and for :math:`k` randomly drawn noise words the scores
# :math:`u_i^\top v_c` to be low:
#
# .. math::
#
#    \ell = -\log \sigma(u_o^\top v_c) - \sum_{i=1}^{k} \log \sigma(-u_i^\top v_c)
#
# word2vec starts the context vectors at zero, so every score starts at zero
# and each of the :math:`1 + k` terms is :math:`-\log \sigma(0) = \ln 2`.

word2vec = Word2VecLoss(embedding_dim=100, vocab_size=1000, n_negatives=5)
center = torch.randint(0, 1000, (50,), generator=generator)
context = torch.randint(0, 1000, (50,), generator=generator)
print(f"fresh word2vec loss on 50 pairs: {word2vec(center, context).item():.4f}")
print(f"(1 + k) ln 2 with k = 5:         {6 * math.log(2):.4f}")

# %%
# Training moves the loss below this value, so :math:`(1 + k)\ln 2` is the
# number to compare a word2vec training curve against.
#
# Cosine-similarity loss
# ----------------------
#
# For a pair of embeddings that should mean the same thing,
# :class:`~losskit.CosineSimilarityLoss` costs :math:`\max(0, m - \cos(x, y))`.
# We sweep the angle between two 2-D vectors to cover every cosine from -1
# to 1, at margin :math:`m = 0.2`.

angles = torch.linspace(math.pi, 0.0, 201)
x = torch.stack([torch.ones_like(angles), torch.zeros_like(angles)], dim=1)
y = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
cosine_loss = CosineSimilarityLoss(margin=0.2, reduction="none")(x, y)

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(torch.cos(angles), cosine_loss, color="tab:green")
ax.axvline(0.2, color="gray", linestyle="--", linewidth=1, label="margin = 0.2")
ax.set_xlabel("cosine similarity of the pair")
ax.set_ylabel("loss")
ax.set_title("Cosine-similarity loss at margin 0.2")
ax.legend()
fig.tight_layout()

# %%
# The loss falls linearly with the cosine and is exactly zero once the pair is
# at least 0.2 similar: pairs that are already close enough receive no
# gradient, and the model spends its effort on the others.
#
# How confident should a model be?
# --------------------------------
#
# The last figure shows why label smoothing changes what a model learns. For a
# two-class problem we plot each loss against the probability :math:`p` the
# model gives the true class.

p = torch.linspace(0.01, 0.99, 197)
two_class_logits = torch.stack([p.log(), (1 - p).log()], dim=1)
true_class = torch.zeros(len(p), dtype=torch.long)

fig, ax = plt.subplots(figsize=(6, 3.5))
for alpha, color in ((0.0, "tab:blue"), (0.1, "tab:orange"), (0.2, "tab:red")):
    loss = LabelSmoothingLoss(smoothing=alpha, reduction="none")
    curve = loss(two_class_logits, true_class)
    label = "cross-entropy" if alpha == 0 else f"label smoothing {alpha}"
    ax.plot(p, curve, color=color, label=label)
    if alpha > 0:
        ax.axvline(1 - alpha / 2, color=color, linestyle=":", linewidth=1)
        print(f"label smoothing {alpha}: lowest loss at p = {p[curve.argmin()]:.2f}")
ax.set_xlabel("predicted probability of the true class")
ax.set_ylabel("loss")
ax.set_ylim(0, 3)
ax.set_title("Loss against confidence, two classes")
ax.legend()
fig.tight_layout()

# %%
# Cross-entropy keeps falling all the way to :math:`p = 1`, so it rewards a
# model for growing ever more confident. Label smoothing has its minimum at
# :math:`p = 1 - \alpha/2` (dotted lines: 0.95 and 0.90) and penalises
# confidence beyond it, which is why models trained with it tend to be
# better calibrated.

plt.show()
