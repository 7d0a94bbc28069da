"""Hand-made mentions for the step tests: spans found by phrase, so tests need no other step."""

from __future__ import annotations

from kg.extract.text.mentions import ActorMention
from kg.records import Evidence


def evidence(text: str, phrase: str, nth: int = 0) -> Evidence:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Evidence(start, start + len(phrase), phrase)


def actor(text: str, phrase: str, key: str, nth: int = 0, name: str | None = None) -> ActorMention:
    """A state named by `phrase`; `name` is the state's name when the phrase is not it ("Egyptian": "Egypt")."""
    return ActorMention(evidence(text, phrase, nth), key, "State", name or phrase, "test")
