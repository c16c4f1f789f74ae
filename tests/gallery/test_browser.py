"""The gallery in a real headless Chromium, driven over the DevTools protocol.

Served from a local HTTP server and opened from file://: the page loads without console
errors, every thumbnail is present and decoded, every link resolves, hostile strings do
not run, and the filters hide and show cards when used from the keyboard.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import websocket

from posters.gallery import build_gallery
from tests.gallery.conftest import write_entries

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed: apt-get install -y chromium")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,900"]
HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


class DevTools:
    """A minimal DevTools protocol client for one page target."""

    def __init__(self, url: str) -> None:
        self.socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.last_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params: object) -> dict:
        self.last_id += 1
        self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            self.events.append(json.loads(self.socket.recv()))
        raise TimeoutError(method)

    def evaluate(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def key(self, key: str, code: str, keycode: int, text: str = "") -> None:
        self.send("Input.dispatchKeyEvent", type="keyDown", key=key, code=code,
                  windowsVirtualKeyCode=keycode, text=text)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code,
                  windowsVirtualKeyCode=keycode)

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and failed loads seen so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in (
                    "error", "warning", "assert"):
                found.append(f"console.{params['type']}: {params['args']}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error",
                                                                             "warning"):
                entry = params["entry"]
                found.append(f"{entry['source']} {entry['level']}: {entry['text']} "
                             f"{entry.get('url', '')}")
        return found

    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def close(self) -> None:
        self.socket.close()


@contextmanager
def chromium(profile: Path) -> Iterator[DevTools]:
    profile.mkdir()
    log_path = profile.parent / "chromium.log"
    log = log_path.open("wb")

    def log_tail() -> str:
        log.flush()
        return log_path.read_text(errors="replace")[-2000:]

    process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    devtools = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
            assert process.poll() is None, f"Chromium exited:\n{log_tail()}"
            assert time.monotonic() < deadline, (
                f"Chromium did not open its DevTools port:\n{log_tail()}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as r:
            targets = json.load(r)
        page = next(t for t in targets if t["type"] == "page")
        devtools = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log"):
            devtools.send(f"{domain}.enable")
        yield devtools
    finally:
        if devtools:
            devtools.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def serve(directory: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    requests: list[tuple[str, int]] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_request(self, code="-", size="-"):  # type: ignore[no-untyped-def]
            requests.append((self.path, int(code)))

        def log_message(self, format, *args):  # type: ignore[no-untyped-def]
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
            # Chromium drops connections it no longer needs (images scrolled past).
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), partial(Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


LOAD_IMAGES = """(async () => {
  const out = [];
  for (const img of Array.from(document.images)) {
    img.scrollIntoView();
    if (!img.complete) {
      await Promise.race([
        new Promise((ok) => { img.addEventListener("load", ok, {once: true});
                              img.addEventListener("error", ok, {once: true}); }),
        new Promise((ok) => setTimeout(ok, 10000))]);
    }
    out.push({src: img.currentSrc, width: img.naturalWidth, alt: img.alt});
  }
  return out;
})()"""

VISIBLE = """Array.from(document.querySelectorAll("li.card"))
  .filter((c) => c.getClientRects().length > 0)
  .map((c) => c.dataset.lang + "/" + c.dataset.status)"""


@pytest.fixture
def gallery_dir(campaign_out, outputs) -> Path:
    for output in outputs:
        output["region"] = "generic" if output["lang"] == "en" else "tokyo"
    outputs[0]["findings"] = [{"code": "PF003", "level": "warning", "message": HOSTILE,
                               "location": "page 1"}]
    failed = {**outputs[-1], "path": "th/poster-jis-b2.pdf", "size": "jis-b2",
              "status": "failed", "diagnostics": [f"messages.po:3: error: {HOSTILE}"]}
    write_entries(campaign_out, "Trafficking in Persons", [*outputs, failed])
    build_gallery(campaign_out, jobs=2)
    return campaign_out


def glyph_fonts(devtools: DevTools, selector: str) -> list[dict]:
    """The fonts Chromium draws an element's own text with, and how many glyphs each."""
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    root = devtools.send("DOM.getDocument")["root"]["nodeId"]
    node = devtools.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
    assert node, f"no element {selector}"
    return devtools.send("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]


def check_page(devtools: DevTools, gallery: Path) -> list[str]:
    """Assert what holds wherever the page is opened from; return its links."""
    images = devtools.evaluate(LOAD_IMAGES)
    assert len(images) == 4
    for image in images:
        assert image["width"] == 300, image
        assert image["alt"]
    assert devtools.evaluate("window.pwned === undefined") is True
    assert devtools.evaluate("document.querySelectorAll('script').length") == 1
    # Thai's name is drawn by the embedded font, whatever fonts this machine has.
    for selector in ("h2[lang=th]", "label span[lang=th]"):
        fonts = glyph_fonts(devtools, selector)
        assert sum(f["glyphCount"] for f in fonts if f["isCustomFont"]) >= len("ไทย"), fonts
    assert devtools.problems() == []
    return devtools.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)")


