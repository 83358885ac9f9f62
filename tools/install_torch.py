"""Install the CPU build of PyTorch into the running Python environment.

Used by nox, Read the Docs and CI so that no session ever resolves plain
``torch`` from PyPI, which on Linux is a CUDA build of several GB.

1. A wheel of the pinned version already on this machine (pip's find-links)
   is installed without touching an index.
2. Otherwise the wheel comes from PyTorch's CPU index.

Usage: ``python tools/install_torch.py [--version X.Y.Z]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys

TORCH_VERSION = "2.13.0"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def pip(*args: str, quiet: bool = False) -> bool:
    command = [sys.executable, "-m", "pip", "install", *args]
    return subprocess.run(command, capture_output=quiet).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=TORCH_VERSION)
    version = parser.parse_args().version
    requirement = f"torch=={version}"

    if pip("--no-index", "--no-deps", requirement, quiet=True):
        print(f"{requirement}: installed from a wheel on this machine")
        ok = pip(requirement)  # its dependencies, from the usual index
    else:
        print(f"{requirement}: no local wheel; using PyTorch's CPU index")
        ok = pip(requirement, "--extra-index-url", CPU_INDEX)
    if not ok:
        sys.exit(f"could not install {requirement}")


if __name__ == "__main__":
    main()
