"""The base class every losskit loss derives from."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from torch import Tensor, nn


class BaseLoss(nn.Module, ABC):
    """An ``nn.Module`` that computes a loss in :meth:`forward`.

    Subclasses implement :meth:`forward`; register them with
    :func:`losskit.register_loss` to make them reachable by name through
    :class:`losskit.LossRegistry`.
    """

    @abstractmethod
    def forward(self, *args: Any, **kwargs: Any) -> Tensor:
        """Compute the loss."""
