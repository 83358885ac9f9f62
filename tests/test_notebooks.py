"""Every notebook the site offers runs top to bottom in a real Jupyter kernel."""

from __future__ import annotations

import nbformat
import pytest
from conftest import EXAMPLES
from nbclient import NotebookClient

pytestmark = pytest.mark.slow


def test_site_offers_a_notebook_per_example(site):
    names = sorted(p.stem for p in (site / "_downloads").rglob("*.ipynb"))
    assert names == sorted(p.stem for p in EXAMPLES)


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_downloaded_notebook_runs(site, name, tmp_path, monkeypatch):
    (path,) = (site / "_downloads").rglob(f"{name}.ipynb")
    notebook = nbformat.read(path, as_version=4)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    # A fresh kernel process, working in an empty folder as a user's would.
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(
        o.output_type == "display_data" and "image/png" in o.data for o in outputs
    ), "the notebook should draw its figures inline"
