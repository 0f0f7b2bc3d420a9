"""Training texts in scripts the model never saw: letters mapped onto another script.

A document's letters are mapped consistently (one letter, one target letter; case
kept where the target script has case) onto Cyrillic, Greek, Armenian, Georgian,
Devanagari, Hangul, Thai, CJK, Ethiopic or Tamil; digits, punctuation, line
breaks and the document's layout stay. Scripts written without spaces lose the
spaces between words. The n-gram model never sees these texts, so their n-grams
are as unfamiliar as a real unseen language's: the tree stages learn to decide
such lines by their shape, position and neighbours.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence

# name: (target letters: (upper, lower) pairs for cased scripts, else code points;
#        cased; written with spaces)
TARGETS: dict[str, tuple[list, bool, bool]] = {
    "cyrillic": ([(0x410 + i, 0x430 + i) for i in range(32)], True, True),
    "greek": ([(0x391 + i, 0x3B1 + i) for i in range(17)]
              + [(0x3A3 + i, 0x3C3 + i) for i in range(7)], True, True),
    "armenian": ([(0x531 + i, 0x561 + i) for i in range(38)], True, True),
    "georgian": ([0x10D0 + i for i in range(33)], False, True),
    "devanagari": ([0x915 + i for i in range(37)], False, True),
    "hangul": ([0xAC00 + 25 * i for i in range(400)], False, True),
    "thai": ([0x0E01 + i for i in range(46)], False, False),
    "cjk": ([0x4E00 + 30 * i for i in range(600)], False, False),
    "ethiopic": ([0x1200 + 8 * i for i in range(40)], False, True),
    "tamil": ([0x0B95, 0x0B99, 0x0B9A, 0x0B9E, 0x0B9F, 0x0BA3, 0x0BA4, 0x0BA8, 0x0BAA,
               0x0BAE, 0x0BAF, 0x0BB0, 0x0BB2, 0x0BB5, 0x0BB4, 0x0BB3, 0x0BB1, 0x0BA9,
               0x0B85, 0x0B87, 0x0B89, 0x0B8E, 0x0B92], False, True),
}
_LATIN = "abcdefghijklmnopqrstuvwxyz"


class Cipher:
    def __init__(self, target: str, seed: int) -> None:
        letters, cased, self.spaces = TARGETS[target]
        pool = list(letters)
        random.Random(seed).shuffle(pool)
        self.table: dict[int, str] = {}
        for k, ch in enumerate(_LATIN):
            t = pool[k % len(pool)]
            if cased:
                self.table[ord(ch)] = chr(t[1])
                self.table[ord(ch.upper())] = chr(t[0])
            else:
                self.table[ord(ch)] = self.table[ord(ch.upper())] = chr(t)

    def __call__(self, text: str) -> str:
        # accented letters map like their base letter
        base = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
        out = base.translate(self.table)
        if self.spaces:
            return out
        keep = [c != " " or not (0 < i < len(out) - 1 and ord(out[i - 1]) > 0x2000
                                 and ord(out[i + 1]) > 0x2000) for i, c in enumerate(out)]
        return "".join(c for c, k in zip(out, keep, strict=True) if k)


def cipher_lines(lines: Sequence[str], index: int) -> tuple[str, list[str]]:
    """(target script, the lines mapped): the target rotates with ``index``."""
    names = sorted(TARGETS)
    target = names[index % len(names)]
    c = Cipher(target, index)
    return target, [c(x) for x in lines]
