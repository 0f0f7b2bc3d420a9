"""`newsclean inspect DIR`: a read-only local web app over a run's output.

Stdlib ``ThreadingHTTPServer`` bound to a loopback address only. Pages are
static files from an allow-list (``STATIC``); they fetch the JSON API, which
answers from DuckDB (``queries.Corpus``) with bound parameters. Data reaches
the page only through JSON and is put into the DOM with ``textContent``; the
Content-Security-Policy forbids inline script, so an injected ``<script>`` or
``onerror=`` attribute could not run even if it were ever parsed as markup.

A record's source page (``/source/page``) is the one response that is the
input's own markup: it is served with a CSP ``sandbox`` (no scripts, forms,
popups; an opaque origin) that allows no fetch of any kind except inline
styles and ``data:`` images, and the record page frames it in an ``<iframe
sandbox>`` that only this origin may frame; clicking a link in it cannot leave
this origin either (the app's own ``frame-src 'self'``).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import socket
import sys
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, quote, unquote, urlsplit

import plotly

from newsclean.inspect.align import interleave
from newsclean.inspect.isolate import Diagnoser, IsolatedFailure
from newsclean.inspect.layout import find_file
from newsclean.inspect.lru import Lru
from newsclean.inspect.queries import EQUALITY_FILTERS, Corpus, Filters, ListQuery
from newsclean.inspect.sources import Source, read_source
from newsclean.options import Limits, Options
from newsclean.record import REASONS, STATUS_REASONS

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
    "/static/source.js": ("source.js", "text/javascript; charset=utf-8"),
    "/static/dashboard.js": ("dashboard.js", "text/javascript; charset=utf-8"),
    "/favicon.ico": ("favicon.svg", "image/svg+xml"),
}
# plotly's own bundled build, served from the installed package (no CDN).
PLOTLY_PATH: Final = "/static/plotly.min.js"

CSP: Final = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    # plotly sets inline style attributes and inserts CSS rules at run time.
    "style-src 'self' 'unsafe-inline'; font-src 'self'; frame-src 'self'; base-uri 'none'; "
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
# A stored page: nothing runs, nothing is fetched (not even from this server),
# framed by this origin only.
SOURCE_PAGE_PATH: Final = "/source/page"
SOURCE_CSP: Final = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
SOURCE_HEADERS: Final[dict[str, str]] = {
    "Content-Security-Policy": SOURCE_CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "X-DNS-Prefetch-Control": "off",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
MAX_SOURCE_CHARS: Final = 2_000_000
"""Characters of a source shown as text (the framed page is never cut)."""
SOURCE_CACHE: Final = 8

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


def filters(params: dict[str, str]) -> Filters:
    """Record filters from URL parameters (unknown values match nothing or are ignored)."""
    equal = {name: params.get(name, "")[:200] for name in EQUALITY_FILTERS}
    return Filters(
        **equal,
        reason=params.get("reason", "")[:200],
        paywalled=_tristate(params.get("paywalled", "")),
        duplicate=_tristate(params.get("duplicate", "")),
    )


def list_query(params: dict[str, str]) -> ListQuery:
    """The records-list request from URL parameters (unknown values are ignored)."""
    return ListQuery(
        q=params.get("q", "").strip()[:500],
        search_text=params.get("text", "1").lower() not in _NO,
        filters=filters(params),
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

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        *,
        cache: bool = False,
        headers: dict[str, str] = SECURITY_HEADERS,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        for k, v in headers.items():
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

    def _fetch_ok(self) -> bool:
        # A page on another site (another localhost port is the same "site")
        # could still make a browser send GET requests here (an <img>, a
        # fetch in no-cors mode): they cannot read the answer, but could make
        # the server scan the corpus or re-run extraction. Browsers say where
        # a request comes from; only this origin's own requests, and the user
        # opening a page (a navigation), are served. Clients that send no
        # such header (curl, scripts) are served.
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        mode = (self.headers.get("Sec-Fetch-Mode") or "").strip().lower()
        return site in ("", "same-origin", "none") or mode == "navigate"

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
        if not self._fetch_ok():
            self._error(HTTPStatus.FORBIDDEN, "requests from other sites are refused")
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
        elif _is_route(path, "/api/record"):
            self._record(_route_id(path, "/api/record", params))
        elif _is_route(path, "/api/source"):
            self._source(_route_id(path, "/api/source", params))
        elif _is_route(path, "/api/diagnose"):
            self._diagnose(_route_id(path, "/api/diagnose", params))
        elif path == SOURCE_PAGE_PATH:
            self._source_page(params.get("id"))
        elif path == "/api/info":
            self._json(self.server.cached("info", corpus.info))
        elif path == "/api/facets":
            self._json(self.server.cached("facets", corpus.facets))
        elif path == "/api/stats":
            self._json(corpus.stats(filters(params)))
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def _lookup(self, record_id: str | None) -> dict[str, Any] | None:
        if not record_id:
            self._error(HTTPStatus.BAD_REQUEST, "missing id")
            return None
        record = self.server.corpus.get_record(record_id)
        if record is None:
            self._error(HTTPStatus.NOT_FOUND, "no such record")
        return record

    def _record(self, record_id: str | None) -> None:
        record = self._lookup(record_id)
        if record is None:
            return
        record["segments"] = interleave(record.get("text") or "", record.get("removed"))
        record["reason_text"] = STATUS_REASONS.get(record.get("reason") or "")
        record["reason_texts"] = {
            str(r.get("reason")): REASONS.get(str(r.get("reason")), "")
            for r in record.get("removed") or []
        }
        self._json(record)

    def _source(self, record_id: str | None) -> None:
        record = self._lookup(record_id)
        if record is None:
            return
        src = self.server.source(record)
        doc = src.document if src.available else None
        content = None if doc is None else (doc.html if doc.html is not None else doc.text)
        self._json(
            {
                "id": record["id"],
                "source": src.source,
                "available": src.available,
                "message": src.message,
                "note": src.note,
                "path": src.path,
                "tried": src.tried,
                "kind": src.kind if src.available else None,
                "chars": len(content) if content is not None else 0,
                "content": content[:MAX_SOURCE_CHARS] if content is not None else None,
                "truncated": content is not None and len(content) > MAX_SOURCE_CHARS,
                "raw": src.raw,
                "page_url": SOURCE_PAGE_PATH + "?id=" + quote(record["id"], safe="")
                if src.available and src.kind == "html"
                else None,
            }
        )

    def _source_page(self, record_id: str | None) -> None:
        record = self.server.corpus.get_record(record_id) if record_id else None
        src = self.server.source(record) if record is not None else None
        if src is None or not src.available or src.document is None or src.document.html is None:
            message = src.message if src is not None and src.message else "no stored page"
            self._send(
                HTTPStatus.NOT_FOUND,
                message.encode("utf-8"),
                "text/plain; charset=utf-8",
                headers=SOURCE_HEADERS,
            )
            return
        body = src.document.html.encode("utf-8", "replace")
        self._send(HTTPStatus.OK, body, "text/html; charset=utf-8", headers=SOURCE_HEADERS)

    def _diagnose(self, record_id: str | None) -> None:
        record = self._lookup(record_id)
        if record is None:
            return
        src = self.server.source(record)
        answer: dict[str, Any] = {
            "id": record["id"],
            "available": False,
            "message": src.message,
            "raw": src.raw,
        }
        if src.available and src.document is not None:
            try:
                answer.update(
                    self.server.diagnoser.run(src.document, self.server.options, self.server.tables)
                )
                answer["available"] = True
                answer["note"] = src.note
            except IsolatedFailure as exc:
                answer["message"] = str(exc)
        self._json(answer)


def _stamp(path: str | None) -> tuple[int, int] | None:
    """What tells that a file changed: its modification time and size."""
    try:
        st = os.stat(path) if path else None
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size) if st else None


def _is_route(path: str, base: str) -> bool:
    return path == base or path.startswith(base + "/")


def _route_id(path: str, base: str, params: dict[str, str]) -> str | None:
    # Ids may contain "/" and anything else: take the raw remainder of the
    # path (or ?id=) and decode it once.
    return params.get("id") if path == base else unquote(path[len(base) + 1 :])


class InspectHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], corpus: Corpus, source_roots: Sequence[str] = ()
    ) -> None:
        # Everything is set before binding: a failed bind calls server_close().
        self.corpus = corpus
        self._cache: dict[str, Any] = {}
        self._cache_lock = threading.Lock()
        self._plotly: bytes | None = None
        settings = corpus.run.settings()
        self.options = run_options(settings.get("options"))
        # Applied after extraction as the run did: a --boilerplate table, then
        # the corpus table of its second pass.
        corpus_table = find_file(corpus.out_dir, "boilerplate")
        self.tables = [p for p in (self.options.boilerplate_path, corpus_table) if p]
        self.options = replace(self.options, boilerplate_path=None)
        self.source_roots = source_search_path(source_roots, settings.get("cwd"))
        self.diagnoser = Diagnoser(self.options.limits.document_timeout_s)
        self._sources: Lru[tuple[Source, tuple[int, int] | None]] = Lru(SOURCE_CACHE)
        super().__init__(address, _Handler)

    def source(self, record: dict[str, Any]) -> Source:
        """The record's input document, read back. The last few read are kept
        while their file stays as it was (the record page asks for the same
        source twice: the text and the framed page)."""
        key = str(record["id"])
        cached = self._sources.get(key)
        if cached is not None and cached[1] == _stamp(cached[0].path):
            return cached[0]
        src = read_source(
            str(record.get("source") or ""),
            key,
            record.get("url"),
            self.source_roots,
            self.options.limits,
        )
        if src.available:
            self._sources.put(key, (src, _stamp(src.path)))
        return src

    def server_close(self) -> None:
        super().server_close()
        self.diagnoser.close()

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


def run_options(recorded: Any) -> Options:
    """The run's extraction options as its summary or manifest recorded them
    (defaults for anything missing or unknown)."""
    if not isinstance(recorded, dict):
        return Options()
    limits = recorded.get("limits")
    defaults = Limits()
    values: dict[str, Any] = {}
    for name in Limits.__slots__:
        value = limits.get(name) if isinstance(limits, dict) else None
        # keep the type of the default (an int limit stays an int)
        if isinstance(value, int | float) and not isinstance(value, bool):
            values[name] = type(getattr(defaults, name))(value)
    lim = Limits(**values)
    boilerplate = recorded.get("boilerplate_path")
    return Options(
        markdown=bool(recorded.get("markdown", False)),
        precise=bool(recorded.get("precise", False)),
        # A table saved by learn-boilerplate; the run's own corpus pass is not redone.
        boilerplate_path=boilerplate
        if isinstance(boilerplate, str) and os.path.isfile(boilerplate)
        else None,
        limits=lim,
    )


def source_search_path(given: Sequence[str], run_cwd: Any) -> list[str]:
    """Where relative source paths are looked up: the roots given, the run's
    working directory, then the current one."""
    roots = [os.path.abspath(r) for r in given]
    if isinstance(run_cwd, str) and run_cwd:
        roots.append(run_cwd)
    roots.append(os.getcwd())
    return list(dict.fromkeys(roots))


def make_server(
    out_dir: str, port: int = 8765, host: str = "127.0.0.1", source_roots: Sequence[str] = ()
) -> InspectHTTPServer:
    """Open ``out_dir`` and bind (not yet serving). Loopback addresses only.

    Raises ValueError (a non-loopback host, or ``layout.NotARun``),
    FileNotFoundError and OSError (the port)."""
    if not _is_loopback(host):
        raise ValueError(f"newsclean inspect serves on loopback addresses only, not {host!r}")
    corpus = Corpus.open(out_dir)
    try:
        cls = InspectHTTPServer6 if ":" in host else InspectHTTPServer
        return cls((host, port), corpus, source_roots)
    except BaseException:
        corpus.close()
        raise


def start(
    out_dir: str, port: int = 0, host: str = "127.0.0.1", source_roots: Sequence[str] = ()
) -> RunningServer:
    """Serve in a daemon thread; port 0 picks a free port (see ``.port``/``.url``)."""
    server = make_server(out_dir, port, host, source_roots)
    thread = threading.Thread(target=server.serve_forever, name="newsclean-inspect", daemon=True)
    thread.start()
    return RunningServer(server, thread)


def serve(
    out_dir: str, port: int = 8765, host: str = "127.0.0.1", source_roots: Sequence[str] = ()
) -> None:
    """Serve ``out_dir`` until interrupted; prints the address (port 0 = any free port)."""
    server = make_server(out_dir, port, host, source_roots)
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
    parser.add_argument("--source-root", action="append", default=[])
    args = parser.parse_args(argv)
    try:
        serve(args.dir, args.port, args.host, args.source_root)
    except (OSError, ValueError) as exc:
        print(f"newsclean inspect: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
