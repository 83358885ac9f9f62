"""Developer sessions: ``python -m nox -l`` lists them.

Every session installs PyTorch through ``tools/install_torch.py`` before
anything that depends on it, so pip never resolves a CUDA build on its own.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "tests", "readthedocs", "docs"]
nox.options.default_venv_backend = "venv"

# torch runs OpenMP; parallel gallery workers and tests must not fight for cores.
THREAD_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg"}


def install(session: nox.Session, *extras: str) -> None:
    session.run("python", "tools/install_torch.py")
    session.install("-e", f".[{','.join(extras)}]" if extras else ".")


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests, every example as a script, and a full site build."""
    install(session, "test", "docs")
    session.run("pytest", *session.posargs, env=THREAD_ENV)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html, failing on any warning."""
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "docs",
        "docs/_build/html",
        *session.posargs,
        env=THREAD_ENV,
    )
    session.run("python", "tools/check_links.py", "docs/_build/html")
    session.log("Open docs/_build/html/index.html")


@nox.session
def readthedocs(session: nox.Session) -> None:
    """Reproduce Read the Docs: .readthedocs.yaml's steps in a fresh venv."""
    session.install("pyyaml")
    session.run("python", "tools/readthedocs_build.py", env=THREAD_ENV)
    session.run("python", "tools/check_links.py", "docs/_build/readthedocs/html")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: time and memory against torch's built-ins, as ratios."""
    install(session)
    session.run(
        "python",
        "benchmarks/bench_losses.py",
        *session.posargs,
        env={"OMP_NUM_THREADS": "2"},
    )


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check external links (needs a network; not part of the test suite)."""
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-b",
        "linkcheck",
        "docs",
        "docs/_build/linkcheck",
        env=THREAD_ENV,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
