"""`newsclean inspect DIR`: a read-only local web app over a run's output.

Stdlib ``ThreadingHTTPServer`` bound to a loopback address only. Pages are
static files from an allow-list (``STATIC``); they fetch the JSON API, which
answers from DuckDB (``queries.Corpus``) with bound parameters. Data reaches
the page only through JSON and is put into the DOM with ``textContent``; the
Content-Security-Policy forbids inline script, so an injected ``<script>`` or
``onerror=`` attribute could not run even if it were ever parsed as markup.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import socket
import sys
import threading
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlsplit

import plotly

from newsclean.inspect.align import interleave
from newsclean.inspect.queries import Corpus, ListQuery

# URL path -> (file inside newsclean/inspect/static, content type). Nothing
# outside this table is ever read from disk, so no URL can traverse directories.
STATIC: Final[dict[str, tuple[str, str]]] = {
    "/": ("list.html", "text/html; charset=utf-8"),
    "/record": ("record.html", "text/html; charset=utf-8"),
    "/dashboard": ("dashboard.html", "text/html; charset=utf-8"),
    "/static/style.css": ("style.css", "text/css; charset=utf-8"),
    "/static/common.js": ("common.js", "text/javascript; charset=utf-8"),
    "/static/list.js": ("list.js", "text/javascript; charset=utf-8"),
    "/static/record.js": ("record.js", "text/javascript; charset=utf-8"),
    "/static/dashboard.js": ("dashboard.js", "text/javascript; charset=utf-8"),
    "/favicon.ico": ("favicon.svg", "image/svg+xml"),
}
# plotly's own bundled build, served from the installed package (no CDN).
PLOTLY_PATH: Final = "/static/plotly.min.js"

CSP: Final = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    # plotly sets inline style attributes and inserts CSS rules at run time.
    "style-src 'self' 'unsafe-inline'; font-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Final[dict[str, str]] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

_YES: Final = {"1", "true", "yes"}
_NO: Final = {"0", "false", "no"}


def _plotly_js() -> Path:
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _static_bytes(name: str) -> bytes:
    return resources.files("newsclean.inspect").joinpath("static", name).read_bytes()


def _tristate(value: str) -> bool | None:
    value = value.lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def list_query(params: dict[str, str]) -> ListQuery:
    """The records-list request from URL parameters (unknown values are ignored)."""
    return ListQuery(
        q=params.get("q", "").strip()[:500],
        search_text=params.get("text", "1").lower() not in _NO,
        status=params.get("status", ""),
        language=params.get("language", ""),
        reason=params.get("reason", ""),
        paywalled=_tristate(params.get("paywalled", "")),
        duplicate=_tristate(params.get("duplicate", "")),
        sort=params.get("sort", "order"),
        descending=params.get("order", "asc") == "desc",
        offset=_int(params.get("offset", "0"), 0),
        limit=_int(params.get("limit", "50"), 50),
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    server: InspectHTTPServer
    server_version = "newsclean-inspect"
    sys_version = ""

    # --- plumbing ------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        # Quiet by default: one line per request would drown the address line.
        return

    def _send(self, status: int, body: bytes, content_type: str, *, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        for k, v in SECURITY_HEADERS.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, data: Any, status: int = HTTPStatus.OK) -> None:
        body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json({"error": message}, status)

    def _host_ok(self) -> bool:
        # Refuse other Host names so a web page on another origin cannot read
        # the corpus through DNS rebinding.
        host = (self.headers.get("Host") or "").strip()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]")
        return _is_loopback(name)

    # --- methods ---------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        try:
            self._route()
        except BrokenPipeError:
            pass
        except Exception:  # a bad request must never take the server down
            traceback.print_exc(file=sys.stderr)
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error")

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self.do_GET()

    def _read_only(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        for k, v in SECURITY_HEADERS.items():
            self.send_header(k, v)
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _read_only  # noqa: N815

    # --- routes ----------------------------------------------------------------

    def _route(self) -> None:
        if not self._host_ok():
            self._error(HTTPStatus.MISDIRECTED_REQUEST, "unknown host")
            return
        parts = urlsplit(self.path)
        path = parts.path
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        corpus = self.server.corpus
        if path in STATIC:
            name, ctype = STATIC[path]
            self._send(HTTPStatus.OK, _static_bytes(name), ctype)
        elif path == PLOTLY_PATH:
            self._send(
                HTTPStatus.OK, self.server.plotly_js(), "text/javascript; charset=utf-8", cache=True
            )
        elif path == "/api/records":
            self._json(corpus.list_records(list_query(params)))
        elif path == "/api/record" or path.startswith("/api/record/"):
            # Ids may contain "/" and anything else: take the raw remainder of
            # the path (or ?id=) and decode it once.
            raw = (
                params.get("id") if path == "/api/record" else unquote(path[len("/api/record/") :])
            )
            self._record(raw)
        elif path == "/api/info":
            self._json(self.server.cached("info", corpus.info))
        elif path == "/api/facets":
            self._json(self.server.cached("facets", corpus.facets))
        elif path == "/api/stats":
            self._json(self.server.cached("stats", corpus.stats))
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def _record(self, record_id: str | None) -> None:
        if not record_id:
            self._error(HTTPStatus.BAD_REQUEST, "missing id")
            return
        record = self.server.corpus.get_record(record_id)
        if record is None:
            self._error(HTTPStatus.NOT_FOUND, "no such record")
            return
        record["segments"] = interleave(record.get("text") or "", record.get("removed"))
        self._json(record)


class InspectHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], corpus: Corpus) -> None:
        super().__init__(address, _Handler)
        self.corpus = corpus
        self._cache: dict[str, Any] = {}
        self._cache_lock = threading.Lock()
        self._plotly: bytes | None = None

    def cached(self, key: str, compute: Any) -> Any:
        # The output is read-only while served, so corpus-wide figures are
        # computed once (they scan every shard).
        with self._cache_lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def plotly_js(self) -> bytes:
        if self._plotly is None:
            self._plotly = _plotly_js().read_bytes()
        return self._plotly

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class InspectHTTPServer6(InspectHTTPServer):
    address_family = socket.AF_INET6


@dataclass
class RunningServer:
    """A server started in a background thread (for tests and embedding)."""

    server: InspectHTTPServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        self.server.corpus.close()


def make_server(out_dir: str, port: int = 8765, host: str = "127.0.0.1") -> InspectHTTPServer:
    """Open ``out_dir`` and bind (not yet serving). Loopback addresses only."""
    if not _is_loopback(host):
        raise ValueError(f"newsclean inspect serves on loopback addresses only, not {host!r}")
    corpus = Corpus.open(out_dir)
    try:
        cls = InspectHTTPServer6 if ":" in host else InspectHTTPServer
        return cls((host, port), corpus)
    except BaseException:
        corpus.close()
        raise


def start(out_dir: str, port: int = 0, host: str = "127.0.0.1") -> RunningServer:
    """Serve in a daemon thread; port 0 picks a free port (see ``.port``/``.url``)."""
    server = make_server(out_dir, port, host)
    thread = threading.Thread(target=server.serve_forever, name="newsclean-inspect", daemon=True)
    thread.start()
    return RunningServer(server, thread)


def serve(out_dir: str, port: int = 8765, host: str = "127.0.0.1") -> None:
    """Serve ``out_dir`` until interrupted; prints the address (port 0 = any free port)."""
    server = make_server(out_dir, port, host)
    n = len(server.corpus.shards)
    print(
        f"newsclean inspect: {out_dir} ({n} shard{'s' if n != 1 else ''}) at {server.url}"
        " (Ctrl-C to stop)",
        flush=True,
    )
    for name in server.corpus.skipped:
        print(f"newsclean inspect: skipped {name} (unreadable or not a record shard)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.corpus.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsclean-inspect", description=serve.__doc__)
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    try:
        serve(args.dir, args.port, args.host)
    except (OSError, ValueError) as exc:
        print(f"newsclean inspect: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
