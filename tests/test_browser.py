"""The built site in a real browser: Chromium driven by Playwright.

Where Chromium is missing these tests skip and say how to enable them; CI sets
``LOSSKIT_REQUIRE_BROWSER=1`` so that a skip becomes a failure there.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import EXAMPLES, ROOT, expected_binder_url

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SCREENSHOTS = Path(os.environ.get("LOSSKIT_SCREENSHOTS", ROOT / "tests" / "artifacts"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("LOSSKIT_CHROMIUM"),
        "chromium",
        "chromium-browser",
    ):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(scope="module")
def server(site):
    """Serve the built site on an ephemeral localhost port."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    chromium = find_chromium()
    if chromium is None:
        message = (
            "Chromium not found: install it (Debian: apt-get install chromium) or "
            "point LOSSKIT_CHROMIUM at its executable to run the browser tests"
        )
        if os.environ.get("LOSSKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class Visit:
    """A page opened on the local site, recording what went wrong on the way."""

    def __init__(self, browser, server: str, path: str, color_scheme="light"):
        self.server = server
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(color_scheme=color_scheme)
        # The machines that run these tests have no network: keep the browser
        # on localhost (MathJax from its CDN is the only outside request).
        self.context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(server)
                else route.abort()
            ),
        )
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)
        self.page.on(
            "response",
            lambda r: (
                self.failed.append(f"{r.status} {r.url}")
                if r.url.startswith(server) and r.status >= 400
                else None
            ),
        )
        self.page.goto(f"{server}/{path}", wait_until="networkidle")

    def _failed(self, request):
        if request.url.startswith(self.server):
            self.failed.append(f"{request.failure} {request.url}")

    def local_errors(self) -> list[str]:
        # Aborted outside requests log "net::ERR_FAILED" console errors.
        return [e for e in self.errors if "ERR_FAILED" not in e]

    def undecoded_images(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "img",
            "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => i.getAttribute('src'))",
        )

    def close(self):
        self.context.close()


def site_pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "_static" not in p.parts and "_modules" not in p.parts
    )


def test_every_page_loads_cleanly(browser, server, site):
    problems = []
    for path in site_pages(site):
        visit = Visit(browser, server, path)
        if visit.local_errors():
            problems.append(f"{path}: console errors {visit.local_errors()}")
        if visit.failed:
            problems.append(f"{path}: failed requests {visit.failed}")
        if broken := visit.undecoded_images():
            problems.append(f"{path}: images not decoded {broken}")
        visit.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_downloads_and_binder(browser, server, script):
    relative = script.relative_to(ROOT / "examples")
    visit = Visit(browser, server, f"auto_examples/{relative.with_suffix('.html')}")
    page = visit.page
    for suffix in (".py", ".ipynb"):
        link = page.locator(f"a.download[href$='{script.stem}{suffix}']")
        assert link.count() == 1
        with page.expect_download() as info:
            link.click()
        downloaded = Path(info.value.path()).read_bytes()
        if suffix == ".py":
            assert downloaded == script.read_bytes()
        else:
            assert b'"nbformat"' in downloaded
    badge = page.locator("a:has(img[alt='Launch binder'])")
    assert badge.get_attribute("href") == expected_binder_url(script)
    visit.close()


def test_gallery_has_one_thumbnail_per_example(browser, server):
    visit = Visit(browser, server, "auto_examples/index.html")
    thumbnails = visit.page.locator(".sphx-glr-thumbcontainer")
    assert thumbnails.count() == len(EXAMPLES)
    assert not visit.undecoded_images()
    visit.close()


def test_search_finds_label_smoothing(browser, server):
    visit = Visit(browser, server, "search.html?q=label+smoothing")
    results = visit.page.locator("#search-results li a")
    results.first.wait_for(timeout=15_000)
    targets = {
        urlparse(h).path.rsplit("/", 1)[-1]
        for h in results.evaluate_all("links => links.map(a => a.href)")
    }
    assert "losskit.LabelSmoothingLoss.html" in targets
    assert "plot_text_losses.html" in targets
    visit.close()


def switch_theme(page, mode: str) -> None:
    page.locator(".theme-switch-button:visible").first.click()
    page.locator(f".theme-change-button[data-mode='{mode}']:visible").first.click()


def figure_luminance(page) -> tuple[float, float]:
    """Mean and spread of the first gallery figure's pixels as shown (0-255)."""
    from io import BytesIO

    import numpy as np
    from PIL import Image

    image = page.locator("img.sphx-glr-single-img").first
    png = image.screenshot()
    pixels = np.asarray(Image.open(BytesIO(png)).convert("L"), dtype=float)
    return pixels.mean(), pixels.std()


def test_dark_theme_switch_keeps_figures_legible(browser, server):
    visit = Visit(browser, server, "auto_examples/plot_text_losses.html")
    page = visit.page
    switch_theme(page, "dark")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    mean, spread = figure_luminance(page)
    # A legible figure: a light face with dark ink on it, not dark-on-dark.
    assert mean > 180 and spread > 20, (mean, spread)
    visit.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screenshots_for_review(browser, server, mode):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "landing": "index.html",
        "gallery": "auto_examples/index.html",
        "example": "auto_examples/plot_text_losses.html",
    }
    for name, path in pages.items():
        visit = Visit(browser, server, path, color_scheme=mode)
        switch_theme(visit.page, mode)
        assert visit.page.evaluate("document.documentElement.dataset.theme") == mode
        target = SCREENSHOTS / f"{name}-{mode}.png"
        visit.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        visit.close()
