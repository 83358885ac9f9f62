"""Argument checks shared by the losses.

Each check raises an exception that names the argument and the offending value,
so that a mistake is reported where the user made it rather than deep inside
torch.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

REDUCTIONS = ("mean", "sum", "none")


def check_reduction(reduction: Any) -> str:
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of {', '.join(map(repr, REDUCTIONS))}; "
            f"got {reduction!r}"
        )
    return reduction


def check_tensor(name: str, value: Any) -> Tensor:
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor; got {type(value).__name__}")
    return value


def check_float_tensor(name: str, value: Any) -> Tensor:
    check_tensor(name, value)
    if not value.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor; got dtype {value.dtype}"
        )
    return value


def check_index_tensor(name: str, value: Any) -> Tensor:
    check_tensor(name, value)
    if value.dtype not in (
        torch.int64,
        torch.int32,
        torch.int16,
        torch.int8,
        torch.uint8,
    ):
        raise TypeError(
            f"{name} must hold integer class indices; got dtype {value.dtype}"
        )
    return value


def check_probability(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number in [0, 1]; got {value!r}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1]; got {value!r}")
    return float(value)


def check_positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a positive integer; got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return value


def check_non_negative_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a non-negative integer; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {value!r}")
    return value


def check_number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number; got {value!r}")
    return float(value)


def check_dim(name: str, dim: Any, ndim: int) -> int:
    """Return ``dim`` as a non-negative axis of a tensor with ``ndim`` axes."""
    if isinstance(dim, bool) or not isinstance(dim, int):
        raise TypeError(f"{name} must be an integer axis; got {dim!r}")
    if not -ndim <= dim < ndim:
        raise ValueError(
            f"{name}={dim} is out of range for a tensor with {ndim} dimensions"
        )
    return dim % ndim


def check_index_range(
    name: str, index: Tensor, size: int, ignore_index: int | None = None
) -> None:
    """Raise if any entry of ``index`` lies outside ``[0, size)``.

    Entries equal to ``ignore_index`` are allowed wherever they are.
    """
    bad = (index < 0) | (index >= size)
    if ignore_index is not None:
        bad &= index != ignore_index
    if bool(bad.any()):
        value = int(index[bad][0])
        allowed = f"[0, {size})"
        if ignore_index is not None:
            allowed += f" or ignore_index={ignore_index}"
        raise ValueError(f"{name} holds {value}, outside {allowed}")


def promote(*tensors: Tensor) -> tuple[Tensor, ...]:
    """Cast floating tensors to their common dtype, as torch's own ops would."""
    dtype = tensors[0].dtype
    for t in tensors[1:]:
        dtype = torch.promote_types(dtype, t.dtype)
    return tuple(t.to(dtype) for t in tensors)


def apply_reduction(loss: Tensor, reduction: str) -> Tensor:
    """Reduce per-element losses by ``"mean"``, ``"sum"`` or ``"none"``."""
    check_reduction(reduction)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
