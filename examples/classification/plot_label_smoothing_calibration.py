"""
Label smoothing and calibration
===============================

A classifier is *calibrated* when its confidence can be taken at its word:
of the predictions it makes with 80% confidence, about 80% are right.
Networks trained with cross-entropy tend to be over-confident, because the
loss keeps rewarding confidence on the training set. Label smoothing stops
rewarding it beyond :math:`1 - \\alpha + \\alpha/K`. Here we train the same
small text classifier both ways and compare accuracy, a reliability diagram
and the expected calibration error.

**The data** is the Python language reference as it ships with every Python
installation (the ``pydoc_data.topics`` module that ``help()`` reads): each
sentence is labelled with the reference topic it comes from, and the task is
to tell the topic from the words of the sentence. Nothing is downloaded.
"""

# sphinx_gallery_thumbnail_number = 1

import re
from collections import Counter
from pydoc_data.topics import topics

import matplotlib.pyplot as plt
import torch

from losskit import CrossEntropyLoss, LabelSmoothingLoss

torch.manual_seed(0)
generator = torch.Generator().manual_seed(0)

# %%
# Sentences and their topics
# --------------------------
#
# Seven large topics of the reference, split into sentences of at least six
# words, each turned into the set of words it contains (a bag of words over
# the 3000 most frequent words).

names = [
    "specialnames",
    "compound",
    "types",
    "formatstrings",
    "string-methods",
    "typesseq",
    "debugger",
]
sentences, labels = [], []
for label, name in enumerate(names):
    text = " ".join(topics[name].split())
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = re.findall(r"[a-z]+", sentence.lower())
        if len(words) >= 6:
            sentences.append(words)
            labels.append(label)

counts = Counter(word for words in sentences for word in words)
vocabulary = {word: i for i, (word, _) in enumerate(counts.most_common(3000))}
features = torch.zeros(len(sentences), len(vocabulary))
for row, words in enumerate(sentences):
    features[row, [vocabulary[w] for w in words if w in vocabulary]] = 1.0
labels = torch.tensor(labels)

order = torch.randperm(len(labels), generator=generator)
test, train = order[: len(order) // 4], order[len(order) // 4 :]
print(
    f"{len(labels)} sentences in {len(names)} topics; "
    f"{len(train)} to train on, {len(test)} to test"
)

# %%
# One classifier, two losses
# --------------------------
#
# A two-layer network over the bag of words, trained for 40 epochs with Adam:
# long enough to fit the training set well, which is where over-confidence
# comes from.


def train_classifier(loss_fn):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(len(vocabulary), 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, len(names)),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    shuffle = torch.Generator().manual_seed(1)
    for _ in range(40):
        for batch in train[torch.randperm(len(train), generator=shuffle)].split(64):
            optimizer.zero_grad()
            loss_fn(model(features[batch]), labels[batch]).backward()
            optimizer.step()
    with torch.no_grad():
        return model(features[test]).softmax(dim=1)


def calibration(probabilities, target, bins=10):
    """Per-bin confidence and accuracy, and the expected calibration error."""
    confidence, predicted = probabilities.max(dim=1)
    correct = (predicted == target).float()
    edges = torch.linspace(0, 1, bins + 1)
    which = torch.bucketize(confidence, edges[1:-1], right=True)
    rows = []
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            accuracy, mean_confidence = (
                correct[members].mean(),
                confidence[members].mean(),
            )
            error += members.float().mean() * (accuracy - mean_confidence).abs()
            rows.append(
                (b, mean_confidence.item(), accuracy.item(), int(members.sum()))
            )
    return rows, float(error), correct.mean().item()


losses = {
    "cross-entropy": CrossEntropyLoss(),
    "label smoothing 0.1": LabelSmoothingLoss(smoothing=0.1),
}
results = {}
for name, loss_fn in losses.items():
    probabilities = train_classifier(loss_fn)
    results[name] = calibration(probabilities, labels[test])
    _, ece, accuracy = results[name]
    print(
        f"{name:20} accuracy {accuracy:.3f}  ECE {ece:.3f}  "
        f"mean confidence {probabilities.max(dim=1).values.mean():.3f}"
    )

# %%
# Reliability diagram
# -------------------
#
# The test predictions are grouped by confidence into ten bins. Each bar is
# the accuracy within a bin, placed at the bin's mean confidence; a
# calibrated model's bars reach the diagonal. The expected calibration error
# (ECE) is the gap between bar and diagonal, averaged over the predictions.

fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharey=True)
for ax, (name, (rows, ece, accuracy)) in zip(axes, results.items(), strict=True):
    centres = [confidence for _, confidence, _, _ in rows]
    accuracies = [acc for _, _, acc, _ in rows]
    ax.bar(
        centres,
        accuracies,
        width=0.08,
        color="tab:blue",
        alpha=0.8,
        label="accuracy in bin",
    )
    ax.plot([0, 1], [0, 1], color="gray", linestyle="--", label="calibrated")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence of the prediction")
    ax.set_title(f"{name}\naccuracy {accuracy:.2f}, ECE {ece:.3f}")
    ax.legend(loc="upper left")
axes[0].set_ylabel("accuracy")
fig.tight_layout()

# %%
# With cross-entropy most predictions sit in the most confident bins and the
# bars fall below the diagonal there: the model is more sure than it is
# right. Label smoothing pulls the confidences down towards what the model
# achieves, which lowers the calibration error, here at a small cost in
# accuracy. How much smoothing to use is a trade-off to tune on held-out data.

plt.show()
