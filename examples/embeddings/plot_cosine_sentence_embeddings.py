"""
Cosine-similarity loss for sentence embeddings
==============================================

A sentence-embedding model maps sentences to vectors so that sentences with
the same meaning point the same way. :class:`losskit.CosineSimilarityLoss`
costs :math:`\\max(0, m - \\cos(x, y))` for a pair that should match: the
margin :math:`m` says how similar is similar enough. This page shows the
effect of the margin, then trains a small embedding model on paraphrase
pairs and compares the similarity matrix before and after.

**The data** are twelve pairs of paraphrases written for this page (in the
code below); nothing is downloaded.
"""

# sphinx_gallery_thumbnail_number = 2

import re

import matplotlib.pyplot as plt
import torch

from losskit import CosineSimilarityLoss

torch.manual_seed(0)

# %%
# The margin
# ----------
#
# The loss is zero once a pair is at least :math:`m` similar, and grows
# linearly below. A small margin only corrects pairs that point apart; a
# margin of 1 keeps pulling until the vectors are parallel.

cosines = torch.linspace(-1, 1, 201)
x = torch.stack([torch.ones_like(cosines), torch.zeros_like(cosines)], dim=1)
y = torch.stack([cosines, (1 - cosines**2).clamp_min(0).sqrt()], dim=1)
fig, ax = plt.subplots(figsize=(6, 3.5))
for margin in (0.0, 0.5, 0.8, 1.0):
    loss = CosineSimilarityLoss(margin=margin, reduction="none")(x, y)
    ax.plot(cosines, loss, label=f"margin {margin}")
ax.set_xlabel("cosine similarity of the pair")
ax.set_ylabel("loss")
ax.set_title("Cosine-similarity loss for several margins")
ax.legend()
fig.tight_layout()

# %%
# Paraphrase pairs
# ----------------

pairs = [
    ("the function returns a list", "a list is what the function gives back"),
    ("open the file for reading", "read from the file after opening it"),
    ("the loop stops at the first match", "iteration ends when a match is found"),
    ("an exception is raised on error", "errors make it raise an exception"),
    ("sort the numbers in place", "the numbers are sorted without a copy"),
    ("the key is missing from the dictionary", "the dictionary has no such key"),
    ("convert the string to an integer", "turn the text into a whole number"),
    ("the class inherits from its parent", "the parent class is its base"),
    ("wait until the download finishes", "the download must complete first"),
    ("the test passed on every machine", "all machines ran the test successfully"),
    ("print the result to the screen", "show the output on the display"),
    ("the variable is never used", "nothing reads this variable"),
]
tokenise = re.compile(r"[a-z]+").findall
vocabulary = sorted({w for pair in pairs for s in pair for w in tokenise(s)})
index = {w: i for i, w in enumerate(vocabulary)}


def encode(sentences):
    ids = [torch.tensor([index[w] for w in tokenise(s)]) for s in sentences]
    offsets = torch.tensor([0] + [len(i) for i in ids[:-1]]).cumsum(0)
    return torch.cat(ids), offsets


left, right = encode([a for a, _ in pairs]), encode([b for _, b in pairs])
print(f"{len(pairs)} pairs, {len(vocabulary)} distinct words")

# %%
# A bag-of-embeddings model
# -------------------------
#
# Each sentence is the mean of its word vectors, then a linear layer. With
# only a pulling loss every sentence could collapse onto one direction, so
# the training also pushes apart sentences of different pairs. The same loss
# does both: ``CosineSimilarityLoss(margin=0)(x, -y)`` is
# :math:`\max(0, \cos(x, y))`, which costs only while two unrelated sentences
# point the same way.

embed = torch.nn.EmbeddingBag(len(vocabulary), 32, mode="mean")
project = torch.nn.Linear(32, 32)


def embed_sentences(encoded):
    return project(embed(*encoded))


def similarity_matrix():
    with torch.no_grad():
        a = torch.nn.functional.normalize(embed_sentences(left), dim=1)
        b = torch.nn.functional.normalize(embed_sentences(right), dim=1)
    return a @ b.T


before = similarity_matrix()
pull = CosineSimilarityLoss(margin=0.8)
push = CosineSimilarityLoss(margin=0.0)
optimizer = torch.optim.Adam([*embed.parameters(), *project.parameters()], lr=0.01)
for step in range(300):
    a, b = embed_sentences(left), embed_sentences(right)
    # Each left sentence against the right sentence of another pair.
    shuffled = b.roll(1 + step % (len(pairs) - 1), dims=0)
    loss = pull(a, b) + push(a, -shuffled)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
after = similarity_matrix()

diagonal = torch.eye(len(pairs), dtype=torch.bool)
for name, matrix in (("before", before), ("after", after)):
    print(
        f"{name:6} paraphrases {matrix[diagonal].mean():.2f}, "
        f"other pairs {matrix[~diagonal].mean():.2f}"
    )

# %%
# Before and after
# ----------------
#
# Entry :math:`(i, j)` is the cosine similarity of the left sentence of pair
# :math:`i` and the right sentence of pair :math:`j`; paraphrases are on the
# diagonal.

fig, axes = plt.subplots(1, 2, figsize=(9, 4))
for ax, (name, matrix) in zip(
    axes, (("before training", before), ("after training", after)), strict=True
):
    image = ax.imshow(matrix, vmin=-1, vmax=1, cmap="RdBu_r")
    ax.set_title(f"Similarity {name}")
    ax.set_xlabel("right sentence of pair")
    ax.set_ylabel("left sentence of pair")
    ax.grid(False)
fig.colorbar(image, ax=axes, label="cosine similarity", shrink=0.8)

# %%
# Before training, random word vectors make every pair of sentences somewhat
# similar, paraphrases a little more where they share words. Afterwards the
# diagonal stands out: each sentence is closest to its paraphrase, even where
# the two share few words, and unrelated sentences point apart. This
# model has learnt twelve pairs by heart; a real one needs many pairs, but
# the loss is the same.

plt.show()
