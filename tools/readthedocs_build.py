"""Build the site the way Read the Docs does, from ``.readthedocs.yaml``.

Run inside a fresh virtual environment (``nox -s readthedocs`` makes one): the
config's ``build.jobs`` commands and ``python.install`` steps run in Read the
Docs' order, then Sphinx builds from the configured ``conf.py`` folder with
the config's fail-on-warning setting, into ``$READTHEDOCS_OUTPUT/html``.
Only the parts of the config this project uses are supported; anything else
is an error rather than silently skipped.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SUPPORTED_JOBS = (
    "post_checkout",
    "post_system_dependencies",
    "post_create_environment",
    "pre_install",
    "post_install",
    "pre_build",
    "post_build",
)
SUPPORTED_TOP = {"version", "build", "python", "sphinx", "formats"}


def run(command: list[str] | str, cwd: Path = ROOT) -> None:
    print("$", command if isinstance(command, str) else shlex.join(command), flush=True)
    subprocess.run(command, cwd=cwd, shell=isinstance(command, str), check=True)


def jobs(config: dict, stage: str) -> None:
    for command in config.get("build", {}).get("jobs", {}).get(stage, []):
        run(command)


def install(config: dict) -> None:
    for step in config.get("python", {}).get("install", []):
        if "requirements" in step:
            run([sys.executable, "-m", "pip", "install", "-r", step["requirements"]])
        elif step.get("method", "pip") == "pip":
            extras = ",".join(step.get("extra_requirements", []))
            target = step["path"] + (f"[{extras}]" if extras else "")
            run([sys.executable, "-m", "pip", "install", target])
        else:
            sys.exit(f"unsupported python.install step: {step}")


def sphinx(config: dict, output: Path) -> None:
    settings = config["sphinx"]
    conf_dir = (ROOT / settings["configuration"]).parent
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-T",
        "-b",
        "html",
        "-d",
        "_build/doctrees",
        "-D",
        "language=en",
        ".",
        str(output / "html"),
    ]
    if settings.get("fail_on_warning"):
        command[3:3] = ["-W", "--keep-going"]
    run(command, cwd=conf_dir)


def main() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    unknown = set(config) - SUPPORTED_TOP
    unknown |= set(config.get("build", {}).get("jobs", {})) - set(SUPPORTED_JOBS)
    if unknown:
        sys.exit(f"this reproduction does not model {sorted(unknown)}")
    output = Path(
        os.environ.setdefault(
            "READTHEDOCS_OUTPUT", str(ROOT / "docs" / "_build" / "readthedocs")
        )
    )
    os.environ["READTHEDOCS"] = "True"
    for stage in (
        "post_checkout",
        "post_system_dependencies",
        "post_create_environment",
        "pre_install",
    ):
        jobs(config, stage)
    install(config)
    jobs(config, "post_install")
    jobs(config, "pre_build")
    sphinx(config, output)
    jobs(config, "post_build")
    print(f"Read the Docs build reproduced into {output / 'html'}")


if __name__ == "__main__":
    main()
