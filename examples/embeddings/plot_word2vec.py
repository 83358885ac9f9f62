"""
Word2vec from scratch
=====================

Word2vec learns a vector for every word from nothing but running text: words
that appear in similar contexts end up with similar vectors. Its skip-gram
objective with negative sampling is :class:`losskit.Word2VecLoss`. This page
trains it on a real English text, follows the loss, looks at the nearest
neighbours of a few words and at a 2-D map of the vectors, and compares the
two ways of drawing the noise words: uniformly, and from word frequencies
raised to the power 3/4 as word2vec does.

**The corpus** is the Python language reference as it ships with every
Python installation (``pydoc_data.topics``, the text ``help()`` shows):
about 64 000 words. Nothing is downloaded.
"""

# sphinx_gallery_thumbnail_number = 2

import math
import re
from collections import Counter
from pydoc_data.topics import topics

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from losskit import Word2VecLoss

torch.manual_seed(0)

# %%
# From text to (center, context) pairs
# ------------------------------------
#
# Lower-cased words, a vocabulary of the words seen at least five times, and
# every pair of words at most two positions apart.

text = " ".join(topics[name] for name in sorted(topics))
words = re.findall(r"[a-z]+", text.lower())
counts = Counter(words)
vocabulary = [word for word, count in counts.most_common() if count >= 5]
index = {word: i for i, word in enumerate(vocabulary)}
ids = torch.tensor([index[w] for w in words if w in index])

centers, contexts = [], []
for offset in (-2, -1, 1, 2):
    lo, hi = max(0, -offset), len(ids) - max(0, offset)
    centers.append(ids[lo:hi])
    contexts.append(ids[lo + offset : hi + offset])
centers, contexts = torch.cat(centers), torch.cat(contexts)
word_counts = torch.tensor([counts[w] for w in vocabulary], dtype=torch.float)
print(f"{len(words)} words, vocabulary of {len(vocabulary)}, {len(centers)} pairs")

# %%
# Training
# --------
#
# 64-dimensional vectors, five noise words per pair, batches of 1024 pairs and
# three passes over the data. ``sparse=True`` with :class:`torch.optim.SparseAdam`
# updates only the rows of the words in each batch.


def train(word_counts, epochs=3):
    generator = torch.Generator().manual_seed(0)
    loss = Word2VecLoss(
        embedding_dim=64,
        vocab_size=len(vocabulary),
        n_negatives=5,
        word_counts=word_counts,
        sparse=True,
        generator=generator,
    )
    optimizer = torch.optim.SparseAdam(list(loss.parameters()), lr=0.01)
    history = []
    for _ in range(epochs):
        for batch in torch.randperm(len(centers), generator=generator).split(1024):
            optimizer.zero_grad()
            value = loss(centers[batch], contexts[batch])
            value.backward()
            optimizer.step()
            history.append(value.item())
    return loss, history


models = {
    "unigram^0.75 noise": train(word_counts),
    "uniform noise": train(None),
}

fig, ax = plt.subplots(figsize=(6, 3.5))
for name, (_, history) in models.items():
    ax.plot(history, label=name, linewidth=1)
ax.axhline(6 * math.log(2), color="gray", linestyle="--", label="(1 + k) ln 2")
ax.set_xlabel("training step (batches of 1024 pairs)")
ax.set_ylabel("loss")
ax.set_title("Word2vec training loss")
ax.legend()
fig.tight_layout()

# %%
# Both runs start at :math:`(1 + k)\ln 2 \approx 4.16`, as every fresh
# word2vec model does. The two curves are not comparable with each other,
# though: with uniform noise most noise words are rare words that are easy to
# tell apart from a real context, so its loss is lower without its vectors
# being better.
#
# Nearest neighbours
# ------------------
#
# The words whose vectors have the highest cosine similarity.

probe = ["list", "integer", "exception", "string", "true", "loop"]
for name, (loss, _) in models.items():
    print(name)
    for word in probe:
        neighbours, _ = loss.most_similar(index[word], k=5)
        print(f"  {word:10} {', '.join(vocabulary[i] for i in neighbours)}")

# %%
# Exception names cluster with each other, "true" finds "false", "integer"
# finds other number words. With a corpus this small (a billion words is
# common for word2vec) the neighbours are noisy, but the structure is there.
#
# Where the two noise distributions differ
# ----------------------------------------
#
# Frequent words are the most useful noise words: they appear near
# everything, so telling them apart from a real context forces the vectors
# to spread out. Uniform noise rarely draws them. One way to see the
# difference is how crowded the vectors are: the mean cosine similarity over
# all pairs of words.

for name, (loss, _) in models.items():
    vectors = F.normalize(loss.embeddings, dim=1)
    print(f"{name:20} mean cosine similarity {(vectors @ vectors.T).mean():.3f}")

# %%
# A map of the vectors
# --------------------
#
# The vectors of a few dozen words of the unigram model, projected onto
# their two principal directions.

loss, _ = models["unigram^0.75 noise"]
shown = [
    "list",
    "tuple",
    "dict",
    "set",
    "string",
    "bytes",
    "integer",
    "float",
    "true",
    "false",
    "none",
    "exception",
    "valueerror",
    "typeerror",
    "keyerror",
    "for",
    "while",
    "if",
    "else",
    "return",
    "yield",
    "class",
    "function",
    "method",
    "module",
    "import",
    "loop",
    "break",
    "continue",
]
shown = [w for w in shown if w in index]
vectors = loss.embeddings[[index[w] for w in shown]]
centred = vectors - vectors.mean(dim=0)
_, _, directions = torch.linalg.svd(centred, full_matrices=False)
points = centred @ directions[:2].T

fig, ax = plt.subplots(figsize=(7, 5))
ax.scatter(points[:, 0], points[:, 1], s=12, color="tab:blue")
for word, (x, y) in zip(shown, points.tolist(), strict=True):
    ax.annotate(word, (x, y), fontsize=8, xytext=(3, 3), textcoords="offset points")
ax.set_xlabel("first principal direction")
ax.set_ylabel("second principal direction")
ax.set_title("Word vectors of the Python reference, in 2-D")
fig.tight_layout()

# %%
# Two dimensions keep only part of 64, but neighbours in the map tend to be
# words of one kind: types, keywords of control flow, exception names.

plt.show()
