"""Classification losses as modules: cross-entropy and label smoothing."""

from __future__ import annotations

from torch import Tensor

from . import functional as LF
from ._validation import (
    check_dim,
    check_float_tensor,
    check_positive_int,
    check_probability,
    check_reduction,
)
from .base import BaseLoss
from .functional.classification import CONVENTIONS, Convention
from .registry import register_loss

__all__ = ["CrossEntropyLoss", "LabelSmoothingLoss"]


@register_loss()
class CrossEntropyLoss(BaseLoss):
    r"""Cross-entropy between logits and class targets.

    A module around :func:`losskit.functional.cross_entropy`, with the
    arguments of :class:`torch.nn.CrossEntropyLoss`.

    Args:
        weight: Optional per-class weights of shape ``(C,)``.
        ignore_index: Target value whose positions add nothing to the loss.
        label_smoothing: Smoothing mass in ``[0, 1]``, spread over all classes.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.

    Shape:
        - ``logits``: ``(N, C)`` or ``(N, C, d1, ...)``.
        - ``target``: ``(N,)`` or ``(N, d1, ...)`` class indices, or class
          probabilities of the shape of ``logits``.
        - Output: a scalar, or ``target``'s shape with ``reduction="none"``.

    Example:
        >>> import torch
        >>> from losskit import CrossEntropyLoss
        >>> loss = CrossEntropyLoss()
        >>> round(loss(torch.tensor([[2.0, 0.0, 0.0]]), torch.tensor([0])).item(), 4)
        0.2395
    """

    weight: Tensor | None

    def __init__(
        self,
        weight: Tensor | None = None,
        ignore_index: int = -100,
        label_smoothing: float = 0.0,
        reduction: str = "mean",
    ) -> None:
        super().__init__()
        self.register_buffer("weight", weight)
        self.ignore_index = ignore_index
        self.label_smoothing = check_probability("label_smoothing", label_smoothing)
        self.reduction = check_reduction(reduction)

    def forward(self, logits: Tensor, target: Tensor) -> Tensor:
        return LF.cross_entropy(
            logits,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            label_smoothing=self.label_smoothing,
            reduction=self.reduction,
        )


@register_loss()
class LabelSmoothingLoss(BaseLoss):
    r"""Cross-entropy against label-smoothed targets.

    By default (``convention="uniform"``) the target distribution spreads
    :math:`s` uniformly over all :math:`K` classes, the true class included:

    .. math::

        q_c = (1 - s)\,[c = y] + \frac{s}{K}, \qquad
        \ell = -\sum_{c=1}^{K} q_c \log \operatorname{softmax}(x)_c

    This agrees with ``torch.nn.functional.cross_entropy(..., label_smoothing=s)``.
    ``convention="others"`` spreads :math:`s` over the :math:`K - 1` other
    classes and keeps exactly :math:`1 - s` on the true one (fairseq's). The
    loss runs a fused kernel that never builds the log-probabilities or the
    smoothed targets as tensors (see
    :func:`losskit.functional.label_smoothing_cross_entropy`).

    Args:
        smoothing: The smoothing mass :math:`s \in [0, 1]`.
        classes: The number of classes :math:`K`; ``None`` takes it from the
            input. A given value that differs from the input is an error.
        dim: The class axis of the logits (last by default).
        weight: Optional per-class weights of shape ``(K,)``.
        ignore_index: Target value whose positions add nothing to the loss.
        reduction: ``"mean"``, ``"sum"`` or ``"none"``.
        convention: ``"uniform"`` or ``"others"``, as above.

    Shape:
        - ``logits``: ``(N, K)``, or ``(N, T, K)`` for token sequences.
        - ``target``: class indices, ``logits``' shape without ``dim``.
        - Output: a scalar, or ``target``'s shape with ``reduction="none"``.

    Example:
        >>> import torch
        >>> from losskit import LabelSmoothingLoss
        >>> loss = LabelSmoothingLoss(smoothing=0.1, classes=3)
        >>> round(loss(torch.tensor([[2.0, 0.0, 0.0]]), torch.tensor([0])).item(), 4)
        0.3729
    """

    weight: Tensor | None

    def __init__(
        self,
        smoothing: float = 0.1,
        classes: int | None = None,
        dim: int = -1,
        weight: Tensor | None = None,
        ignore_index: int = -100,
        reduction: str = "mean",
        convention: Convention = "uniform",
    ) -> None:
        super().__init__()
        self.smoothing = check_probability("smoothing", smoothing)
        if convention not in CONVENTIONS:
            raise ValueError(
                f"convention must be 'uniform' or 'others'; got {convention!r}"
            )
        self.convention = convention
        if classes is not None:
            check_positive_int("classes", classes)
        self.classes = classes
        self.dim = dim
        self.register_buffer("weight", weight)
        self.ignore_index = ignore_index
        self.reduction = check_reduction(reduction)

    def forward(self, logits: Tensor, target: Tensor) -> Tensor:
        if self.classes is not None:
            check_float_tensor("logits", logits)
            dim = check_dim("dim", self.dim, logits.ndim)
            if logits.shape[dim] != self.classes:
                raise ValueError(
                    f"logits have {logits.shape[dim]} classes on dim={self.dim}, "
                    f"but the loss was built with classes={self.classes}"
                )
        return LF.label_smoothing_cross_entropy(
            logits,
            target,
            smoothing=self.smoothing,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            dim=self.dim,
            convention=self.convention,
        )

    def extra_repr(self) -> str:
        return (
            f"smoothing={self.smoothing}, classes={self.classes}, dim={self.dim}, "
            f"convention={self.convention!r}"
        )
