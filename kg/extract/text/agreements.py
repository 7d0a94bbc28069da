"""Agreements and phases: "the ceasefire", "the truce", "the first phase", "phase two", resolved to
agreements already known (by date and parties) or created for this article."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.text.document import Document
from kg.extract.text.mentions import ActorMention, DateMention, PublicationDate
from kg.records import Agreement, Phase


def find_agreements(document: Document, actors: Sequence[ActorMention], dates: Sequence[DateMention],
                    published: PublicationDate,
                    known: Sequence[Agreement] = ()) -> tuple[list[Agreement], list[Phase]]:
    return [], []
