"""Binder, reproduced: its requirements, its build script, its notebooks.

A fresh virtual environment gets ``binder/requirements.txt`` (plus the
Jupyter pieces Binder's base image provides), ``binder/postBuild`` runs in a
fresh copy of the repository, and each notebook must then exist at the path
the site's Binder badge opens and run there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import EXAMPLES, ROOT, child_env, expected_binder_url

pytestmark = pytest.mark.slow

RUN_NOTEBOOK = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
"""


def tracked_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in listing.stdout.splitlines() if (root / line).is_file()]


@pytest.fixture(scope="module")
def binder_repo(tmp_path_factory):
    """A copy of the repository after Binder's build, and its environment."""
    base = tmp_path_factory.mktemp("binder")
    repo = base / "repo"
    for name in tracked_files(ROOT):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)

    env_dir = base / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    env = child_env(
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        VIRTUAL_ENV=str(env_dir),
        PIP_RETRIES="0",
    )
    env.pop("PYTHONPATH", None)
    install = subprocess.run(
        [
            bin_dir / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "-r",
            "binder/requirements.txt",
            "ipykernel",
            "nbclient",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    build = subprocess.run(
        ["bash", "binder/postBuild"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return repo, bin_dir, env


def binder_target(script: Path) -> str:
    query = parse_qs(urlparse(expected_binder_url(script)).query)
    return query["urlpath"][0].removeprefix("lab/tree/")


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_notebook_exists_where_binder_opens_it_and_runs(binder_repo, script):
    repo, bin_dir, env = binder_repo
    notebook = repo / binder_target(script)
    assert notebook.is_file(), f"Binder opens {binder_target(script)}; it is missing"
    run = subprocess.run(
        [bin_dir / "python", "-c", RUN_NOTEBOOK, notebook, notebook.parent],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]


def test_binder_environment_has_cpu_torch(binder_repo):
    _, bin_dir, env = binder_repo
    cuda = subprocess.run(
        [bin_dir / "python", "-c", "import torch; print(torch.version.cuda)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert cuda == "None", f"Binder would install a CUDA build of torch ({cuda})"
