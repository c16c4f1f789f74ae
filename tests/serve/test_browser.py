"""`posters serve` as a reviewer uses it: a real server process on 127.0.0.1 and a real
headless Chromium. Load, filter (and find the filter in the address), approve, edit the
campaign, see the page reload by itself with the change and the approval voided, break
the campaign and see the error with file and line over the last good previews; no
console errors anywhere; Ctrl-C stops the server."""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.request

import pytest
import yaml

from tests.conftest import SAMPLE
from tests.gallery.test_browser import CHROMIUM, LOAD_IMAGES, DevTools, chromium
from tests.serve.helpers import running_server
from tests.test_cli import broken_line

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium")

VISIBLE = """Array.from(document.querySelectorAll("li.card"))
  .filter((c) => c.getClientRects().length > 0).map((c) => c.dataset.lang)"""
THUMBS = "Array.from(document.querySelectorAll('li.card img'), (i) => i.src).sort()"


def mark(devtools: DevTools) -> None:
    """Mark the document, so that a new one (a reload) can be told from it."""
    devtools.evaluate("window.notReloaded = true")


def reloaded(devtools: DevTools, timeout: float = 60) -> None:
    """Wait for the page to have reloaded by itself since ``mark`` (nothing here
    navigates) and to have finished loading."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if devtools.evaluate("window.notReloaded === undefined && "
                                 "document.readyState === 'complete'"):
                return
        except RuntimeError:
            pass  # between two documents
        time.sleep(0.05)
    raise TimeoutError("the page did not reload")


def card_text(devtools: DevTools, lang: str) -> str:
    return devtools.evaluate(f"document.querySelector('li.card[data-lang={lang}]').innerText")


def test_load_filter_approve_edit_reload_and_error(tmp_path):
    campaign = tmp_path / "campaign"
    shutil.copytree(SAMPLE, campaign)
    with running_server(campaign, tmp_path / "out", "--lang", "en,th", "--format", "poster",
                        "--size", "iso-a3", "--region", "generic") as server, \
            chromium(tmp_path / "profile") as devtools:
        devtools.open(server.url)
        assert sorted(devtools.evaluate(VISIBLE)) == ["en", "th"]
        assert devtools.evaluate("document.getElementById('shown').textContent") == (
            "Showing 2 of 2 outputs")
        # every image decoded: previews are served
        images = devtools.evaluate(LOAD_IMAGES)
        assert [i["width"] for i in images] == [300, 300], images
        # a page at full size is made when its link is followed, not before
        previews = tmp_path / "out" / "campaign" / ".previews"
        assert not list(previews.glob("*-p1.png"))
        full = devtools.evaluate("""(async () => {
          const link = Array.from(document.querySelectorAll('li.card[data-lang=th] a'))
            .find((a) => a.textContent === 'Full-size preview');
          const image = new Image();
          await new Promise((done) => { image.onload = image.onerror = done;
                                        image.src = link.href; });
          return [link.getAttribute('href'), image.naturalWidth];
        })()""")
        assert full[1] == 1400, full
        assert [p.name for p in previews.glob("*-p1.png")] == [full[0].rsplit("/", 1)[1]]
        # source beside translation, per language
        assert "texts translated" in devtools.evaluate(
            "document.querySelector('details.texts summary').textContent")

        # Filter: Thai off. The address says so, and opening it shows the same.
        devtools.evaluate("document.querySelector('input[name=lang][value=th]').click()")
        assert devtools.evaluate(VISIBLE) == ["en"]
        address = devtools.evaluate("location.href")
        assert address.endswith("#lang=en")
        devtools.open("about:blank")  # another page first: a new load, not a hash change
        devtools.open(address)
        assert devtools.evaluate(VISIBLE) == ["en"]
        assert devtools.evaluate(
            "document.querySelector('input[name=lang][value=th]').checked") is False
        devtools.evaluate("document.querySelector('button[type=reset]').click()")
        time.sleep(0.2)
        assert sorted(devtools.evaluate(VISIBLE)) == ["en", "th"]

        # Approve the English poster, as a reviewer would, in the page's dialog.
        assert "Not reviewed" in card_text(devtools, "en")
        devtools.evaluate("document.querySelector('li.card[data-lang=en] button.review')"
                          ".click()")
        assert devtools.evaluate("document.getElementById('review').open") is True
        devtools.evaluate("document.querySelector('#review-form [name=by]').value = 'Aiko'")
        devtools.evaluate("document.querySelector('#review-form [name=comment]').value = "
                          "'Hotline checked'")
        mark(devtools)
        devtools.evaluate("document.querySelector('#review-form button[type=submit]')"
                          ".click()")
        reloaded(devtools)
        assert re.search(r"Approved by Aiko on \d{4}-\d\d-\d\d", card_text(devtools, "en"))
        assert "Hotline checked" in card_text(devtools, "en")
        decisions = yaml.safe_load((campaign / "review.yaml").read_text())
        report = json.loads((tmp_path / "out" / "campaign" / "build-report.json").read_text())
        fingerprint = next(o["fingerprint"] for o in report["outputs"] if o["lang"] == "en")
        assert decisions["en/poster-iso-a3.pdf"]["decision"] == "approved"
        assert decisions["en/poster-iso-a3.pdf"]["fingerprint"] == fingerprint
        assert devtools.problems() == []

        # Edit the campaign: the warning red becomes a blue. The page reloads by itself,
        # shows the new poster, and the approval no longer holds.
        before = devtools.evaluate(THUMBS)
        source = campaign / "campaign.yaml"
        mark(devtools)
        assert "cmyk: [0, 96, 86, 0]" in source.read_text()  # the sample's red, to be edited
        source.write_text(source.read_text().replace("cmyk: [0, 96, 86, 0]",
                                                     "cmyk: [100, 60, 0, 0]"))
        reloaded(devtools)
        after = devtools.evaluate(THUMBS)
        assert len(after) == 2 and not set(after) & set(before)
        assert re.search(r"Changed since approved by Aiko on \d{4}-\d\d-\d\d",
                         card_text(devtools, "en"))
        assert devtools.evaluate(
            "document.querySelector('li.card[data-lang=en]').dataset.review") == "changed"
        with urllib.request.urlopen(after[0], timeout=10) as response:
            assert response.read(8) == b"\x89PNG\r\n\x1a\n"

        # Break it: the page says where, and the last good previews stay.
        mark(devtools)
        source.write_text(source.read_text().replace("value: 0.30", "value: ten"))
        reloaded(devtools)
        problems = devtools.evaluate("document.querySelector('section.problems').innerText")
        assert f"campaign.yaml:{broken_line()}:16: error:" in problems
        assert str(tmp_path) not in devtools.evaluate("document.body.innerText")
        assert devtools.evaluate(THUMBS) == after
        # Mend it: the error goes.
        mark(devtools)
        source.write_text(source.read_text().replace("value: ten", "value: 0.30"))
        reloaded(devtools)
        assert devtools.evaluate("document.querySelector('section.problems')") is None
        assert devtools.problems() == []
    assert server.returncode == 0
    assert "Stopped." in server.output
