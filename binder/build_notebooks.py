"""Write the gallery's notebooks where the site's Binder links open them.

Read the Docs cannot serve notebooks to Binder, so Binder builds them itself,
from ``examples/``, with the converter the site uses. Paths and notebook
settings come from ``docs/conf.py``: an example ``examples/a/plot_x.py``
becomes ``<notebooks_dir>/<gallery_dir>/a/plot_x.ipynb``, the file its Binder
badge links to.

Usage: ``python binder/build_notebooks.py [--root DIR]``
"""

from __future__ import annotations

import argparse
import copy
import runpy
from pathlib import Path

from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF
from sphinx_gallery.notebook import jupyter_notebook, save_notebook
from sphinx_gallery.py_source_parser import split_code_and_text_blocks


def build(root: Path) -> list[Path]:
    docs = root / "docs"
    conf = runpy.run_path(str(docs / "conf.py"))["sphinx_gallery_conf"]
    gallery_conf = {**copy.deepcopy(DEFAULT_GALLERY_CONF), **conf}
    notebooks = root / conf["binder"]["notebooks_dir"]
    written = []
    for examples_dir, gallery_dir in zip(
        conf["examples_dirs"], conf["gallery_dirs"], strict=True
    ):
        source = (docs / examples_dir).resolve()
        for script in sorted(source.rglob("plot_*.py")):
            target = notebooks / gallery_dir / script.relative_to(source)
            target = target.with_suffix(".ipynb")
            target.parent.mkdir(parents=True, exist_ok=True)
            _, blocks = split_code_and_text_blocks(str(script))
            notebook = jupyter_notebook(blocks, gallery_conf, target.parent)
            save_notebook(notebook, target)
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).parents[1])
    root = parser.parse_args().root.resolve()
    for path in build(root):
        print(f"wrote {path.relative_to(root)}")


if __name__ == "__main__":
    main()
