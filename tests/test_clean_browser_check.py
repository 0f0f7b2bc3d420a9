"""Browser-check interstitials (Cloudflare-style "Checking your browser…") are a
`javascript` access wall: the page's article was withheld."""

from __future__ import annotations

import pytest

from newsclean.clean.article import clean_article
from newsclean.clean.phrases import match_phrase
from newsclean.options import Options


@pytest.mark.parametrize(
    "line",
    [
        # paraphrases, none of them an example in the table
        "Checking the browser before you access news.example.com …",
        "We are verifying your connection, please wait",
        "The verification is automatic.",
        "Your browser will shortly be redirected",
        "One second please...",
        "Prove that you are not a bot",
        "Bot protection powered by ExampleShield",
        "Please turn on JS and cookies to read on",
        "Prüfen Ihres Browsers, bitte warten",
        "Vérification du navigateur en cours",
        "Verificando el navegador antes de continuar",
        "Controllo del browser in corso",
        "Verificando o navegador",
        "Je browser wordt gecontroleerd",
        "Проверка браузера",
        "Sprawdzanie twojej przeglądarki",
        "ブラウザのチェック中です",
        "正在验证你的瀏覽器",
        "브라우저 확인 중",
    ],
)
def test_browser_check_paraphrases_are_a_javascript_wall(line: str) -> None:
    hit = match_phrase(line)
    assert hit is not None, line
    assert (hit.reason, hit.paywall) == ("javascript", True), line


@pytest.mark.parametrize(
    "line",
    [
        "Just a moment later, the lights went out across the whole district.",
        "The process is automatic for most taxpayers, officials said on Monday, "
        "but thousands of families will still have to file by hand this year",
        "Checking your browser history is one way to find out what your children read.",
        "Der Vorgang ist automatisch möglich, sagte ein Sprecher der Behörde am Montag.",
    ],
)
def test_prose_near_browser_check_wording_is_not_junk(line: str) -> None:
    assert match_phrase(line) is None, line


def test_interstitial_page_comes_out_empty_and_paywalled() -> None:
    page = "\n".join([
        "Just a moment...",
        "Checking your browser before accessing dailyexample.com.",
        "This process is automatic. Your browser will redirect to your requested content "
        "shortly.",
        "Please allow up to 5 seconds…",
        "DDoS protection by Cloudflare",
        "Ray ID: 6f1c2a9b8d7e3f10",
    ])
    art = clean_article(page, options=Options())
    assert art.paywalled
    assert art.text == ""
    assert art.status == "empty" and art.reason == "access_wall"
    assert {r.reason for r in art.removed} <= {"javascript", "title_duplicate"}
