"""Fixture news sites for the fetch tests: real aiohttp servers on loopback, with an access log.

``SiteFarm(n)`` starts ``n`` sites on 127.0.0.1, each on its own port (its own
host for politeness and robots.txt), in a background thread. Every site serves
the same kinds of pages, feeds, sitemaps and misbehaviours, with links to its
own host, so a test reads like "fetch this feed from site 0, then look at the
log". ``farm.log`` records every request as the server received it.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import json
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import formatdate

from aiohttp import web

SITE = web.AppKey("site", int)

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Fixture Daily</title>
<meta property="og:site_name" content="Fixture Daily">
</head><body><nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<article><h1>{title}</h1>
<p>{lead}</p>
<p>The council met on a rainy evening to discuss the new library, which has been
planned for more than ten years. Residents filled the hall and many of them spoke
about the reading rooms, the children's corner and the opening hours they hoped for.</p>
<p>Engineers presented three designs. The first keeps the old facade and adds a glass
wing; the second replaces the building; the third moves the library to the station
square, where the bus lines meet and parking is easier for visitors from the villages.</p>
<p>A decision is expected next month, after a public consultation that opens on Monday
and runs for four weeks, with meetings in every district of the town.</p>
</article><footer>Copyright Fixture Daily</footer></body></html>"""


def article(n: int, host: str = "") -> str:
    return ARTICLE.format(
        title=f"Library plan number {n} {host}".strip(),
        lead=f"This is article {n}, about the town's library and what comes next for it.",
    )


@dataclass
class Hit:
    at: float
    port: int
    path: str
    method: str
    user_agent: str
    headers: dict[str, str]


@dataclass
class SiteConfig:
    robots: str | None = "User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n"
    robots_status: int = 200
    pages: int = 20
    page_bytes: int = 0  # pad pages to this size (benchmarks)


