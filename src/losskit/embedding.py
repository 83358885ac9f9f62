"""Embedding losses as modules: word2vec negative sampling, cosine similarity."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from . import functional as LF
from ._validation import (
    check_index_range,
    check_index_tensor,
    check_non_negative_int,
    check_number,
    check_positive_int,
    check_reduction,
    check_tensor,
)
from .base import BaseLoss
from .functional.embedding import skipgram_pair_losses
from .registry import register_loss

__all__ = ["CosineSimilarityLoss", "Word2VecLoss"]


@register_loss()
class Word2VecLoss(BaseLoss):
    r"""Skip-gram with negative sampling, the objective of word2vec.

    The loss owns the two embedding tables of word2vec: ``in_embed`` (the
    vectors of center words, the ones usually kept as "the" embeddings, also
    :attr:`embeddings`) and ``out_embed`` (the vectors of context words). For
    each (center, context) pair it draws ``n_negatives`` noise words and
    returns

    .. math::

        \ell = -\log \sigma(u_o^\top v_c) - \sum_{i=1}^{k} \log \sigma(-u_i^\top v_c)

    (see :func:`losskit.functional.negative_sampling_loss`). Noise words are
    drawn from the unigram distribution raised to ``power`` when
    ``word_counts`` are given (word2vec's :math:`f(w)^{3/4}`), uniformly
    otherwise. A noise word that equals the pair's context word is drawn
    again (up to 8 times; then it is masked out).

    As in word2vec's own code, input vectors start uniform in
    :math:`\pm 0.5/D` and output vectors at zero, so every score starts at 0
    and a fresh loss is exactly :math:`(1 + k)\ln 2`.

    Args:
        embedding_dim: The vector size :math:`D`.
        vocab_size: The number of words.
        n_negatives: Noise words drawn per pair, :math:`k`.
        word_counts: Optional corpus frequency of each word, ``(vocab_size,)``.
        power: The exponent applied to ``word_counts``.
        sparse: Give the embedding tables sparse gradients, for
            :class:`torch.optim.SparseAdam` or sparse SGD: a step then touches
            only the rows of the words in the batch.
        ignore_index: Context id that marks padding in a window; such pairs
            add nothing.
        reduction: ``"mean"`` (over the pairs not ignored), ``"sum"`` or
            ``"none"``.
        generator: Optional ``torch.Generator`` for reproducible negatives.

    Shape:
        - ``center_ids``: ``(B,)`` word ids in ``[0, vocab_size)``.
        - ``context_ids``: ``(B,)``, or ``(B, W)`` for a window of context
          words per center.
        - Output: a scalar, or ``context_ids``' shape with ``reduction="none"``.

    Example:
        >>> import torch
        >>> from losskit import Word2VecLoss
        >>> loss = Word2VecLoss(embedding_dim=16, vocab_size=100, n_negatives=5)
        >>> center, context = torch.tensor([1, 2]), torch.tensor([3, 4])
        >>> round(loss(center, context).item(), 4)
        4.1589
        >>> ids, similarity = loss.most_similar(1, k=3)
        >>> ids.shape
        torch.Size([3])
    """

    noise: Tensor | None

    def __init__(
        self,
        embedding_dim: int,
        vocab_size: int,
        n_negatives: int = 5,
        word_counts: Tensor | None = None,
        power: float = 0.75,
        sparse: bool = False,
        ignore_index: int = -100,
        reduction: str = "mean",
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        self.embedding_dim = check_positive_int("embedding_dim", embedding_dim)
        self.vocab_size = check_positive_int("vocab_size", vocab_size)
        self.n_negatives = check_non_negative_int("n_negatives", n_negatives)
        self.power = check_number("power", power)
        self.ignore_index = ignore_index
        self.reduction = check_reduction(reduction)
        self.generator = generator
        self.in_embed = nn.Embedding(vocab_size, embedding_dim, sparse=sparse)
        self.out_embed = nn.Embedding(vocab_size, embedding_dim, sparse=sparse)
        self.register_buffer("noise", self._noise_distribution(word_counts))
        self.reset_parameters()

    def _noise_distribution(self, word_counts: Tensor | None) -> Tensor | None:
        if word_counts is None:
            return None
        check_tensor("word_counts", word_counts)
        if word_counts.shape != (self.vocab_size,):
            raise ValueError(
                f"word_counts must have shape ({self.vocab_size},), one count per "
                f"word; got {tuple(word_counts.shape)}"
            )
        counts = word_counts.double()
        if bool((counts < 0).any()) or not bool(counts.isfinite().all()):
            raise ValueError("word_counts must be finite and non-negative")
        weights = counts.pow(self.power)
        if float(weights.sum()) <= 0:
            raise ValueError("word_counts must give some word a positive count")
        return (weights / weights.sum()).float()

    def reset_parameters(self) -> None:
        """Input vectors uniform in ``±0.5/embedding_dim``, output vectors zero."""
        bound = 0.5 / self.embedding_dim
        with torch.no_grad():
            self.in_embed.weight.uniform_(-bound, bound, generator=self.generator)
            self.out_embed.weight.zero_()

    @property
    def embeddings(self) -> Tensor:
        """The learned word vectors, ``(vocab_size, embedding_dim)``."""
        return self.in_embed.weight.detach()

    def most_similar(self, word_id: int, k: int = 10) -> tuple[Tensor, Tensor]:
        """The ``k`` words whose vectors have the highest cosine with ``word_id``'s.

        Returns ``(ids, similarities)``, most similar first, the word itself
        left out.
        """
        if isinstance(word_id, bool) or not isinstance(word_id, int):
            raise TypeError(f"word_id must be an integer; got {word_id!r}")
        if not 0 <= word_id < self.vocab_size:
            raise ValueError(
                f"word_id {word_id} is outside the vocabulary [0, {self.vocab_size})"
            )
        check_positive_int("k", k)
        k = min(k, self.vocab_size - 1)
        vectors = F.normalize(self.embeddings, dim=1)
        similarity = vectors @ vectors[word_id]
        similarity[word_id] = -float("inf")
        scores, ids = similarity.topk(k)
        return ids, scores

    def _check_ids(self, name: str, ids: Tensor, ignore: int | None) -> None:
        check_index_tensor(name, ids)
        check_index_range(name, ids, self.vocab_size, ignore)

    def _draw(self, count: int) -> Tensor:
        device = self.in_embed.weight.device
        if self.noise is None:
            return torch.randint(
                self.vocab_size, (count,), generator=self.generator, device=device
            )
        return torch.multinomial(
            self.noise, count, replacement=True, generator=self.generator
        )

    def sample_negatives(self, context_ids: Tensor) -> tuple[Tensor, Tensor]:
        """Noise word ids ``context_ids.shape + (k,)`` and a mask of usable ones.

        A noise word equal to its pair's context word is drawn again; the few
        still equal after 8 draws (a tiny vocabulary) are masked out.
        """
        shape = (*context_ids.shape, self.n_negatives)
        negatives = self._draw(math.prod(shape)).reshape(shape)
        positive = context_ids.unsqueeze(-1)
        for _ in range(8):
            clash = negatives == positive
            count = int(clash.sum())
            if count == 0:
                break
            negatives[clash] = self._draw(count)
        return negatives, negatives != positive

    def forward(self, center_ids: Tensor, context_ids: Tensor) -> Tensor:
        self._check_ids("center_ids", center_ids, None)
        if center_ids.ndim != 1:
            raise ValueError(
                "center_ids must be a 1-d tensor of word ids; got shape "
                f"{tuple(center_ids.shape)}"
            )
        self._check_ids("context_ids", context_ids, self.ignore_index)
        if context_ids.ndim not in (1, 2) or context_ids.shape[0] != len(center_ids):
            raise ValueError(
                f"context_ids must have shape ({len(center_ids)},) or "
                f"({len(center_ids)}, W) to match center_ids; got "
                f"{tuple(context_ids.shape)}"
            )
        valid = context_ids != self.ignore_index
        context_ids = torch.where(valid, context_ids, 0)
        negatives, usable = self.sample_negatives(context_ids)
        # One lookup for the context word and its noise words: one gather,
        # and with sparse=True one sparse gradient instead of two to add.
        words = torch.cat([context_ids.unsqueeze(-1), negatives], dim=-1)
        mask = None
        if not bool(usable.all()):
            mask = torch.cat([torch.ones_like(usable[..., :1]), usable], dim=-1)
        loss = skipgram_pair_losses(
            self.in_embed(center_ids), self.out_embed(words), mask
        )
        loss = loss * valid
        if self.reduction == "none":
            return loss
        if self.reduction == "sum":
            return loss.sum()
        return loss.sum() / valid.sum().clamp_min(1)

    def extra_repr(self) -> str:
        noise = "uniform" if self.noise is None else f"unigram^{self.power}"
        return (
            f"embedding_dim={self.embedding_dim}, vocab_size={self.vocab_size}, "
            f"n_negatives={self.n_negatives}, noise={noise}, "
            f"sparse={self.in_embed.sparse}"
        )


@register_loss()
class CosineSimilarityLoss(BaseLoss):
    r"""Hinge on cosine similarity: :math:`\max(0, m - \cos(x, y))`.

    A module around :func:`losskit.functional.cosine_similarity_loss`: pairs
    whose cosine similarity is at least ``margin`` cost nothing, the others
    cost how far they fall short.

    Args:
        margin: The similarity :math:`m` above which a pair costs nothing.
        dim: The axis along which the cosine is taken.
        eps: Lower bound of the norm product, so zero vectors stay finite.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.

    Shape:
        - ``x``, ``y``: ``(N, D)``, or any equal shapes with the vectors on
          ``dim``.
        - Output: a scalar, or the shape without ``dim`` for
          ``reduction="none"``.

    Example:
        >>> import torch
        >>> from losskit import CosineSimilarityLoss
        >>> loss = CosineSimilarityLoss(margin=0.2)
        >>> x = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
        >>> y = torch.tensor([[1.0, 0.0], [-1.0, 0.0]])
        >>> round(loss(x, y).item(), 4)  # (0 + 1.2) / 2
        0.6
    """

    def __init__(
        self,
        margin: float = 0.0,
        dim: int = 1,
        eps: float = 1e-8,
        reduction: str = "mean",
    ) -> None:
        super().__init__()
        self.margin = check_number("margin", margin)
        self.dim = dim
        self.eps = check_number("eps", eps)
        self.reduction = check_reduction(reduction)

    def forward(self, x: Tensor, y: Tensor) -> Tensor:
        return LF.cosine_similarity_loss(
            x,
            y,
            margin=self.margin,
            dim=self.dim,
            eps=self.eps,
            reduction=self.reduction,
        )

    def extra_repr(self) -> str:
        return f"margin={self.margin}"
