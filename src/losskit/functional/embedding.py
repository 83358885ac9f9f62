"""Embedding losses: skip-gram negative sampling and cosine similarity."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from .._validation import (
    apply_reduction,
    check_dim,
    check_float_tensor,
    check_number,
    check_reduction,
    promote,
)

__all__ = ["cosine_similarity_loss", "negative_sampling_loss"]


def negative_sampling_loss(
    center: Tensor,
    context: Tensor,
    negatives: Tensor,
    reduction: str = "mean",
) -> Tensor:
    r"""Skip-gram loss with negative sampling, on embedding vectors.

    For a center vector :math:`v`, the output vector :math:`u_o` of its true
    context word and the output vectors :math:`u_1, \dots, u_k` of :math:`k`
    sampled noise words:

    .. math::

        \ell = -\log \sigma(u_o^\top v) - \sum_{i=1}^{k} \log \sigma(-u_i^\top v)

    Args:
        center: Input vectors of the center words, ``(B, D)``.
        context: Output vectors of the context words, ``(B, D)``.
        negatives: Output vectors of the noise words, ``(B, k, D)``.
        reduction: ``"mean"``, ``"sum"`` or ``"none"`` (losses of shape ``(B,)``).

    Example:
        >>> import torch
        >>> from losskit.functional import negative_sampling_loss
        >>> v = torch.ones(1, 4)
        >>> u = torch.zeros(1, 4)
        >>> round(negative_sampling_loss(v, u, torch.zeros(1, 5, 4)).item(), 4)
        4.1589
    """
    check_reduction(reduction)
    for name, value, ndim in (
        ("center", center, 2),
        ("context", context, 2),
        ("negatives", negatives, 3),
    ):
        check_float_tensor(name, value)
        if value.ndim != ndim:
            raise ValueError(
                f"{name} must have {ndim} dimensions; got shape {tuple(value.shape)}"
            )
    if context.shape != center.shape:
        raise ValueError(
            f"context must have the shape of center {tuple(center.shape)}; "
            f"got {tuple(context.shape)}"
        )
    if negatives.shape[0] != center.shape[0] or negatives.shape[2] != center.shape[1]:
        raise ValueError(
            f"negatives must have shape ({center.shape[0]}, k, {center.shape[1]}); "
            f"got {tuple(negatives.shape)}"
        )
    center, context, negatives = promote(center, context, negatives)
    positive_score = (center * context).sum(-1)
    negative_score = torch.bmm(negatives, center.unsqueeze(-1)).squeeze(-1)
    loss = -F.logsigmoid(positive_score) - F.logsigmoid(-negative_score).sum(-1)
    return apply_reduction(loss, reduction)


def cosine_similarity_loss(
    x: Tensor,
    y: Tensor,
    margin: float = 0.0,
    dim: int = 1,
    eps: float = 1e-8,
    reduction: str = "mean",
) -> Tensor:
    r"""Hinge on the cosine similarity of two batches of vectors.

    .. math::

        \ell_n = \max\left(0,\; m - \frac{x_n^\top y_n}
                 {\max(\lVert x_n \rVert\,\lVert y_n \rVert, \epsilon)}\right)

    The loss is zero once a pair is at least ``margin`` similar, so with
    ``margin=0`` it only pushes apart pairs that point away from each other,
    and with ``margin=1`` it pulls every pair towards the same direction.

    Args:
        x: First batch, for example ``(N, D)``.
        y: Second batch, of ``x``'s shape.
        margin: Similarity :math:`m` above which a pair costs nothing.
        dim: The axis along which the cosine is taken.
        eps: Lower bound of the norm product, so zero vectors stay finite.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.

    Example:
        >>> import torch
        >>> from losskit.functional import cosine_similarity_loss
        >>> x = torch.tensor([[1.0, 0.0]])
        >>> y = torch.tensor([[0.0, 1.0]])
        >>> cosine_similarity_loss(x, y, margin=0.5).item()
        0.5
    """
    check_reduction(reduction)
    check_float_tensor("x", x)
    check_float_tensor("y", y)
    if x.shape != y.shape:
        raise ValueError(
            f"x and y must have the same shape; got {tuple(x.shape)} and "
            f"{tuple(y.shape)}"
        )
    if x.ndim == 0:
        raise ValueError("x and y must have at least one dimension; got 0-d tensors")
    dim = check_dim("dim", dim, x.ndim)
    margin = check_number("margin", margin)
    eps = check_number("eps", eps)
    if eps <= 0:
        raise ValueError(f"eps must be positive; got {eps!r}")
    x, y = promote(x, y)
    cosine = F.cosine_similarity(x, y, dim=dim, eps=eps)
    return apply_reduction((margin - cosine).clamp_min(0.0), reduction)
