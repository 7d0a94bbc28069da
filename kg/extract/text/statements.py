"""Statements: direct quotes with their speaker, and reported speech introduced by reporting verbs."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.text.document import Document
from kg.extract.text.mentions import ActorMention, DateMention
from kg.records import Agreement, Statement


def find_statements(document: Document, actors: Sequence[ActorMention], dates: Sequence[DateMention],
                    agreements: Sequence[Agreement]) -> list[Statement]:
    return []
