"""Actors and places: catalogue aliases, title and capitalised-name patterns, later short forms."""

from __future__ import annotations

from collections.abc import Mapping

from kg.extract.text.document import Document
from kg.extract.text.mentions import ActorMention, PlaceMention
from kg.link.catalogue import CatalogueEntry


def find_actors(document: Document, catalogue: Mapping[str, CatalogueEntry]) -> list[ActorMention]:
    return []


def find_places(document: Document, catalogue: Mapping[str, CatalogueEntry]) -> list[PlaceMention]:
    return []
