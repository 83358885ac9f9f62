"""Reading built HTML pages: their links, images and text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse


class Page(HTMLParser):
    """The ``<a href>``, ``<img>`` and visible text of one HTML file."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.links: list[str] = []
        self.images: list[dict[str, str]] = []
        self._text: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        elif tag == "img":
            self.images.append(attributes)

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    @property
    def text(self) -> str:
        return "".join(self._text)

    def local_target(self, url: str) -> Path | None:
        """The file a relative link points at, or None for an external one."""
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or url.startswith(("#", "mailto:")):
            return None
        path = unquote(urldefrag(url).url)
        return (self.path.parent / path).resolve() if path else self.path

    def links_ending(self, suffix: str) -> list[str]:
        return [link for link in self.links if urldefrag(link).url.endswith(suffix)]
