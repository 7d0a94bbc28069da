"""Numbers written in digits or words ("1,800", "two", "twenty-five", "a"), shared by dates and figures."""

from __future__ import annotations

import re
from functools import lru_cache

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
ARTICLES = {"a": 1, "an": 1}
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES)
"""Words that can make up a number written out (scales only after a number: "two hundred")."""

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


@lru_cache(maxsize=1 << 14)
def word_value(word: str) -> int | None:
    """The value of one number word or hyphenated pair ("seven", "twenty-five"); None otherwise.
    Kept per word (as `digits_value`): figures ask it of every word of an article."""
    word = word.lower()
    if word in UNITS:
        return UNITS[word]
    if word in TENS:
        return TENS[word]
    tens, _, unit = word.partition("-")
    if tens in TENS and unit in UNITS and 0 < UNITS[unit] < 10:
        return TENS[tens] + UNITS[unit]
    return None


@lru_cache(maxsize=1 << 14)
def digits_value(text: str) -> int | None:
    """The value of a digit string with optional thousands commas ("1,800"); None otherwise."""
    return int(text.replace(",", "")) if _DIGITS.match(text) else None


def number_value(words: list[str]) -> int | None:
    """The value of a number written as tokens: ["1,800"], ["two"], ["twenty", "-", "five"],
    ["2.5", "million"], ["two", "hundred"], ["a"] (for "a day later"); None when they are not one."""
    words = [w for w in words if w != "-"]
    if not words:
        return None
    if len(words) == 2 and words[0].lower() in UNITS | TENS and words[1].lower() in UNITS:
        words = [f"{words[0]}-{words[1]}"]
    first, scales = words[0], words[1:]
    if any(s.lower() not in SCALES for s in scales):
        return None
    factor = 1
    for scale in scales:
        factor *= SCALES[scale.lower()]
    if first.lower() in ARTICLES:
        return factor if not scales or len(scales) == 1 else None
    if re.fullmatch(r"\d+\.\d+", first) and scales:
        return round(float(first) * factor)
    value = digits_value(first)
    if value is None:
        value = word_value(first)
    return None if value is None else value * factor
