"""What the extraction steps hand each other: mentions located by character spans.

A mention is a place in the text where something is named; records (in `kg.records`) are what
the extractor finally asserts, each carrying the evidence of all its mentions.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.records import Evidence


@dataclass(frozen=True, order=True)
class ActorMention:
    """An actor named at `evidence`. `key` is the catalogue key, or a slug of the name when the
    catalogue does not know the actor; `how` says which rule found it (catalogue, title,
    capitalised-name, ner, short-form, descriptor)."""

    evidence: Evidence
    key: str
    type: str
    name: str
    how: str
    role: str | None = None
    member_of: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class PlaceMention:
    evidence: Evidence
    key: str
    type: str
    name: str
    how: str


@dataclass(frozen=True, order=True)
class DateMention:
    """A date expression resolved to an ISO value of day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY)
    precision; `how` names the rule (absolute, weekday, relative-offset, month-only, ...)."""

    evidence: Evidence
    value: str
    precision: str
    how: str


@dataclass(frozen=True)
class PublicationDate:
    """The date the article's relative expressions resolve against, and how it was determined."""

    value: str | None
    method: str
    note: str
