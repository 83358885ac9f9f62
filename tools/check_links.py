"""Check a built HTML site offline: every local link, anchor and image resolves.

Usage: ``python tools/check_links.py docs/_build/html``; exits 1 and lists the
broken references if there are any. External links are left to
``nox -s linkcheck``, which needs a network.
"""

from __future__ import annotations

import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                self.ids.add(attributes[key])
        if tag == "a" and attributes.get("href"):
            self.refs.append(attributes["href"])
        elif tag in ("img", "script") and attributes.get("src"):
            self.refs.append(attributes["src"])
        elif tag == "link" and attributes.get("href"):
            self.refs.append(attributes["href"])


@cache
def _parse(path: Path) -> _References:
    parser = _References()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> list[Path]:
    # _static holds the theme's own template fragments, not pages.
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def broken_references(site: Path) -> list[str]:
    """Each local reference in ``site`` whose file or anchor is missing."""
    problems = []
    for page in _pages(site):
        for ref in _parse(page).refs:
            parsed = urlparse(ref)
            if parsed.scheme or parsed.netloc or ref.startswith("mailto:"):
                continue
            url, fragment = parsed.path, parsed.fragment
            target = (page.parent / unquote(url)).resolve() if url else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: {ref}"
            if not target.exists():
                problems.append(f"{where} (no such file)")
            elif (
                fragment
                and target.suffix == ".html"
                and unquote(fragment) not in _parse(target).ids
            ):
                problems.append(f"{where} (no anchor #{fragment})")
    return problems


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")
    problems = broken_references(site)
    for problem in problems:
        print(problem)
    pages = len(_pages(site))
    print(f"{len(problems)} broken local references in {pages} pages of {site}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
