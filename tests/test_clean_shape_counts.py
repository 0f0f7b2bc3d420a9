"""The compiled document arrays and shape counts (clean/_shapecounts.c) are their
numpy twins', and shape_features made of them is the numpy path's, bit for bit:
on text in many scripts, astral-plane characters past the class tables, one-line
documents and one-character lines, digit runs and URL marks at the ends of lines
and of the document, real sentences; a document not laid out as make_doc lays
it out is counted by the twin, and a wrong call raises instead of reading out of
bounds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.clean import _shapecounts
from newsclean.clean import charclass as cc
from newsclean.clean.shape import (
    _ROLES,
    _ROWS,
    Doc,
    _doc_arrays,
    _doc_arrays_numpy,
    _shape_counts_numpy,
    _shape_of,
    make_doc,
    shape_counts,
    shape_features,
)
from newsclean.text import normalise_lines

CASES = {
    "english page": ["Home", "News", "Share this article", "Subscribe to our newsletter",
                     "The minister said on Monday that the vote would go ahead as planned.",
                     "© 2024 Example Media. All rights reserved.", "Log in", "12:45 PM",
                     "Follow @ledger on X, Facebook, and at https://www.example.com/news"],
    "one line": ["Breaking: the bridge reopens"],
    "one character lines": ["a", "|", "7", "W", "/", "@", ",", "»", "東", "😀"],
    "digits at the document end": ["Founded in", "Call 1999"],
    "only digits": ["2024", "12345", "19", "1", "2020", "0000", "1999"],
    "years and near years": ["1999", "19999", "2020a", "a2020", "in 1999, 2001 and 2100.",
                             "1919191", "20 20", "x19 99", "١٩٩٩", "19٩٩", "２０２０"],
    "URL marks at line ends": ["see www", "http://", "a//", "ww", "wwww", "w", "//", "///",
                               "www.x.org www", "http://www.a.b/c//d"],
    "commas of many scripts": ["a, b, c", "東京、大阪，名古屋", "مرحبا، عالم", ",,,", "，"],
    "Thai": ["ภาษาไทย ข่าว", "กรุงเทพมหานคร เป็นเมืองหลวงของประเทศไทย", "ข่าว 2567", "๒๕๖๗"],
    "Chinese": ["東京で会議が開かれた。", "北京时间 2024年 5月", "新闻 News 新闻"],
    "Arabic": ["مرحبا بالعالم", "الأخبار العاجلة ٢٠٢٤", "عاجل: اجتماع @ الساعة 10"],
    "astral plane": ["😀 emoji 🎉", "𝐁𝐨𝐥𝐝 text", "𠀀𠀁 CJK extension B 𪜀", "x𠀀y",
                     "\U0010fffd last plane", "𠀀2020𠀀"],
    "marks and capitals": ["Ünïcödé Wörds Here", "éé ÉÉ", "A\u0301bc D\u0308ef", "ALL CAPS LINE",
                           "Mixed ČASE Ǆungla"],
    "tabs and spaces": ["a\tb", " leading", "trailing ", "  two  spaces  "],
    "empty lines": ["first", "", "third line", "", ""],
    "long line": ["word " * 3000 + "1999", "short"],
    # past the 65,535 characters the kernel packs its counts over
    "longer than a chunk": ["Ab1 2020 www, Ωμέγα " * 4000, "x"],
}


def assert_same_arrays(got: tuple[np.ndarray, ...], want: tuple[np.ndarray, ...]) -> None:
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.array_equal(a, b)


def assert_compiled_is_numpy(doc: Doc) -> None:
    assert_same_arrays(_doc_arrays(doc.codes), _doc_arrays_numpy(doc.codes))
    rows = np.empty((len(_ROWS), doc.n), dtype=np.int64)
    by_class = np.empty((doc.n, cc.N_CLASSES), dtype=np.int64)
    # make_doc's documents are counted in C, not by the fallback
    assert _shapecounts.shape_counts(doc.codes, doc.cls, doc.nospace, doc.starts, doc.ends,
                                     _ROLES, rows, by_class)
    assert_same_arrays((rows, by_class), _shape_counts_numpy(doc))
    got = shape_features(doc)
    want = _shape_of(doc, *_shape_counts_numpy(doc), None)
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiled_counts_are_the_numpy_counts(name: str) -> None:
    assert_compiled_is_numpy(make_doc(CASES[name]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiled_counts_with_every_no_space_flag_turned(name: str) -> None:
    # no capital letter is in a script without spaces: the counts that tell
    # the two apart are tried on flags the tables never give
    doc = make_doc(CASES[name])
    assert_compiled_is_numpy(dataclasses.replace(doc, nospace=~doc.nospace))


def test_the_rare_marks_are_counted_where_they_are() -> None:
    doc = make_doc(["1999", "19999", "2020a", "see www", "http://", "wwww", "a@b@c"])
    rows = dict(zip(_ROWS, shape_counts(doc)[0].tolist(), strict=True))
    assert rows["years"] == [1, 0, 1, 0, 0, 0, 0]
    # "//" once per slash followed by a slash, "www" once per w followed by two
    assert rows["urlish"] == [0, 0, 0, 1, 1, 2, 0]
    assert rows["at_signs"] == [0, 0, 0, 0, 0, 0, 2]
    assert rows["longest"] == [4, 5, 5, 3, 4, 4, 1]


def test_real_sentences() -> None:
    """The junk lines and article sentences of the phrase cases (24 languages)
    and the sample corpus's articles, normalised as the cleaner reads them."""
    root = Path(__file__).parents[1]
    cases = json.loads((root / "tests/data/phrase_cases.json").read_text())
    lines = [junk[0] for lang in cases.values() if isinstance(lang, dict) for junk in lang["junk"]]
    lines += [x for lang in cases.values() if isinstance(lang, dict) for x in lang["prose"]]
    for article in json.loads((root / "sample/articles.json").read_text()):
        lines += [article["title"], *article["paragraphs"]]
    norm = [x for x in normalise_lines(lines) if x]
    assert len(norm) > 100
    assert_compiled_is_numpy(make_doc(norm))


