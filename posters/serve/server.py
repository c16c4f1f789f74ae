"""The HTTP side of `posters serve`: the standard library's ThreadingHTTPServer.

    GET  /                the gallery (live: it reloads itself, and takes reviews)
    GET  /events          server-sent events: the page's version, sent on every change
    GET  /<lang>/<f>.pdf  an output of the build report
    GET  /.previews/<n>   a preview image (a full-size page's is rendered when first asked)
    POST /review          {"paths": [...], "decision": ..., "by": ..., "comment": ...}

Only the report's PDFs and the preview images are served, nothing else of the folder.
A decision is accepted only as JSON from the page's own origin: another web site open
in the same browser cannot post one (its request would need a CORS preflight, which
this server never grants, and it could not name this host).
"""

from __future__ import annotations

import json
import os
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from posters.gallery.previews import NAME, PREVIEWS
from posters.gallery.site import safe_relative
from posters.serve.review import ReviewError
from posters.serve.session import Session

MAX_BODY = 64 * 1024
KEEPALIVE = 15.0  # seconds between comments on an idle event stream


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], session: Session) -> None:
        self.session = session
        self.stopping = threading.Event()
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"

    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        import sys

        # a browser drops connections it no longer needs (a page reloaded mid-image)
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def stop(self) -> None:
        self.stopping.set()
        with self.session.changed:
            self.session.changed.notify_all()  # event streams see the flag and end


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "posters-serve"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows rebuilds, not every image request

    # ------------------------------------------------------------------ GET

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, self.server.session.page.encode(),
                       "text/html; charset=utf-8", cache="no-store")
        elif path == "/favicon.ico":  # asked for by browsers on any page, such as a 404
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif path == "/events":
            self._events()
        elif path.startswith(f"/{PREVIEWS}/") and NAME.match(path.rsplit("/", 1)[-1]):
            # named by the PDF's content: the same name is always the same picture; a
            # full-size page image is rendered when it is first asked for
            image = self.server.session.preview_file(path.rsplit("/", 1)[-1])
            if image is None:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            else:
                self._file(image, "image/png", cache="max-age=31536000, immutable")
        elif (rel := safe_relative(path.removeprefix("/"))) is not None and (
                rel in self.server.session.served_pdfs()):
            self._file(self.server.session.campaign_out / rel, "application/pdf",
                       cache="no-cache")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _file(self, path: Path, kind: str, cache: str) -> None:
        root = os.path.realpath(self.server.session.campaign_out)
        real = os.path.realpath(path)
        if not real.startswith(root + os.sep) or not os.path.isfile(real):
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        with open(real, "rb") as handle:
            self._send(HTTPStatus.OK, handle.read(), kind, cache=cache)

    def _events(self) -> None:
        session, server = self.server.session, self.server
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        version = session.version
        try:
            self._event(version)
            while not server.stopping.is_set():
                now = session.wait_for_change(version, KEEPALIVE)
                if server.stopping.is_set():
                    break
                if now != version:
                    version = now
                    self._event(version)
                else:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
        except (ConnectionError, OSError):
            pass  # the page was closed or reloaded

    def _event(self, version: int) -> None:
        self.wfile.write(f"event: version\ndata: {version}\n\n".encode())
        self.wfile.flush()

    # ------------------------------------------------------------------ POST

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/review":
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        if not self._same_origin():
            self._json(HTTPStatus.FORBIDDEN, {"error": "only the gallery page itself may "
                                                       "record a review"})
            return
        if self.headers.get_content_type() != "application/json":
            self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send JSON"})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the request is empty or too long"})
            return
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8"))
            paths, decision = data["paths"], data["decision"]
            by, comment = data["by"], data.get("comment", "")
            if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)
                    and all(isinstance(v, str) for v in (decision, by, comment))):
                raise TypeError
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "expected paths, decision, by and "
                                                         "comment"})
            return
        try:
            self.server.session.record(paths, decision, by, comment)
        except ReviewError as exc:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)})
            return
        except OSError as exc:
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR,
                       {"error": f"review.yaml cannot be written: {exc.strerror or exc}"})
            return
        self._json(HTTPStatus.OK, {"ok": True, "version": self.server.session.version})

    def _same_origin(self) -> bool:
        """The Host names this server (no DNS rebinding) and the Origin, if sent, is it."""
        port = self.server.server_address[1]
        hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}",
                 f"{self.server.server_address[0]}:{port}"}
        host = self.headers.get("Host", "")
        origin = self.headers.get("Origin")
        return host in hosts and (origin is None or origin == f"http://{host}")

    # ------------------------------------------------------------------ replies

    def _json(self, status: HTTPStatus, data: dict) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", cache="no-store")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: str = "no-cache"
              ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET
