"""Pages the model has never seen the like of: each gives one record with a status
(and a reason when not ok), quickly, and never raises."""

from __future__ import annotations

import time

import pytest

import newsclean
from newsclean.record import OK, STATUS_REASONS, STATUSES

SPA_SHELL = """<!doctype html><html><head><title>Dashboard</title>
<link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
<body><div id="root"></div>
<script>window.__INITIAL_STATE__ = {"user": null, "routes": ["/", "/settings"],
"features": {"beta": true}, "i18n": {"en": {"hello": "Hello"}}};</script>
</body></html>"""

SPA_SHELL_WITH_NOSCRIPT = SPA_SHELL.replace(
    '<div id="root"></div>',
    '<noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>',
)

IMAGES_ONLY = """<html><head><title>Gallery</title></head><body>
<div class="gallery">""" + "".join(
    f'<figure><img src="/img/{i}.jpg" alt=""></figure>' for i in range(40)
) + "</div></body></html>"

FRAMESET = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN">
<html><head><title>Welcome</title></head>
<frameset cols="20%,80%"><frame src="menu.html" name="menu"><frame src="main.html" name="main">
<noframes>Your browser does not support frames.</noframes></frameset></html>"""


def _check(art: newsclean.Article) -> None:
    assert art.status in STATUSES
    if art.status != OK:
        assert art.reason in STATUS_REASONS
    else:
        assert art.text and art.page_type is not None


@pytest.mark.parametrize(
    "html", [SPA_SHELL, SPA_SHELL_WITH_NOSCRIPT, IMAGES_ONLY, FRAMESET], ids=["spa", "spa-noscript",
                                                                          "images", "frameset"]
)
def test_pages_without_text_get_a_status_not_a_crash(html: str) -> None:
    art = newsclean.extract(html, url="https://example.com/app")
    _check(art)
    assert art.status != OK
    assert art.status != "error", art.error


def test_spa_shell_telling_to_enable_javascript_is_an_access_wall() -> None:
    art = newsclean.extract(SPA_SHELL_WITH_NOSCRIPT, url="https://example.com/app")
    assert (art.status, art.reason, art.page_type) == ("empty", "access_wall", None)


def _catalogue(target_bytes: int) -> str:
    item = (
        '<div class="product-card"><h3><a href="/p/{i}">Stainless steel water bottle {i}</a>'
        '</h3><span class="price">$19.{c:02d}</span><p class="desc">Keeps drinks cold for '
        "24 hours and hot for 12; leak-proof lid, fits most cup holders, dishwasher safe. "
        "Available in six colours and three sizes, with a lifetime warranty on the seal.</p>"
        "</div>"
    )
    parts = ["<html><head><title>All products</title></head><body><h1>All products</h1>"]
    size = 0
    i = 0
    while size < target_bytes:
        s = item.format(i=i, c=i % 100)
        parts.append(s)
        size += len(s)
        i += 1
    parts.append("</body></html>")
    return "".join(parts)


@pytest.mark.slow
def test_a_20_mb_catalogue_gets_a_record_inside_the_time_limit() -> None:
    html = _catalogue(20 * 1024 * 1024)
    start = time.process_time()
    art = newsclean.extract(html, url="https://shop.example.com/collections/all")
    spent = time.process_time() - start
    _check(art)
    assert art.status != "error", art.error
    assert spent < newsclean.Options().limits.document_timeout_s / 2