ALPHABET = st.sampled_from(list("aZw/@,1290 .-:\t|»É\u0301東、ก٣😀") + ["\U00020000"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=12), min_size=1, max_size=8))
def test_compiled_counts_on_any_lines(lines: list[str]) -> None:
    assert_compiled_is_numpy(make_doc(lines))


def test_the_document_arrays_past_the_tables() -> None:
    codes = np.array([10, 0, 65, cc.TABLE_SIZE - 1, cc.TABLE_SIZE, 0xD800, 0x10FFFF, 10,
                      0xFFFFFFFF], dtype=np.uint32)
    assert_same_arrays(_doc_arrays(codes), _doc_arrays_numpy(codes))
    empty = np.zeros(0, dtype=np.uint32)
    assert_same_arrays(_doc_arrays(empty), _doc_arrays_numpy(empty))


def test_a_document_not_laid_out_by_make_doc_is_counted_by_the_twin() -> None:
    doc = make_doc(["Home page", "News 1999"])
    # the break after the first line made a space: lines no longer break there
    codes = doc.codes.copy()
    codes[doc.ends[0]] = ord(" ")
    cls = doc.cls.copy()
    cls[doc.ends[0]] = cc.SPACE
    odd = dataclasses.replace(doc, codes=codes, cls=cls)
    rows = np.empty((len(_ROWS), odd.n), dtype=np.int64)
    by_class = np.empty((odd.n, cc.N_CLASSES), dtype=np.int64)
    assert not _shapecounts.shape_counts(codes, cls, odd.nospace, odd.starts, odd.ends, _ROLES,
                                         rows, by_class)
    assert_same_arrays(shape_counts(odd), _shape_counts_numpy(odd))


def test_a_wrong_call_raises() -> None:
    doc = make_doc(["one line", "two"])
    rows = np.empty((len(_ROWS), doc.n), dtype=np.int64)
    by_class = np.empty((doc.n, cc.N_CLASSES), dtype=np.int64)

    def call(**changed: np.ndarray) -> bool:
        args = {"codes": doc.codes, "cls": doc.cls, "nospace": doc.nospace,
                "starts": doc.starts, "ends": doc.ends, "roles": _ROLES, "rows": rows,
                "by_class": by_class}
        args.update(changed)
        return _shapecounts.shape_counts(*args.values())

    assert call()
    with pytest.raises(ValueError, match="outside"):
        call(ends=doc.ends + 100)
    with pytest.raises(ValueError, match="outside"):
        call(starts=doc.starts - 10)
    bad_class = doc.cls.copy()
    bad_class[2] = 200
    with pytest.raises(ValueError, match="outside"):
        call(cls=bad_class)
    with pytest.raises(ValueError, match="lengths"):
        call(rows=rows[:, :1].copy())
    with pytest.raises(ValueError, match="lengths"):
        call(nospace=doc.nospace[:-1].copy())
    with pytest.raises(ValueError, match="lengths"):
        call(roles=np.zeros(40, dtype=np.uint8), by_class=np.empty((doc.n, 40), dtype=np.int64))
    with pytest.raises(TypeError, match="codes"):
        call(codes=doc.codes.astype(np.int64))
    with pytest.raises(TypeError, match="starts"):
        call(starts=doc.starts.astype(np.int32))
    with pytest.raises(ValueError, match="lengths"):
        _doc_arrays_with(doc.codes, fold_table=cc.tables()[1][:10])
    with pytest.raises(ValueError, match="class"):
        _doc_arrays_with(doc.codes, beyond=256)


def _doc_arrays_with(codes: np.ndarray, beyond: int = cc.LETTER,
                     fold_table: np.ndarray | None = None) -> None:
    cls_table, fold, nospace_table = cc.tables()
    size = codes.size
    _shapecounts.doc_arrays(codes, cls_table, fold if fold_table is None else fold_table,
                            nospace_table, beyond, np.empty(size, dtype=np.uint8),
                            np.empty(size, dtype=np.uint32), np.empty(size, dtype=bool),
                            np.empty(size, dtype=np.int64))
