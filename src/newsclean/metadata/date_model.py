"""Which of a page's candidate dates is its publication date.

Each distinct day the sources of ``date_sources`` give is scored by a logistic
model over which sources give it, how many do, and how many other days compete
(``data/date_model.json``, trained by ``scripts/train_date_model.py`` on
wcxb-dev ``train``). Sources that agree outvote one that disagrees: a JSON-LD
date that is the site's template default loses to the date under the headline,
the URL and the <time> element when those three agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsclean.metadata.date_sources import SOURCES


@dataclass(frozen=True, slots=True)
class _Model:
    weights: np.ndarray
    bias: float
    threshold: float


@lru_cache(maxsize=1)
def model() -> _Model:
    path = resources.files("newsclean.metadata").joinpath("data/date_model.json")
    data = json.loads(path.read_text("utf-8"))
    names = [*SOURCES, "sources", "days"]
    if list(data["features"]) != names:
        raise ValueError("data/date_model.json was trained on other features; retrain it")
    return _Model(
        np.asarray(data["weights"], dtype=np.float64),
        float(data["bias"]),
        float(data["threshold"]),
    )


def features(found: dict[str, str]) -> tuple[list[str], np.ndarray]:
    """The distinct days of ``found`` and one feature row per day."""
    days: dict[str, set[str]] = {}
    for source, value in found.items():
        days.setdefault(value[:10], set()).add(source)
    order = list(days)
    x = np.zeros((len(order), len(SOURCES) + 2))
    for i, day in enumerate(order):
        for j, source in enumerate(SOURCES):
            if source in days[day]:
                x[i, j] = 1.0
        x[i, -2] = len(days[day])
        x[i, -1] = len(order)
    return order, x


def choose(found: dict[str, str]) -> str | None:
    """The publication date among the candidates, or None when none scores high
    enough. The value kept is the most precise one given for that day (a full
    timestamp from JSON-LD rather than the day shown in the URL)."""
    if not found:
        return None
    m = model()
    days, x = features(found)
    scores = x @ m.weights + m.bias
    best = int(np.argmax(scores))
    if scores[best] < m.threshold:
        return None
    day = days[best]
    for source in SOURCES:
        value = found.get(source)
        if value is not None and value[:10] == day:
            return value
    return day
