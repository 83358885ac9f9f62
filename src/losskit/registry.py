"""A registry of losses by name, compatible with kaira's ``LossRegistry``.

Code written for ``kaira.losses.LossRegistry`` runs against this one after its
import root is renamed: the same class methods, the same default names (the
class name in lower case), and the same ``_losses`` mapping.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from .base import BaseLoss

L = TypeVar("L", bound=type)


class LossRegistry:
    """Loss classes by name.

    Names are matched without regard to case, so ``"LabelSmoothingLoss"`` (the
    class name) and ``"labelsmoothingloss"`` (the registered name) find the
    same class.

    Example:
        >>> from losskit import LossRegistry
        >>> loss = LossRegistry.create("labelsmoothingloss", smoothing=0.1, classes=5)
        >>> type(loss).__name__
        'LabelSmoothingLoss'
    """

    _losses: ClassVar[dict[str, type[BaseLoss]]] = {}

    @classmethod
    def register(
        cls, name: str, loss_class: type[BaseLoss], *, overwrite: bool = False
    ) -> None:
        """Register ``loss_class`` under ``name``.

        Raises:
            TypeError: ``name`` is not a string or ``loss_class`` not a class.
            ValueError: ``name`` is taken and ``overwrite`` is false.
        """
        if not isinstance(name, str) or not name:
            raise TypeError(f"name must be a non-empty string; got {name!r}")
        if not inspect.isclass(loss_class):
            raise TypeError(f"loss_class must be a class; got {loss_class!r}")
        key = cls._find(name)
        if key is not None:
            taken = cls._losses[key]
            if taken is not loss_class and not overwrite:
                raise ValueError(
                    f"loss name {name!r} is already registered to "
                    f"{taken.__module__}.{taken.__qualname__}; pass "
                    "overwrite=True to replace it"
                )
            del cls._losses[key]
        cls._losses[name] = loss_class

    @classmethod
    def _find(cls, name: str) -> str | None:
        """The registered name equal to ``name`` regardless of case, if any."""
        folded = name.casefold()
        return next((key for key in cls._losses if key.casefold() == folded), None)

    @classmethod
    def register_loss(
        cls, name: str | None = None, *, overwrite: bool = False
    ) -> Callable[[L], L]:
        """Class decorator: register under ``name``, by default the class name
        in lower case."""

        def decorator(loss_class: L) -> L:
            cls.register(
                loss_class.__name__.lower() if name is None else name,
                loss_class,
                overwrite=overwrite,
            )
            return loss_class

        return decorator

    @classmethod
    def get(cls, name: str) -> type[BaseLoss]:
        """Return the class registered under ``name`` or with that class name.

        Both are matched regardless of case.

        Raises:
            KeyError: no loss has that name; the message lists close matches
                and the available names.
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a string; got {name!r}")
        key = cls._find(name)
        if key is not None:
            return cls._losses[key]
        for loss_class in cls._losses.values():
            if loss_class.__name__.casefold() == name.casefold():
                return loss_class
        folded = {key.casefold(): key for key in cls._losses}
        close = [
            folded[match]
            for match in difflib.get_close_matches(name.casefold(), folded, 3, 0.6)
        ]
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(
            f"no loss named {name!r}.{hint} Available: {', '.join(cls.list_losses())}"
        ) from None

    @classmethod
    def create(cls, name: str, **kwargs: Any) -> BaseLoss:
        """Build the loss registered under ``name`` with keyword arguments.

        Raises:
            KeyError: unknown name.
            TypeError: an argument the loss does not accept; the message lists
                the ones it does.
        """
        loss_class = cls.get(name)
        signature = inspect.signature(loss_class)
        try:
            signature.bind(**kwargs)
        except TypeError as error:
            accepted = ", ".join(
                p.name
                for p in signature.parameters.values()
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            )
            raise TypeError(
                f"{loss_class.__name__}: {error}. Accepted arguments: "
                f"{accepted or '(none)'}"
            ) from None
        return loss_class(**kwargs)

    @classmethod
    def list_losses(cls) -> list[str]:
        """The registered names, sorted."""
        return sorted(cls._losses)


def register_loss(
    name: str | None = None, *, overwrite: bool = False
) -> Callable[[L], L]:
    """Class decorator that registers a loss in :class:`LossRegistry`.

    Example:
        >>> import torch
        >>> from losskit import BaseLoss, LossRegistry, register_loss
        >>> @register_loss("doctest_l1")
        ... class L1(BaseLoss):
        ...     def forward(self, x, y):
        ...         return (x - y).abs().mean()
        >>> LossRegistry.create("doctest_l1")(torch.ones(2), torch.zeros(2)).item()
        1.0
    """
    return LossRegistry.register_loss(name, overwrite=overwrite)
