"""Every example in a docstring runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import losskit
from losskit import LossRegistry

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(losskit.__path__, prefix="losskit.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    saved = dict(LossRegistry._losses)
    try:
        result = doctest.testmod(importlib.import_module(name), raise_on_error=False)
    finally:
        LossRegistry._losses.clear()
        LossRegistry._losses.update(saved)
    assert result.failed == 0


def test_public_api_has_examples():
    """Each public loss documents itself with a runnable example."""
    for name in losskit.__all__:
        obj = getattr(losskit, name)
        if isinstance(obj, type) and name.endswith("Loss") and name != "BaseLoss":
            assert ">>>" in obj.__doc__, name
    for name in losskit.functional.__all__:
        assert ">>>" in getattr(losskit.functional, name).__doc__, name
