"""Classification losses: cross-entropy and label-smoothed cross-entropy.

With class-index targets every smoothed variant here is a cross-entropy
against :math:`q = a\\,\\mathrm{onehot}(y) + b`, computed by one fused
kernel (:mod:`._fused`); plain cross-entropy and probability targets go to
:func:`torch.nn.functional.cross_entropy`, whose kernel is already fused.
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from torch import Tensor

from .._validation import (
    check_dim,
    check_float_tensor,
    check_index_range,
    check_probability,
    check_reduction,
    check_tensor,
    promote,
)
from ._fused import smoothed_cross_entropy_reference, smoothed_cross_entropy_rows

__all__ = ["cross_entropy", "label_smoothing_cross_entropy"]

Convention = Literal["uniform", "others"]
CONVENTIONS = ("uniform", "others")


def _prepare(
    logits: Tensor,
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
    dim: int,
) -> tuple[Tensor, Tensor, Tensor | None, int]:
    """Validate a classification call and promote its float tensors.

    Returns ``(logits, target, weight, dim)`` with ``dim`` made non-negative.
    """
    check_float_tensor("logits", logits)
    check_tensor("target", target)
    if logits.ndim == 0:
        raise ValueError("logits must have a class dimension; got a 0-d tensor")
    dim = check_dim("dim", dim, logits.ndim)
    num_classes = logits.shape[dim]
    index_shape = logits.shape[:dim] + logits.shape[dim + 1 :]

    if target.is_floating_point():
        if target.shape == index_shape:
            raise TypeError(
                f"target holds class indices as {target.dtype}; class indices "
                "must be integers (use target.long()), and probability targets "
                f"must have the shape of logits {tuple(logits.shape)}"
            )
        if target.shape != logits.shape:
            raise ValueError(
                "probability targets must have the shape of logits "
                f"{tuple(logits.shape)}; got {tuple(target.shape)}"
            )
    elif target.is_complex() or target.dtype == torch.bool:
        raise TypeError(
            "target must hold integer class indices or float probabilities; "
            f"got dtype {target.dtype}"
        )
    else:
        if target.shape != index_shape:
            raise ValueError(
                f"target of shape {tuple(target.shape)} does not match logits of "
                f"shape {tuple(logits.shape)} with classes on dim={dim}: expected "
                f"target shape {tuple(index_shape)}"
            )
        check_index_range("target", target, num_classes, ignore_index)
        target = target.long()

    if weight is not None:
        check_float_tensor("weight", weight)
        if weight.shape != (num_classes,):
            raise ValueError(
                f"weight must have shape ({num_classes},), one entry per class; "
                f"got {tuple(weight.shape)}"
            )
        logits, weight = promote(logits, weight)
    if target.is_floating_point():
        logits, target = promote(logits, target)
        if weight is not None:
            weight = weight.to(logits.dtype)
    return logits, target, weight, dim


def _index_target_loss(
    logits: Tensor,
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
    reduction: str,
    dim: int,
    a: float,
    b: float,
) -> Tensor:
    """Cross-entropy against ``a·onehot(target) + b``, reduced."""
    num_classes = logits.shape[dim]
    rows = logits.movedim(dim, -1).reshape(-1, num_classes)
    flat_target = target.reshape(-1)
    if a == 1.0 and b == 0.0:
        # Plain cross-entropy: torch's own kernel is already fused.
        loss = F.cross_entropy(
            rows,
            flat_target,
            weight,
            ignore_index=ignore_index,
            reduction="none" if reduction == "none" else "sum",
        )
    else:
        # Dynamo would unroll the fused kernel's loop over row blocks; under
        # torch.compile the plain formula lets the compiler fuse it instead.
        kernel = (
            smoothed_cross_entropy_reference
            if torch.compiler.is_compiling()
            else smoothed_cross_entropy_rows
        )
        loss = kernel(rows, flat_target, weight, ignore_index, a, b)
    if reduction == "none":
        return loss.reshape(target.shape)
    total = loss.sum()
    if reduction == "sum":
        return total
    valid = flat_target != ignore_index
    if weight is None:
        denominator = valid.sum().to(total.dtype)
    else:
        denominator = (weight[torch.where(valid, flat_target, 0)] * valid).sum()
    # Where every target is ignored the mean is 0, with zero gradient, not NaN.
    return total / torch.where(denominator > 0, denominator, 1).to(total.dtype)


def cross_entropy(
    logits: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
    dim: int = 1,
) -> Tensor:
    r"""Cross-entropy between logits and class targets.

    .. math::

        \ell_n = -w_{y_n} \log \frac{\exp x_{n, y_n}}{\sum_c \exp x_{n, c}}

    With ``reduction="mean"`` the losses are summed and divided by
    :math:`\sum_n w_{y_n}` over the positions whose target is not
    ``ignore_index``, as :func:`torch.nn.functional.cross_entropy` does. Where
    every target is ignored the mean is 0 (with zero gradient), not NaN.

    Args:
        logits: Unnormalised scores with the classes on ``dim``: ``(N, C)``,
            ``(N, C, d1, ...)``, or ``(C,)`` for one example.
        target: Class indices, ``logits``' shape without ``dim``; or class
            probabilities of ``logits``' shape.
        weight: Optional per-class weights, shape ``(C,)``.
        ignore_index: Target value whose positions add nothing to the loss.
        label_smoothing: Mass in ``[0, 1]`` spread uniformly over all ``C``
            classes, as in :func:`label_smoothing_cross_entropy`.
        reduction: ``"mean"``, ``"sum"`` or ``"none"`` (the target's shape).
        dim: The class axis of ``logits``.

    Returns:
        A scalar, or the per-position losses for ``reduction="none"``.

    Example:
        >>> import torch
        >>> from losskit.functional import cross_entropy
        >>> logits = torch.tensor([[2.0, 0.0, 0.0]])
        >>> round(cross_entropy(logits, torch.tensor([0])).item(), 4)
        0.2395
    """
    check_reduction(reduction)
    label_smoothing = check_probability("label_smoothing", label_smoothing)
    logits, target, weight, dim = _prepare(logits, target, weight, ignore_index, dim)
    if target.is_floating_point():
        return F.cross_entropy(
            logits.movedim(dim, 1) if logits.ndim > 1 else logits,
            target.movedim(dim, 1) if target.ndim > 1 else target,
            weight=weight,
            reduction=reduction,
            label_smoothing=label_smoothing,
        )
    s, num_classes = label_smoothing, logits.shape[dim]
    return _index_target_loss(
        logits, target, weight, ignore_index, reduction, dim, 1.0 - s, s / num_classes
    )


def label_smoothing_cross_entropy(
    logits: Tensor,
    target: Tensor,
    smoothing: float = 0.1,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    dim: int = -1,
    convention: Convention = "uniform",
) -> Tensor:
    r"""Cross-entropy against a label-smoothed target distribution.

    The one-hot target is mixed with a uniform distribution, in one of two
    conventions:

    ``"uniform"`` (default; torch's ``label_smoothing``, timm's)
        :math:`s` is spread over all :math:`K` classes, the target included:
        :math:`q_c = (1 - s)\,[c = y] + s/K`.
    ``"others"`` (fairseq's)
        :math:`s` is spread over the :math:`K - 1` other classes and the target
        keeps exactly :math:`1 - s`: :math:`q_y = 1 - s`,
        :math:`q_{c \ne y} = s/(K - 1)`.

    .. math::

        \ell_n = -\sum_{c=1}^{K} w_c\, q_c \log p_{n, c}, \qquad
        p_n = \operatorname{softmax}(x_n)

    With weights, ``reduction="mean"`` divides by :math:`\sum_n w_{y_n}` over
    the positions not ignored, as torch does; where all are ignored it is 0.
    ``s = 0`` is plain cross-entropy in both conventions.

    Args:
        logits: Unnormalised scores with the classes on ``dim`` (last by
            default, so token sequences ``(N, T, K)`` work as they are).
        target: Class indices, ``logits``' shape without ``dim``; or, with
            the ``"uniform"`` convention, class probabilities of ``logits``'
            shape.
        smoothing: The smoothing mass :math:`s \in [0, 1]`.
        weight: Optional per-class weights, shape ``(K,)``.
        ignore_index: Target value whose positions add nothing to the loss.
        reduction: ``"mean"``, ``"sum"`` or ``"none"`` (the target's shape).
        dim: The class axis of ``logits``.
        convention: ``"uniform"`` or ``"others"``, as above.

    Example:
        >>> import torch
        >>> from losskit.functional import label_smoothing_cross_entropy
        >>> logits = torch.tensor([[2.0, 0.0, 0.0]])
        >>> loss = label_smoothing_cross_entropy(logits, torch.tensor([0]), 0.1)
        >>> round(loss.item(), 4)
        0.3729
        >>> fairseq = label_smoothing_cross_entropy(
        ...     logits, torch.tensor([0]), 0.1, convention="others")
        >>> round(fairseq.item(), 4)
        0.4395
    """
    check_reduction(reduction)
    smoothing = check_probability("smoothing", smoothing)
    if convention not in CONVENTIONS:
        raise ValueError(
            f"convention must be 'uniform' or 'others'; got {convention!r}"
        )
    logits, target, weight, dim = _prepare(logits, target, weight, ignore_index, dim)
    num_classes = logits.shape[dim]
    if target.is_floating_point():
        if convention != "uniform":
            raise ValueError(
                "convention='others' needs class-index targets; got probability targets"
            )
        return cross_entropy(
            logits, target, weight, ignore_index, smoothing, reduction, dim
        )
    if convention == "uniform":
        a, b = 1.0 - smoothing, smoothing / num_classes
    elif num_classes > 1:
        b = smoothing / (num_classes - 1)
        a = 1.0 - smoothing - b
    elif smoothing > 0:
        raise ValueError(
            "convention='others' needs at least 2 classes to smooth over; logits "
            f"have 1 class on dim={dim}"
        )
    else:
        a, b = 1.0, 0.0
    return _index_target_loss(
        logits, target, weight, ignore_index, reduction, dim, a, b
    )
