"""Figures: numbers in digits and words with their qualifier, what they count and who gives them."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.text.document import Document
from kg.extract.text.mentions import ActorMention, DateMention
from kg.records import Figure


def find_figures(document: Document, actors: Sequence[ActorMention],
                 dates: Sequence[DateMention]) -> list[Figure]:
    return []
