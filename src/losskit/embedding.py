"""Embedding losses as modules: word2vec negative sampling, cosine similarity."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from . import functional as LF
from ._validation import (
    check_index_range,
    check_index_tensor,
    check_non_negative_int,
    check_number,
    check_positive_int,
    check_reduction,
)
from .base import BaseLoss
from .registry import register_loss

__all__ = ["CosineSimilarityLoss", "Word2VecLoss"]


@register_loss()
class Word2VecLoss(BaseLoss):
    r"""Skip-gram with negative sampling, the objective of word2vec.

    The loss owns the two embedding tables of word2vec: ``in_embed`` (the
    vectors of center words, the ones usually kept as "the" embeddings) and
    ``out_embed`` (the vectors of context words). For each pair it draws
    ``n_negatives`` noise words uniformly from the vocabulary and returns

    .. math::

        \ell = -\log \sigma(u_o^\top v_c) - \sum_{i=1}^{k} \log \sigma(-u_i^\top v_c)

    averaged over the batch (see
    :func:`losskit.functional.negative_sampling_loss`).

    As in word2vec's own code, input vectors start uniform in
    :math:`\pm 0.5/D` and output vectors at zero, so every score starts at 0
    and a fresh loss is exactly :math:`(1 + k)\ln 2`.

    Args:
        embedding_dim: The vector size :math:`D`.
        vocab_size: The number of words.
        n_negatives: Noise words drawn per pair, :math:`k`.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
        generator: Optional ``torch.Generator`` for reproducible negatives.

    Shape:
        - ``center_ids``, ``context_ids``: ``(B,)`` word ids in
          ``[0, vocab_size)``.
        - Output: a scalar, or ``(B,)`` with ``reduction="none"``.

    Example:
        >>> import torch
        >>> from losskit import Word2VecLoss
        >>> loss = Word2VecLoss(embedding_dim=16, vocab_size=100, n_negatives=5)
        >>> center, context = torch.tensor([1, 2]), torch.tensor([3, 4])
        >>> round(loss(center, context).item(), 4)
        4.1589
    """

    def __init__(
        self,
        embedding_dim: int,
        vocab_size: int,
        n_negatives: int = 5,
        reduction: str = "mean",
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        self.embedding_dim = check_positive_int("embedding_dim", embedding_dim)
        self.vocab_size = check_positive_int("vocab_size", vocab_size)
        self.n_negatives = check_non_negative_int("n_negatives", n_negatives)
        self.reduction = check_reduction(reduction)
        self.generator = generator
        self.in_embed = nn.Embedding(vocab_size, embedding_dim)
        self.out_embed = nn.Embedding(vocab_size, embedding_dim)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Input vectors uniform in ``±0.5/embedding_dim``, output vectors zero."""
        bound = 0.5 / self.embedding_dim
        with torch.no_grad():
            self.in_embed.weight.uniform_(-bound, bound, generator=self.generator)
            self.out_embed.weight.zero_()

    def _check_ids(self, name: str, ids: Tensor) -> None:
        check_index_tensor(name, ids)
        if ids.ndim != 1:
            raise ValueError(
                f"{name} must be a 1-d tensor of word ids; got shape {tuple(ids.shape)}"
            )
        check_index_range(name, ids, self.vocab_size)

    def sample_negatives(self, batch_size: int) -> Tensor:
        """Draw ``(batch_size, n_negatives)`` noise word ids."""
        return torch.randint(
            self.vocab_size,
            (batch_size, self.n_negatives),
            generator=self.generator,
            device=self.in_embed.weight.device,
        )

    def forward(self, center_ids: Tensor, context_ids: Tensor) -> Tensor:
        self._check_ids("center_ids", center_ids)
        self._check_ids("context_ids", context_ids)
        if center_ids.shape != context_ids.shape:
            raise ValueError(
                "center_ids and context_ids must have the same shape; got "
                f"{tuple(center_ids.shape)} and {tuple(context_ids.shape)}"
            )
        negatives = self.sample_negatives(center_ids.shape[0])
        return LF.negative_sampling_loss(
            self.in_embed(center_ids),
            self.out_embed(context_ids),
            self.out_embed(negatives),
            reduction=self.reduction,
        )

    def extra_repr(self) -> str:
        return (
            f"embedding_dim={self.embedding_dim}, vocab_size={self.vocab_size}, "
            f"n_negatives={self.n_negatives}"
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
