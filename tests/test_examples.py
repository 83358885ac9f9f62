"""Each example runs on its own, as a user runs it: ``python examples/...``."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT, child_env

pytestmark = pytest.mark.slow


def run(script):
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_and_is_deterministic(script):
    first = run(script)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip(), "an example should print what it computes"
    second = run(script)
    assert second.stdout == first.stdout, "two runs printed different numbers"


def test_text_losses_prints_the_numbers_it_explains():
    output = run(ROOT / "examples" / "plot_text_losses.py").stdout
    lines = dict(line.split(":", 1) for line in output.splitlines())
    assert (
        lines["cross-entropy"].strip() == lines["label smoothing, alpha = 0.0"].strip()
    )
    assert lines["fresh word2vec loss on 50 pairs"].strip() == "4.1589"
    assert lines["(1 + k) ln 2 with k = 5"].strip() == "4.1589"
    assert lines["label smoothing 0.1"].strip() == "lowest loss at p = 0.95"
    assert lines["label smoothing 0.2"].strip() == "lowest loss at p = 0.90"
