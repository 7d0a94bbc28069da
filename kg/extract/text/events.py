"""Events: trigger words typed by the ontology's event types, with agents, targets, places, date,
the agreements they violate, and the casualty figures that belong to them."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.text.document import Document
from kg.extract.text.mentions import ActorMention, DateMention, PlaceMention, PublicationDate
from kg.records import Agreement, Event, Figure


def find_events(document: Document, actors: Sequence[ActorMention], places: Sequence[PlaceMention],
                dates: Sequence[DateMention], published: PublicationDate, agreements: Sequence[Agreement],
                figures: Sequence[Figure]) -> tuple[list[Event], list[Figure]]:
    """The events, and `figures` with `event` set on those that count an event's casualties."""
    return [], list(figures)
