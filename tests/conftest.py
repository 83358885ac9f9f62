"""Shared fixtures: the repository's paths and one real build of the site."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").rglob("plot_*.py"))

# Tests run beside parallel builds; one thread each keeps them from fighting.
torch.set_num_threads(1)


def load_tool(name: str):
    """Import a script from tools/ as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expected_binder_url(script: Path) -> str:
    """The Binder link an example's page should carry, from pyproject's URL."""
    source = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"][
        "Source"
    ]
    org, repo, _, branch = source.removeprefix("https://github.com/").split("/")
    notebook = Path("notebooks/auto_examples") / script.relative_to(ROOT / "examples")
    return (
        f"https://mybinder.org/v2/gh/{org}/{repo}/{branch}"
        f"?urlpath=lab/tree/{notebook.with_suffix('.ipynb').as_posix()}"
    )


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: headless, single-threaded torch."""
    env = {**os.environ, "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1"}
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site from a copy of the sources; return the HTML folder.

    The copy keeps the build's generated files (the gallery, the API stubs)
    out of the working tree, and starts from nothing as a fresh clone would.
    """
    source = tmp_path_factory.mktemp("source")
    for name in ("docs", "examples", "binder"):
        shutil.copytree(
            ROOT / name,
            source / name,
            ignore=shutil.ignore_patterns(
                "_build", "auto_examples", "gen_modules", "generated", "__pycache__"
            ),
        )
    shutil.copy(ROOT / "pyproject.toml", source)
    html = source / "docs" / "_build" / "html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-b",
            "html",
            str(source / "docs"),
            str(html),
        ],
        env=child_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"the docs build failed:\n{result.stdout[-4000:]}\n{result.stderr}")
    return html