@dataclass
class SiteFarm:
    n: int = 1
    configs: list[SiteConfig] = field(default_factory=list)
    log: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        while len(self.configs) < self.n:
            self.configs.append(SiteConfig())
        self.ports: list[int] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runners: list[web.AppRunner] = []
        self._counters: dict[tuple[int, str], int] = {}
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("fixture sites did not start")

    # --- lifecycle -----------------------------------------------------------------

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        _bomb()  # built before serving, so that it is not a slow response
        for i in range(self.n):
            app = web.Application(middlewares=[self._logger])
            app[SITE] = i
            app.router.add_route("GET", "/{tail:.*}", self._handle)
            runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            server = site._server
            assert server is not None
            self.ports.append(server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
            self._runners.append(runner)

    def close(self) -> None:
        async def stop() -> None:
            for r in self._runners:
                await r.cleanup()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def __enter__(self) -> SiteFarm:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def base(self, i: int = 0) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def hits(self, i: int | None = None, path: str | None = None) -> list[Hit]:
        out = list(self.log)
        if i is not None:
            out = [h for h in out if h.port == self.ports[i]]
        if path is not None:
            out = [h for h in out if h.path == path]
        return out

    # --- handlers ------------------------------------------------------------------

    @web.middleware
    async def _logger(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        sock = request.transport.get_extra_info("sockname") if request.transport else None
        self.log.append(
            Hit(
                time.monotonic(),
                sock[1] if sock else 0,
                request.path_qs,
                request.method,
                request.headers.get("User-Agent", ""),
                dict(request.headers),
            )
        )
        return await handler(request)

    def _count(self, site: int, key: str) -> int:
        k = (site, key)
        self._counters[k] = self._counters.get(k, 0) + 1
        return self._counters[k]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        i = request.app[SITE]
        cfg = self.configs[i]
        base = self.base(i)
        path = request.path
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            if cfg.robots is None:
                return web.Response(status=404, text="no robots")
            return web.Response(
                status=cfg.robots_status,
                text=cfg.robots.format(base=base),
                content_type="text/plain",
            )
        if path in ("/", "/index.html"):
            return web.Response(
                text=(
                    '<html><head><link rel="alternate" type="application/rss+xml" '
                    'href="/feed.xml"><link rel="alternate" type="application/atom+xml" '
                    f'href="{base}/atom.xml"></head><body>home</body></html>'
                ),
                content_type="text/html",
            )
        if path.startswith("/news/") and path.endswith(".html"):
            n = int(path[len("/news/") : -len(".html")] or 0)
            if "sleep" in request.query:
                await asyncio.sleep(float(request.query["sleep"]))
            body = article(n)
            if cfg.page_bytes > len(body):
                body = body.replace("</body>", "<!--" + "x" * (cfg.page_bytes - len(body)) + "-->")
            return web.Response(text=body, content_type="text/html", charset="utf-8",
                                headers={"Last-Modified": formatdate(1_700_000_000 + n * 86400,
                                                                     usegmt=True)})  # fmt: skip
        if path.startswith("/private/"):
            return web.Response(text=article(999), content_type="text/html")
        if path == "/feed.xml":
            return self._conditional(request, _rss(base, range(0, 5)), "application/rss+xml")
        if path == "/atom.xml":
            return web.Response(body=_atom(base, range(5, 8)), content_type="application/atom+xml")
        if path == "/feed.json":
            items = [
                {"id": str(n), "url": f"{base}/news/{n}.html",
                 "date_published": f"2024-03-{n + 1:02d}T10:00:00Z"}
                for n in range(8, 11)
            ]  # fmt: skip
            return web.json_response({"version": "https://jsonfeed.org/version/1.1",
                                      "items": items})  # fmt: skip
        if path == "/sitemap_index.xml":
            return web.Response(body=_index(base), content_type="application/xml")
        if path == "/sitemap1.xml":
            return web.Response(body=_urlset(base, range(0, 10)), content_type="application/xml")
        if path == "/sitemap2.xml.gz":
            return web.Response(
                body=gzip.compress(_urlset(base, range(10, cfg.pages)), mtime=0),
                content_type="application/x-gzip",
            )
        if path == "/news-sitemap.xml":
            return web.Response(body=_news(base), content_type="application/xml")
        if path == "/self-sitemap.xml":
            body = _urlset_raw([f"{base}/self-sitemap.xml", f"{base}/news/1.html"])
            return web.Response(body=body, content_type="application/xml")
        if path == "/malformed-feed.xml":
            return web.Response(body=b"<rss><channel><item><title>cut", content_type="text/xml")
        if path == "/malformed-sitemap.xml":
            return web.Response(body=b"<urlset><url><lo", content_type="application/xml")
        if path == "/offsite-feed.xml":
            body = _rss_links([f"{base}/news/1.html", "http://127.0.0.2:9/elsewhere.html"])
            return web.Response(body=body, content_type="application/rss+xml")
        if path == "/garbage-feed.xml":
            body = _rss_links(["javascript:alert(1)", f"{base}/news/2.html", "not a url"])
            return web.Response(body=body, content_type="application/rss+xml")
        if path.startswith("/redirect/"):
            hops = int(path.rsplit("/", 1)[1])
            target = f"/redirect/{hops - 1}" if hops > 1 else "/news/3.html"
            raise web.HTTPFound(target)
        if path == "/loop/a":
            raise web.HTTPMovedPermanently("/loop/b")
        if path == "/loop/b":
            raise web.HTTPMovedPermanently("/loop/a")
        if path == "/cross":
            raise web.HTTPFound(f"{self.base((i + 1) % self.n)}/news/4.html")
        if path == "/to-private":
            raise web.HTTPFound("/private/secret.html")
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            headers = {"Retry-After": "1"} if code in (429, 503) else {}
            return web.Response(status=code, text=f"status {code}", headers=headers)
        if path == "/long-retry":
            return web.Response(status=429, text="later", headers={"Retry-After": "86400"})
        if path == "/flaky":
            if self._count(i, "flaky") == 1:
                return web.Response(status=503, text="busy", headers={"Retry-After": "1"})
            return web.Response(text=article(77), content_type="text/html")
        if path == "/slow":
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            await resp.prepare(request)
            for _ in range(100):
                await resp.write(b"<p>slow</p>")
                await asyncio.sleep(0.2)
            return resp
        if path == "/stall":
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            await resp.prepare(request)
            await resp.write(b"<html><body><p>and then nothing")
            await asyncio.sleep(60)
            return resp
        if path == "/bomb":
            return web.Response(
                body=_bomb(), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
            )
        if path == "/big":
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            resp.content_length = 50 * 1024 * 1024
            await resp.prepare(request)
            chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
            for _ in range(50):
                await resp.write(chunk)
            return resp
        if path == "/big-chunked":
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
            for _ in range(50):
                await resp.write(chunk)
            return resp
        if path == "/latin1":
            body = article(5).replace("town's library", "bibliothèque de la ville")
            return web.Response(
                body=body.encode("latin-1"), headers={"Content-Type": "text/html; charset=utf-8"}
            )
        if path == "/octet":
            return web.Response(
                body=article(6).encode(), headers={"Content-Type": "application/octet-stream"}
            )
        if path == "/image.png":
            return web.Response(
                body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 20000, content_type="image/png"
            )
        if path == "/odd-headers.html":
            resp = web.Response(body=article(10).encode(), content_type="text/html")
            resp.headers["X-Odd-CASE"] = "kept  as sent"
            return resp
        if path == "/gzipped.html":
            return web.Response(
                body=gzip.compress(article(8).encode(), mtime=0),
                headers={"Content-Type": html, "Content-Encoding": "gzip"},
            )
        if path == "/chunked.html":
            resp = web.StreamResponse(headers={"Content-Type": html})
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            body = article(9).encode()
            for k in range(0, len(body), 500):
                await resp.write(body[k : k + 500])
            return resp
        return web.Response(status=404, text="not found")

    def _conditional(self, request: web.Request, body: bytes, ctype: str) -> web.Response:
        etag = '"v1-' + str(zlib.crc32(body)) + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=body,
            content_type=ctype,
            headers={"ETag": etag, "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"},
        )


@functools.cache
def _bomb() -> bytes:
    """200 MB of spaces in about 200 KB of gzip."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1024 * 1024)
    parts = [z.compress(b"<html><body>")]
    parts += [z.compress(block) for _ in range(200)]
    parts.append(z.flush())
    return b"".join(parts)


def _rss(base: str, ns: range) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/news/{n}.html?utm_source=rss</link>"
        f"<pubDate>Mon, {n + 1:02d} Jan 2024 10:00:00 GMT</pubDate></item>"
        for n in ns
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fixture</title>{items}'
        "</channel></rss>"
    ).encode()


def _rss_links(links: list[str]) -> bytes:
    items = "".join(f"<item><title>x</title><link>{u}</link></item>" for u in links)
    return f'<rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()


def _atom(base: str, ns: range) -> bytes:
    entries = "".join(
        f'<entry><title>Story {n}</title><link href="{base}/news/{n}.html"/>'
        f"<id>tag:{n}</id><updated>2024-02-{n:02d}T08:00:00Z</updated></entry>"
        for n in ns
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Fixture</title><id>tag:f</id><updated>2024-02-01T00:00:00Z</updated>{entries}"
        "</feed>"
    ).encode()


def _index(base: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap1.xml</loc></sitemap>"
        f"<sitemap><loc>{base}/sitemap2.xml.gz</loc></sitemap>"
        "</sitemapindex>"
    ).encode()


def _urlset(base: str, ns: range) -> bytes:
    return _urlset_raw([f"{base}/news/{n}.html" for n in ns])


def _urlset_raw(urls: list[str]) -> bytes:
    body = "".join(f"<url><loc>{u}</loc><lastmod>2024-01-15</lastmod></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    ).encode()


def _news(base: str) -> bytes:
    days = {1: "2024-05-01", 2: "2024-05-10", 3: "2024-06-20"}
    body = "".join(
        f"<url><loc>{base}/news/{n}.html</loc><news:news><news:publication>"
        "<news:name>Fixture Daily</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{d}T09:00:00+02:00</news:publication_date>"
        f"<news:title>Story {n}</news:title></news:news></url>"
        for n, d in days.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{body}</urlset>"
    ).encode()


def dumps(obj: object) -> str:
    return json.dumps(obj, indent=1)