def test_gallery_in_chromium_over_http(gallery_dir, tmp_path):
    build_gallery(gallery_dir, jobs=2, full=True)  # as `posters gallery` makes it
    with serve(gallery_dir) as (base, requests), chromium(tmp_path / "profile") as devtools:
        devtools.open(base + "index.html")
        links = check_page(devtools, gallery_dir)
        assert not [r for r in requests if r[1] != 200], requests
        thumbnails = {path for path, _ in requests if path.endswith("-thumb.png")}
        assert len(thumbnails) == 4

        # Every link: the skip link, 4 thumbnails and 4 "PDF" links to the 4 PDFs,
        # 4 full-size previews.
        assert links[0] == base + "index.html#outputs"
        links = links[1:]
        assert len(links) == 12 and all(link.startswith(base) for link in links)
        for link in sorted(set(links)):
            with urllib.request.urlopen(link, timeout=10) as response:
                assert response.status == 200
                magic = response.read(8)
            assert magic.startswith(b"%PDF-") if link.endswith(".pdf") else (
                magic == b"\x89PNG\r\n\x1a\n"), link

        assert sorted(devtools.evaluate(VISIBLE)) == [
            "en/built", "en/built", "th/built", "th/built", "th/failed"]
        assert devtools.evaluate("document.getElementById('shown').textContent") == (
            "Showing 5 of 5 outputs")

        # The skip link is the first stop and takes the keyboard past the filters.
        devtools.key("Tab", "Tab", 9)
        assert devtools.evaluate("document.activeElement.textContent") == "Skip to the outputs"
        devtools.key("Enter", "Enter", 13, "\r")
        assert devtools.evaluate("document.activeElement.id") == "outputs"

        # Keyboard only: focus the Thai box, Space unticks it; Tab moves on.
        devtools.evaluate("document.querySelector('input[name=lang][value=th]').focus()")
        devtools.key(" ", "Space", 32, " ")
        assert devtools.evaluate("document.querySelector('input[value=th]').checked") is False
        assert sorted(devtools.evaluate(VISIBLE)) == ["en/built", "en/built"]
        assert devtools.evaluate(
            "document.querySelector('section.language:last-of-type').getClientRects().length"
        ) == 0
        assert devtools.evaluate("document.getElementById('shown').textContent") == (
            "Showing 2 of 5 outputs")
        devtools.key(" ", "Space", 32, " ")
        devtools.key("Tab", "Tab", 9)
        assert devtools.evaluate("document.activeElement.name") == "format"

        devtools.evaluate("document.querySelector('input[name=status][value=built]').focus()")
        devtools.key(" ", "Space", 32, " ")
        assert devtools.evaluate(VISIBLE) == ["th/failed"]

        devtools.evaluate("document.querySelector('input[name=status][value=built]').click()")
        devtools.evaluate("document.querySelector('input[name=region][value=tokyo]').click()")
        assert devtools.evaluate(VISIBLE) == ["en/built", "en/built"]

        devtools.evaluate("document.querySelector('button[type=reset]').focus()")
        devtools.key("Enter", "Enter", 13, "\r")
        time.sleep(0.2)  # the reset handler runs on the next task
        assert len(devtools.evaluate(VISIBLE)) == 5
        assert devtools.problems() == []


def test_gallery_in_chromium_from_file(gallery_dir, tmp_path):
    """As `posters build` leaves it: thumbnails only, and no link to an image not made."""
    with chromium(tmp_path / "profile") as devtools:
        devtools.open((gallery_dir / "index.html").as_uri())
        links = check_page(devtools, gallery_dir)
        assert links[0].endswith("/index.html#outputs")
        # the skip link, then a thumbnail and a "PDF" link per output
        assert len(links) == 9 and len({link for link in links if link.endswith(".pdf")}) == 4
        for link in links[1:]:
            assert link.startswith("file://")
            assert Path(urllib.request.url2pathname(link.removeprefix("file://"))).is_file()
        assert "made when they are asked for" in devtools.evaluate(
            "document.querySelector('p.pages-note').textContent")
        devtools.evaluate("document.querySelector('input[name=lang][value=en]').click()")
        assert sorted(devtools.evaluate(VISIBLE)) == ["th/built", "th/built", "th/failed"]
