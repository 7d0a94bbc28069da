"""Typed records: the contract between `extract`/`link` and `map` (see docs/data-model.md).

Records are frozen so a stage cannot change what an earlier stage produced. Keys are slugs naming
a real-world thing (the same key in every article); dates are ISO strings of day, month or year
precision, kept as written so that precision survives to the graph.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Evidence:
    """Characters `start:end` (code points, end exclusive) of an article, and the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    key: str
    type: str
    name: str
    evidence: tuple[Evidence, ...]
    role: str | None = None
    member_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    key: str
    type: str
    name: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Agreement:
    key: str
    type: str
    name: str
    evidence: tuple[Evidence, ...]
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    status: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Phase:
    agreement: str
    ordinal: int
    evidence: tuple[Evidence, ...]
    start: str | None = None
    end: str | None = None
    planned_start: str | None = None
    planned_end: str | None = None
    status: str | None = None
    description: str | None = None

    @property
    def ref(self) -> str:
        """How other records name this phase: `{agreement}/phase-{ordinal}`."""
        return f"{self.agreement}/phase-{self.ordinal}"


@dataclass(frozen=True)
class Term:
    key: str
    kind: str
    description: str
    evidence: tuple[Evidence, ...]
    agreement: str
    phase: int | None = None
    hostages: int | None = None
    prisoners: int | None = None


@dataclass(frozen=True)
class Statement:
    kind: str
    speakers: tuple[str, ...]
    speech_act: str
    evidence: tuple[Evidence, ...]
    quotation: str | None = None
    date: str | None = None
    medium: str | None = None
    targets: tuple[str, ...] = ()
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    key: str
    type: str
    label: str
    evidence: tuple[Evidence, ...]
    date: str | None = None
    end: str | None = None
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    violates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    value: int
    qualifier: str
    counts: str
    attributed_to: str
    evidence: tuple[Evidence, ...]
    population: str | None = None
    event: str | None = None
    as_of: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class DateClaim:
    """A value (date, outlet key) with how it was determined and why."""

    value: str | None
    method: str
    note: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Article:
    """A source article: its text, its bytes' digest, and what its metadata file says."""

    id: str
    text: str
    sha256: str
    published: DateClaim
    outlet: DateClaim
    outlet_name: str | None = None
    title: str | None = None
    inferred_published: str | None = None


@dataclass(frozen=True)
class Extract:
    """Everything one article contributes. `method` says which step made the records."""

    article: Article
    method: str
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    phases: tuple[Phase, ...] = ()
    terms: tuple[Term, ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class CatalogueEntry:
    """A known entity of `catalogue/wikidata.yaml`: the extractor finds actors by its aliases, the link
    stage links its key when the QID was checked. Defined here so extraction need not import `kg.link`."""

    key: str
    type: str
    name: str
    aliases: tuple[str, ...]
    qid: str | None
    checked: str | None
    checked_on: str | None = None
    in_wikidata: bool = True

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Link:
    """An actor or place key identified with a Wikidata item, and how that was decided."""

    key: str
    kind: str
    qid: str
    method: str
    source: str
    score: float = 1.0
    date: str = ""
    note: str = ""
    asserted: bool = True
    """False for a suggestion kept for review (below the threshold, or tied): never an owl:sameAs."""
