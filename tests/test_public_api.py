"""The public API: newsclean.extract / clean_text / Article, whatever else is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

import newsclean
from newsclean.record import Article

PAGE = """<html><head><title>Council approves new tram line | City Times</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council approves new tram line</h1>
<p>The city council approved a new tram line on Tuesday, linking the station to the hospital
and the university campus in the north of the city.</p>
<p>Construction is expected to start next spring and to take about three years, officials said,
with the first trams running before the end of the decade.</p>
<p>Residents along the route will be consulted on the location of the stops during the summer.</p>
</article><footer>Copyright City Times</footer></body></html>"""


def test_extract_returns_an_article_with_text_and_title() -> None:
    art = newsclean.extract(PAGE, url="https://citytimes.example/tram")
    assert isinstance(art, Article)
    assert art.status == "ok"
    assert art.title == "Council approves new tram line"
    assert "approved a new tram line" in art.text
    assert "Home" not in art.text
    assert art.to_dict()["url"] == "https://citytimes.example/tram"


def test_extract_accepts_bytes() -> None:
    art = newsclean.extract(PAGE.encode("utf-8"))
    assert "Construction is expected" in art.text


def test_clean_text_returns_an_article() -> None:
    art = newsclean.clean_text("Share this article\n" + PAGE.split("<p>")[1].split("</p>")[0])
    assert isinstance(art, Article)
    assert [r.reason for r in art.removed] == ["share"]


def test_importing_the_extract_subpackage_does_not_shadow_the_function() -> None:
    code = (
        "import newsclean.metadata, newsclean;"
        "assert callable(newsclean.extract), type(newsclean.extract);"
        "import newsclean.html.content;"
        "assert callable(newsclean.extract)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_extract_refuses_what_is_not_a_page_with_a_clear_message() -> None:
    with pytest.raises(TypeError, match="takes str or bytes, not NoneType"):
        newsclean.extract(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes str, not bytes"):
        newsclean.clean_text(b"bytes")  # type: ignore[arg-type]


def test_an_exception_inside_a_stage_is_reported_in_the_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsclean.pipeline import stages

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the extractor broke on this page")

    with monkeypatch.context() as mp:
        mp.setattr(stages, "extract_article", boom)
        art = newsclean.extract(PAGE)
    assert (art.status, art.reason) == ("error", "exception")
    assert art.error == "RuntimeError: the extractor broke on this page"
    assert art.to_dict()["error"] == art.error
    # Nothing is kept in module state: the next page is unaffected.
    assert newsclean.extract(PAGE).error is None
