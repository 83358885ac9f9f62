"""Classification losses: cross-entropy and label-smoothed cross-entropy."""

from __future__ import annotations

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

__all__ = ["cross_entropy", "label_smoothing_cross_entropy"]


def _prepare(
    logits: Tensor,
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
    dim: int,
) -> tuple[Tensor, Tensor, Tensor | None]:
    """Validate a classification call and move the class axis to position 1.

    Returns ``(logits, target, weight)`` in the layout ``F.cross_entropy`` takes:
    ``(N, C, d1, ...)`` with index targets ``(N, d1, ...)``, or soft targets of
    the same shape as the logits.
    """
    check_float_tensor("logits", logits)
    check_tensor("target", target)
    if logits.ndim == 0:
        raise ValueError("logits must have a class dimension; got a 0-d tensor")
    dim = check_dim("dim", dim, logits.ndim)
    num_classes = logits.shape[dim]
    tensors = [logits]

    if target.is_floating_point():
        # Soft targets: a probability distribution over classes per position.
        if target.shape != logits.shape:
            raise ValueError(
                "probability targets must have the shape of logits "
                f"{tuple(logits.shape)}; got {tuple(target.shape)}"
            )
        tensors.append(target)
    elif target.is_complex() or target.dtype == torch.bool:
        raise TypeError(
            f"target must hold integer class indices or float probabilities; "
            f"got dtype {target.dtype}"
        )
    else:
        expected = logits.shape[:dim] + logits.shape[dim + 1 :]
        if target.shape != expected:
            raise ValueError(
                f"target of shape {tuple(target.shape)} does not match logits of "
                f"shape {tuple(logits.shape)} with classes on dim={dim}: expected "
                f"target shape {tuple(expected)}"
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
        tensors.append(weight)

    tensors = list(promote(*tensors))
    logits = tensors[0]
    if target.is_floating_point():
        target = tensors[1]
    if weight is not None:
        weight = tensors[-1]

    if logits.ndim >= 2 and dim != 1:
        logits = logits.movedim(dim, 1)
        if target.is_floating_point():
            target = target.movedim(dim, 1)
    return logits, target, weight


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

    With ``reduction="mean"`` the losses are averaged with weights
    :math:`w_{y_n}` over the positions whose target is not ``ignore_index``,
    as :func:`torch.nn.functional.cross_entropy` does.

    Args:
        logits: Unnormalised logits, ``(N, C)`` or ``(N, C, d1, ...)``; the class
            axis is ``dim``.
        target: Class indices of ``logits``' shape without the class axis, or
            class probabilities of ``logits``' shape.
        weight: Optional per-class rescaling weights of shape ``(C,)``.
        ignore_index: Target value whose positions add nothing to the loss.
        label_smoothing: Smoothing mass in ``[0, 1]``, spread uniformly over
            all ``C`` classes.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
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
    logits, target, weight = _prepare(logits, target, weight, ignore_index, dim)
    return F.cross_entropy(
        logits,
        target,
        weight=weight,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=label_smoothing,
    )


def label_smoothing_cross_entropy(
    logits: Tensor,
    target: Tensor,
    smoothing: float = 0.1,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    dim: int = -1,
) -> Tensor:
    r"""Cross-entropy against a label-smoothed target distribution.

    The one-hot target is mixed with the uniform distribution over all
    :math:`K` classes, the target class included:

    .. math::

        q_c = (1 - s)\,[c = y] + \frac{s}{K}, \qquad
        \ell_n = -\sum_{c=1}^{K} q_c \log p_{n, c}

    This is the convention of
    ``torch.nn.functional.cross_entropy(..., label_smoothing=s)``, and
    ``s = 0`` gives plain cross-entropy.

    Args:
        logits: Unnormalised logits; the class axis is ``dim`` (last by default,
            so token sequences ``(N, T, K)`` work as they are).
        target: Class indices of ``logits``' shape without the class axis.
        smoothing: The mass :math:`s \in [0, 1]` moved off the target class.
        weight: Optional per-class weights of shape ``(K,)``.
        ignore_index: Target value whose positions add nothing to the loss.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
        dim: The class axis of ``logits``.

    Example:
        >>> import torch
        >>> from losskit.functional import label_smoothing_cross_entropy
        >>> logits = torch.tensor([[2.0, 0.0, 0.0]])
        >>> loss = label_smoothing_cross_entropy(logits, torch.tensor([0]), 0.1)
        >>> round(loss.item(), 4)
        0.3729
    """
    check_reduction(reduction)
    smoothing = check_probability("smoothing", smoothing)
    logits, target, weight = _prepare(logits, target, weight, ignore_index, dim)
    return F.cross_entropy(
        logits,
        target,
        weight=weight,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=smoothing,
    )
