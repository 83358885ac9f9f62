"""Sphinx configuration for the losskit site."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import losskit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

# The repository is declared once, in pyproject's [project.urls]; its
# github.com/<org>/<repo>/tree/<branch> URL gives the Binder links.
SOURCE_URL = PROJECT["urls"]["Source"]
ORG, REPO, _, BRANCH = urlparse(SOURCE_URL).path.strip("/").split("/", 3)

project = "losskit"
author = "The losskit developers"
copyright = "2026, the losskit developers"
release = version = losskit.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "benchmark_results.rst",  # included by benchmarks.rst
]
autosummary_generate = True
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

sphinx_gallery_conf = {
    "examples_dirs": ["../examples"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "subsection_order": [
        "../examples/classification",
        "../examples/embeddings",
        "../examples/working_with_losskit",
    ],
    "within_subsection_order": "FileNameSortKey",
    "image_srcset": ["2x"],
    # Examples print what they mean to show; a cell's last expression (such as
    # torch.manual_seed's generator) would only add an object address.
    "capture_repr": (),
    # Examples run two at a time; losskit_gallery caps torch's threads and
    # resets the seed and figure style before each one.
    "parallel": 2,
    "reset_modules": ("matplotlib", "losskit_gallery.reset_example"),
    "download_all_examples": True,
    "abort_on_example_error": True,
    "doc_module": ("losskit",),
    "backreferences_dir": "gen_modules/backreferences",
    "reference_url": {"losskit": None},
    "first_notebook_cell": "%matplotlib inline",
    "binder": {
        "org": ORG,
        "repo": REPO,
        "branch": BRANCH,
        "binderhub_url": "https://mybinder.org",
        "dependencies": "../binder/requirements.txt",
        # Built by binder/postBuild from examples/, not from this site.
        "notebooks_dir": "notebooks",
        "use_jupyter_lab": True,
    },
}


def _offline_execution_times(app, docname: str, source: list[str]) -> None:
    """Drop the CDN scripts sphinx-gallery puts on its execution-times pages.

    They fetch jQuery and DataTables from outside hosts only to make the table
    sortable; without them the page is a plain table that works offline.
    """
    if docname.endswith("sg_execution_times"):
        source[0] = re.sub(r"\n  \.\. raw:: html\n(\n    .*)+", "\n", source[0])


def setup(app) -> None:
    app.connect("source-read", _offline_execution_times)


html_theme = "pydata_sphinx_theme"
html_title = "losskit"
html_static_path = ["_static"]
html_css_files = ["losskit.css"]
html_theme_options = {
    "github_url": f"https://github.com/{ORG}/{REPO}",
    "navbar_align": "left",
    "show_toc_level": 2,
}
html_context = {"default_mode": "auto"}
