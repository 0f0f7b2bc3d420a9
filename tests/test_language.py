"""detect_language on texts in several languages, short and long, with and
without the page's declared language."""

from __future__ import annotations

import pytest

from newsclean.annotate.language import (
    MAX_CHARS,
    MIN_LETTERS,
    detect_language,
    implausible_languages,
)

TEXTS = {
    "en": "The city council voted on Tuesday to extend the night bus service until the end "
    "of the year, after months of complaints from workers who finish their shifts late and "
    "have no other way of getting home safely.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, den Nachtbusverkehr bis zum Jahresende zu "
    "verlängern, nachdem sich monatelang Beschäftigte beschwert hatten, die ihre Schicht spät "
    "beenden und sonst nicht sicher nach Hause kommen.",
    "fr": "Le conseil municipal a voté mardi la prolongation du service de bus de nuit jusqu'à "
    "la fin de l'année, après des mois de plaintes de travailleurs qui terminent tard et "
    "n'ont pas d'autre moyen de rentrer chez eux en sécurité.",
    "es": "El ayuntamiento votó el martes ampliar el servicio de autobuses nocturnos hasta "
    "final de año, después de meses de quejas de trabajadores que terminan sus turnos tarde "
    "y no tienen otra forma segura de volver a casa.",
    "it": "Il consiglio comunale ha votato martedì per prolungare il servizio di autobus "
    "notturni fino alla fine dell'anno, dopo mesi di lamentele da parte dei lavoratori che "
    "finiscono tardi i loro turni e non hanno altro modo di tornare a casa.",
    "pt": "A câmara municipal votou na terça-feira o prolongamento do serviço de autocarros "
    "noturnos até ao final do ano, depois de meses de queixas de trabalhadores que terminam "
    "os turnos tarde e não têm outra forma de regressar a casa.",
    "nl": "De gemeenteraad heeft dinsdag besloten de nachtbusdienst tot het einde van het jaar "
    "te verlengen, na maanden van klachten van werknemers die hun dienst laat beëindigen en "
    "geen andere veilige manier hebben om thuis te komen.",
    "pl": "Rada miasta zagłosowała we wtorek za przedłużeniem nocnej komunikacji autobusowej "
    "do końca roku, po miesiącach skarg pracowników, którzy późno kończą zmiany i nie mają "
    "innego bezpiecznego sposobu powrotu do domu.",
    "ru": "Городской совет во вторник проголосовал за продление работы ночных автобусов до "
    "конца года после многомесячных жалоб работников, которые поздно заканчивают смены и не "
    "могут иначе безопасно добраться домой.",
    "zh": "市议会周二投票决定将夜间公交服务延长至年底。此前数月，"
    "许多下班很晚的工人投诉说，他们没有其他安全的回家方式。"
    "议员们表示，这项措施将在下个月开始实施，并将根据乘客数量进行评估。",
    "ja": "市議会は火曜日、夜間バスの運行を年末まで延長することを決めた。"
    "遅い時間に仕事を終える労働者から、"
    "安全に帰宅する手段がないという苦情が何か月も続いていた。",
    "ar": "صوّت مجلس المدينة يوم الثلاثاء على تمديد خدمة الحافلات الليلية "
    "حتى نهاية العام، بعد أشهر من "
    "شكاوى العمال الذين ينهون نوباتهم في وقت متأخر ولا يملكون وسيلة أخرى آمنة للعودة إلى منازلهم.",
    "sv": "Kommunfullmäktige röstade på tisdagen för att förlänga nattbusstrafiken till årets "
    "slut, efter månader av klagomål från arbetare som slutar sina pass sent och inte har "
    "något annat säkert sätt att ta sig hem.",
    "cs": "Městské zastupitelstvo v úterý odhlasovalo prodloužení nočních autobusových linek "
    "do konce roku poté, co si pracovníci, kteří končí směny pozdě, měsíce stěžovali, že "
    "nemají jiný bezpečný způsob, jak se dostat domů.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_short_text(lang: str) -> None:
    text = TEXTS[lang]
    assert detect_language(text) == lang


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_long_text(lang: str) -> None:
    text = "\n\n".join([TEXTS[lang]] * 20)
    assert len(text) > MAX_CHARS  # only a window is read
    assert detect_language(text) == lang


@pytest.mark.parametrize("detector", ["py3langid", "resiliparse"])
def test_each_detector_directly(detector: str) -> None:
    assert detect_language(TEXTS["de"] * 2, detector=detector) == "de"


def test_default_detector_separates_close_languages() -> None:
    # The reason py3langid is the default: resiliparse reads this as Catalan.
    assert detect_language("\n\n".join([TEXTS["es"]] * 5)) == "es"


def test_too_little_text() -> None:
    assert detect_language("") is None
    assert detect_language("OK") is None
    assert detect_language("12:45 — 3 / 4 ... !!!") is None
    assert detect_language("a" * (MIN_LETTERS - 1)) is None


def test_whitespace_does_not_count_as_text() -> None:
    padded = " \n\t" * 3000 + TEXTS["fr"]
    assert detect_language(padded) == "fr"


LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat."
)


def test_placeholder_text_takes_the_declared_language() -> None:
    assert detect_language(LOREM) == "la"
    assert detect_language(LOREM, hint="en-US") == "en"


def test_declared_language_does_not_override_a_plausible_detection() -> None:
    # Templates often declare the wrong language: the text decides.
    assert detect_language(TEXTS["cs"], hint="en") == "cs"


def test_malformed_hint_is_ignored() -> None:
    assert detect_language(LOREM, hint="english!") == "la"


ESPERANTO = (
    "La urba konsilio voĉdonis marde por plilongigi la noktan busservon ĝis la fino de la "
    "jaro, post monatoj da plendoj de laboristoj kiuj finas siajn laborturnojn malfrue."
)


def test_esperanto_is_an_implausible_news_language() -> None:
    assert detect_language(ESPERANTO) == "eo"
    assert detect_language(ESPERANTO, hint="pl") == "pl"


@pytest.mark.parametrize("code", sorted(implausible_languages()))
def test_implausible_entries_are_codes_a_detector_can_emit(code: str) -> None:
    import py3langid
    from resiliparse.parse.lang import supported_langs

    ident = py3langid.langid.IDENTIFIER if hasattr(py3langid.langid, "IDENTIFIER") else None
    langid_codes = set(ident.nb_classes) if ident is not None else set()
    assert len(code) == 2 and code.isalpha()
    assert code in set(supported_langs()) | langid_codes
