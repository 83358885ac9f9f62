"""One real build of the site, checked page by page in its HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, expected_binder_url, load_tool
from htmlpages import Page

check_links = load_tool("check_links")

pytestmark = pytest.mark.slow

LOSSES = [
    "CrossEntropyLoss",
    "LabelSmoothingLoss",
    "Word2VecLoss",
    "CosineSimilarityLoss",
]


def example_page(site: Path, script: Path) -> Path:
    relative = script.relative_to(ROOT / "examples").with_suffix(".html")
    return site / "auto_examples" / relative


def test_one_page_per_example(site):
    for script in EXAMPLES:
        assert example_page(site, script).is_file(), script.name


def test_every_local_link_anchor_and_image_resolves(site):
    assert check_links.broken_references(site) == []


def test_link_checker_reports_what_is_broken(tmp_path):
    (tmp_path / "a.html").write_text(
        '<p id="here"><a href="b.html#nowhere">b</a><a href="a.html#here">a</a>'
        '<img src="missing.png"><a href="https://example.org/">out</a></p>'
    )
    (tmp_path / "b.html").write_text('<h1 id="top">b</h1>')
    assert check_links.broken_references(tmp_path) == [
        "a.html: b.html#nowhere (no anchor #nowhere)",
        "a.html: missing.png (no such file)",
    ]


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_page_has_figures_output_downloads_and_binder(site, script):
    page = Page(example_page(site, script))
    figures = [i for i in page.images if "sphx-glr" in i.get("class", "")]
    assert figures, "an example page shows at least one figure"
    assert "sphx-glr-script-out" in page.path.read_text()
    downloads = {
        suffix: [
            page.local_target(link)
            for link in page.links_ending(f"{script.stem}{suffix}")
            if page.local_target(link)
        ]
        for suffix in (".py", ".ipynb")
    }
    (python,) = downloads[".py"]
    assert python.read_text() == script.read_text()
    (notebook,) = downloads[".ipynb"]
    cells = json.loads(notebook.read_text())["cells"]
    assert any(cell["cell_type"] == "code" for cell in cells)
    assert expected_binder_url(script) in page.links


def test_text_losses_page(site):
    page = Page(site / "auto_examples" / "plot_text_losses.html")
    titles = [
        i["alt"] for i in page.images if "sphx-glr-single-img" in i.get("class", "")
    ]
    assert titles == [
        "Label-smoothed targets for an example of class 2, α = 0.0, α = 0.1, "
        "α = 0.2, α = 0.3",
        "Cosine-similarity loss at margin 0.2",
        "Loss against confidence, two classes",
    ]
    assert "fresh word2vec loss on 50 pairs: 4.1589" in page.text


def test_gallery_offers_zips_of_all_examples(site):
    page = Page(site / "auto_examples" / "index.html")
    for name in ("auto_examples_python.zip", "auto_examples_jupyter.zip"):
        (link,) = page.links_ending(name)
        assert page.local_target(link).stat().st_size > 0


@pytest.mark.parametrize("name", LOSSES)
def test_api_page_with_mini_gallery(site, name):
    page = Page(site / "generated" / f"losskit.{name}.html")
    assert f"Examples using {name}" in page.text
    assert any("plot_text_losses.html" in link for link in page.links)
    api = Page(site / "api.html")
    assert any(f"losskit.{name}.html" in link for link in api.links)


def test_every_public_name_is_documented(site):
    import losskit

    for name in losskit.__all__:
        if name in ("functional", "text"):
            continue
        assert (site / "generated" / f"losskit.{name}.html").is_file(), name
    for name in losskit.functional.__all__:
        assert (site / "generated" / f"losskit.functional.{name}.html").is_file(), name


def test_example_output_has_no_object_addresses(site):
    """Addresses differ between builds; pages print values, not reprs."""
    for script in EXAMPLES:
        text = Page(example_page(site, script)).text
        assert " object at 0x" not in text, script.name
