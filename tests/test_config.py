"""The Read the Docs, Binder and packaging files agree with each other."""

from __future__ import annotations

import json
import os
import re
import runpy
import tomllib
from pathlib import Path

import jsonschema
import yaml
from conftest import ROOT

# ../shared/ sits beside the project on our machines and CI; elsewhere point
# LOSSKIT_SHARED at a copy.
SHARED = Path(os.environ.get("LOSSKIT_SHARED", ROOT.parent / "shared"))
SCHEMA = SHARED / "schemas" / "readthedocs-config-v2.schema.json"


def load_schema() -> dict:
    if not SCHEMA.is_file():
        raise FileNotFoundError(
            f"the Read the Docs schema is not at {SCHEMA}; set LOSSKIT_SHARED to "
            "the folder that holds schemas/readthedocs-config-v2.schema.json"
        )
    return json.loads(SCHEMA.read_text())


def test_readthedocs_config_is_valid():
    schema = load_schema()
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    jsonschema.Draft202012Validator(schema).validate(config)
    assert config["sphinx"]["fail_on_warning"] is True
    assert config["sphinx"]["configuration"] == "docs/conf.py"
    # CPU torch is installed before the package, so pip never picks CUDA.
    assert "python tools/install_torch.py" in config["build"]["jobs"]["pre_install"]


def test_schema_rejects_a_broken_config():
    schema = load_schema()
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"version": 2, "sphinx": {"fail_on_warnings": True}})


def test_binder_pins_the_same_cpu_torch():
    pinned = runpy.run_path(str(ROOT / "tools" / "install_torch.py"))["TORCH_VERSION"]
    requirements = (ROOT / "binder" / "requirements.txt").read_text()
    assert re.search(rf"^torch=={re.escape(pinned)}$", requirements, re.M)
    assert "download.pytorch.org/whl/cpu" in requirements


def test_binder_settings_come_from_pyproject():
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    binder = runpy.run_path(str(ROOT / "docs" / "conf.py"))["sphinx_gallery_conf"][
        "binder"
    ]
    assert urls["Source"] == (
        f"https://github.com/{binder['org']}/{binder['repo']}/tree/{binder['branch']}"
    )
    assert (binder["org"], binder["repo"], binder["branch"]) == (
        "losskit",
        "losskit",
        "main",
    )
