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


class _BatchedScores(torch.autograd.Function):
    """``scores[b, m] = outputs[b, m] · center[b]`` with a lean backward.

    Autograd's own backward of this product builds a ``(B, M, D)`` temporary
    for the center's gradient; summing ``M`` slices in place avoids it (the
    training step of word2vec is dominated by these ``(B, M, D)`` passes).
    """

    @staticmethod
    def forward(ctx, center: Tensor, outputs: Tensor) -> Tensor:
        ctx.save_for_backward(center, outputs)
        return torch.linalg.vecdot(outputs, center.unsqueeze(1))

    @staticmethod
    def backward(ctx, grad: Tensor) -> tuple[Tensor, Tensor]:
        center, outputs = ctx.saved_tensors
        grad_outputs = grad.unsqueeze(-1) * center.unsqueeze(1)
        grad_center = torch.zeros_like(center)
        for m in range(outputs.shape[1]):
            grad_center.addcmul_(grad[:, m, None], outputs[:, m])
        return grad_center, grad_outputs


def _pair_losses(scores: Tensor, mask: Tensor | None) -> Tensor:
    # The context word should score high, the noise words low.
    sign = torch.ones_like(scores[..., :1])
    signs = torch.cat([sign, -sign.expand_as(scores[..., 1:])], dim=-1)
    losses = -F.logsigmoid(signs * scores)
    if mask is not None:
        losses = losses * mask
    return losses.sum(-1)


def skipgram_pair_losses(
    center: Tensor, outputs: Tensor, mask: Tensor | None = None
) -> Tensor:
    """Per-pair losses from the output vectors of the context word (first along
    axis -2) and its noise words (the rest): ``(B, [W,] 1 + k, D)``.
    """
    batch, *pairs, words, dim = outputs.shape
    scores = _BatchedScores.apply(center, outputs.reshape(batch, -1, dim))
    return _pair_losses(scores.reshape(batch, *pairs, words), mask)


def negative_sampling_loss(
    center: Tensor,
    context: Tensor,
    negatives: Tensor,
    negative_mask: Tensor | None = None,
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
        context: Output vectors of the context words, ``(B, D)``, or
            ``(B, W, D)`` for a window of ``W`` context words per center.
        negatives: Output vectors of the noise words, ``(B, k, D)``, or
            ``(B, W, k, D)`` with a window.
        negative_mask: Optional boolean mask of ``negatives``' shape without
            ``D``; noise words where it is ``False`` add nothing.
        reduction: ``"mean"``, ``"sum"`` or ``"none"`` (one loss per pair,
            ``(B,)`` or ``(B, W)``).

    Example:
        >>> import torch
        >>> from losskit.functional import negative_sampling_loss
        >>> v = torch.ones(1, 4)
        >>> u = torch.zeros(1, 4)
        >>> round(negative_sampling_loss(v, u, torch.zeros(1, 5, 4)).item(), 4)
        4.1589
    """
    check_reduction(reduction)
    for name, value in (
        ("center", center),
        ("context", context),
        ("negatives", negatives),
    ):
        check_float_tensor(name, value)
    if center.ndim != 2:
        raise ValueError(f"center must have shape (B, D); got {tuple(center.shape)}")
    if (
        context.ndim not in (2, 3)
        or context.shape[0] != center.shape[0]
        or (context.shape[-1] != center.shape[1])
    ):
        raise ValueError(
            f"context must have shape ({center.shape[0]}, {center.shape[1]}) or "
            f"({center.shape[0]}, W, {center.shape[1]}); got {tuple(context.shape)}"
        )
    pair_shape = context.shape[:-1]
    if (
        negatives.ndim != context.ndim + 1
        or negatives.shape[:-2] != pair_shape
        or (negatives.shape[-1] != center.shape[1])
    ):
        expected = (*pair_shape, "k", center.shape[1])
        raise ValueError(
            f"negatives must have shape {expected}; got {tuple(negatives.shape)}"
        )
    if negative_mask is not None and negative_mask.shape != negatives.shape[:-1]:
        raise ValueError(
            f"negative_mask must have shape {tuple(negatives.shape[:-1])}; got "
            f"{tuple(negative_mask.shape)}"
        )
    center, context, negatives = promote(center, context, negatives)
    outputs = torch.cat([context.unsqueeze(-2), negatives], dim=-2)
    if negative_mask is not None:
        keep = torch.ones_like(negative_mask[..., :1])
        negative_mask = torch.cat([keep, negative_mask], dim=-1)
    loss = skipgram_pair_losses(center, outputs, negative_mask)
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
