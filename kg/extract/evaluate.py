"""`kg eval`: the extractor's records scored against the curated extracts of the seeds.

The curated extracts are only the answer key here; the extractor sees each article's text and
metadata, never its curated file.

Matching is one-to-one by character-span overlap: a predicted and a curated unit overlap when any
evidence span of one overlaps any evidence span of the other; among the pairs that also agree (same
event type, same figure value, ...), the pair with the largest overlap is taken first, then the next
largest among the units still free, and so on. Actors are scored per mention (each evidence span of
an actor is one mention). Actor keys are aligned before comparing: a predicted key stands for the
curated key its mentions share most characters with, so an actor the catalogue does not know
counts under its own slug. Speakers, attributions and mention keys are compared after alignment.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ExtractError
from kg.extract.articles import load_article
from kg.extract.curated import OWN_VOICE, extract_path, load_extract
from kg.extract.text.extractor import extract_article
from kg.records import Agreement, CatalogueEntry, Event, Evidence, Extract, Statement

TARGETS = {"actors": 0.85, "quotes with speaker": 0.85, "figures": 0.75, "events": 0.75, "dates": 0.9}


@dataclass(frozen=True)
class Unit:
    """One thing matched: a record, or for actors one mention, of one article."""

    article: str
    evidence: tuple[Evidence, ...]
    label: str
    record: Any = None
    key: str = ""


@dataclass(frozen=True)
class Miss:
    """A curated unit the extractor missed, or a predicted unit with no curated counterpart."""

    article: str
    start: int
    end: int
    text: str
    why: str


@dataclass(frozen=True)
class Score:
    name: str
    curated: int
    predicted: int
    hits: int
    misses: tuple[Miss, ...] = ()
    false_hits: tuple[Miss, ...] = ()
    target: float | None = None

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.curated if self.curated else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "curated": self.curated, "predicted": self.predicted, "hits": self.hits,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "target_f1": self.target, "misses": [vars(m) for m in self.misses],
                "false_hits": [vars(m) for m in self.false_hits]}


@dataclass(frozen=True)
class DateScore:
    """Of the matched curated events and statements that carry a date, how many got the same value."""

    dated: int
    right: int
    wrong: tuple[Miss, ...] = ()
    target: float | None = TARGETS["dates"]

    @property
    def share(self) -> float:
        return self.right / self.dated if self.dated else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"dated": self.dated, "right": self.right, "share": round(self.share, 4), "target": self.target,
                "wrong": [vars(m) for m in self.wrong]}


@dataclass(frozen=True)
class Evaluation:
    articles: tuple[str, ...]
    scores: tuple[Score, ...]
    dates: DateScore

    def score(self, name: str) -> Score:
        return next(s for s in self.scores if s.name == name)

    def as_json(self) -> dict[str, Any]:
        return {"articles": list(self.articles), "scores": [s.as_json() for s in self.scores],
                "dates": self.dates.as_json()}


Compare = Callable[[Unit, Unit], "str | None"]
"""(predicted, curated) -> None when they agree, else why not."""


def overlap(a: Unit, b: Unit) -> int:
    """Characters shared by the best-overlapping pair of spans (0 when none overlap)."""
    if a.article != b.article:
        return 0
    return max(0, max((min(x.end, y.end) - max(x.start, y.start) for x in a.evidence for y in b.evidence), default=0))


def match(curated: Sequence[Unit], predicted: Sequence[Unit], compare: Compare) -> dict[int, int]:
    """Predicted index -> curated index, one-to-one, greedy by largest overlap among agreeing pairs."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for j, unit in enumerate(curated):
        by_article[unit.article].append(j)
    pairs = []
    for i, unit in enumerate(predicted):
        for j in by_article.get(unit.article, []):
            shared = overlap(unit, curated[j])
            if shared > 0 and compare(unit, curated[j]) is None:
                pairs.append((-shared, i, j))
    pairs.sort()
    taken: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if i not in taken and j not in used:
            taken[i] = j
            used.add(j)
    return taken


def _miss(unit: Unit, why: str) -> Miss:
    first = min(unit.evidence)
    return Miss(unit.article, first.start, first.end, first.text, f"{unit.label}: {why}")


def _why(unit: Unit, others: Sequence[Unit], compare: Callable[[Unit, Unit], str | None], other_name: str) -> str:
    near = [o for o in others if overlap(unit, o) > 0]
    if not near:
        return f"no {other_name} record overlaps"
    best = max(near, key=lambda o: overlap(unit, o))
    reason = compare(unit, best)
    if reason is None:
        return f"the overlapping {other_name} {best.label} was matched to another record"
    return f"overlaps {other_name} {best.label}, but {reason}"


def score(name: str, curated: Sequence[Unit], predicted: Sequence[Unit], compare: Compare,
          target: float | None = None) -> tuple[Score, dict[int, int]]:
    """The score of one record type, and the matching it came from (predicted index -> curated index)."""
    matched = match(curated, predicted, compare)
    found = set(matched.values())
    misses = tuple(_miss(c, _why(c, predicted, lambda c_, p: compare(p, c_), "predicted"))
                   for j, c in enumerate(curated) if j not in found)
    false_hits = tuple(_miss(p, _why(p, curated, compare, "curated"))
                       for i, p in enumerate(predicted) if i not in matched)
    return Score(name, len(curated), len(predicted), len(matched), misses, false_hits, target), matched


Aligner = Callable[[str, str], str]
"""(article, predicted key) -> the curated key it stands for."""


def align_keys(curated: Sequence[Unit], predicted: Sequence[Unit]) -> dict[tuple[str, str], str]:
    """(article, predicted key) -> the curated key whose mentions its mentions overlap most, counted in
    shared characters (a mention that covers only a word of a longer curated mention weighs less than one
    that covers it all; exact ties go to the alphabetically first key); keys with no overlapping mention
    are absent (they stand for themselves)."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_article: dict[str, list[Unit]] = defaultdict(list)
    for unit in curated:
        by_article[unit.article].append(unit)
    for unit in predicted:
        for gold in by_article.get(unit.article, []):
            shared = overlap(unit, gold)
            if shared > 0:
                votes[(unit.article, unit.key)][gold.key] += shared
    return {name: min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] for name, counts in votes.items()}


def aligner(table: Mapping[tuple[str, str], str]) -> Aligner:
    return lambda article, key: table.get((article, key), key)


def actor_units(extract: Extract) -> list[Unit]:
    return [Unit(extract.article.id, (ev,), f"actor {actor.key}", actor, actor.key)
            for actor in extract.actors for ev in actor.evidence]


def statement_units(extract: Extract, kinds: Iterable[str]) -> list[Unit]:
    wanted = set(kinds)
    return [Unit(extract.article.id, s.evidence, f"{s.kind} by {', '.join(s.speakers)}", s)
            for s in extract.statements if s.kind in wanted]


def figure_units(extract: Extract) -> list[Unit]:
    return [Unit(extract.article.id, f.evidence, f"figure {f.value} {f.counts} ({f.attributed_to})", f)
            for f in extract.figures]


def event_units(extract: Extract) -> list[Unit]:
    return [Unit(extract.article.id, e.evidence, f"event {e.type} {e.key}", e) for e in extract.events]


def agreement_units(extract: Extract) -> list[Unit]:
    return [Unit(extract.article.id, a.evidence, f"agreement {a.key}", a) for a in extract.agreements]


def phase_units(extract: Extract) -> list[Unit]:
    return [Unit(extract.article.id, p.evidence, f"phase {p.ref}", p) for p in extract.phases]


def same_mention_key(align: Aligner) -> Compare:
    def compare(predicted: Unit, curated: Unit) -> str | None:
        key = align(predicted.article, predicted.key)
        return None if key == curated.key else f"key {predicted.key} stands for {key}, not {curated.key}"
    return compare


def same_speaker(align: Aligner) -> Compare:
    def compare(predicted: Unit, curated: Unit) -> str | None:
        said = {align(predicted.article, k) for k in predicted.record.speakers}
        if said & set(curated.record.speakers):
            return None
        return f"speakers {sorted(said) or '(none)'} are not {sorted(curated.record.speakers)}"
    return compare


def same_figure(align: Aligner) -> Compare:
    def compare(predicted: Unit, curated: Unit) -> str | None:
        p, c = predicted.record, curated.record
        if p.value != c.value:
            return f"value {p.value} is not {c.value}"
        source = p.attributed_to if p.attributed_to == OWN_VOICE else align(predicted.article, p.attributed_to)
        return None if source == c.attributed_to else f"attributed to {source}, not {c.attributed_to}"
    return compare


def same_event_type(predicted: Unit, curated: Unit) -> str | None:
    p, c = predicted.record, curated.record
    return None if p.type == c.type else f"type {p.type} is not {c.type}"


def same_ordinal(predicted: Unit, curated: Unit) -> str | None:
    p, c = predicted.record, curated.record
    return None if p.ordinal == c.ordinal else f"ordinal {p.ordinal} is not {c.ordinal}"


def any_overlap(predicted: Unit, curated: Unit) -> str | None:
    return None


def _dates(pairs: Iterable[tuple[Unit, Unit]]) -> DateScore:
    dated = right = 0
    wrong = []
    for predicted, curated in pairs:
        record: Event | Statement = curated.record
        if record.date is None:
            continue
        dated += 1
        if predicted.record.date == record.date:
            right += 1
        else:
            wrong.append(_miss(curated, f"date {predicted.record.date or '(none)'}, curated {record.date}"))
    return DateScore(dated, right, tuple(wrong))


def evaluate_extracts(pairs: Sequence[tuple[Extract, Extract]]) -> Evaluation:
    """Score `(curated, predicted)` extracts of the same articles."""
    def units(maker: Callable[[Extract], list[Unit]]) -> tuple[list[Unit], list[Unit]]:
        return [u for c, _ in pairs for u in maker(c)], [u for _, p in pairs for u in maker(p)]

    gold_actors, found_actors = units(actor_units)
    align = aligner(align_keys(gold_actors, found_actors))
    actors, _ = score("actors", gold_actors, found_actors, same_mention_key(align), TARGETS["actors"])
    gold_quotes, found_quotes = units(lambda e: statement_units(e, ["DirectQuote"]))
    quotes, _ = score("quotes with speaker", gold_quotes, found_quotes, same_speaker(align),
                      TARGETS["quotes with speaker"])
    gold_said, found_said = units(lambda e: statement_units(e, ["DirectQuote", "ReportedSpeech"]))
    statements, said_matched = score("statements with speaker", gold_said, found_said, same_speaker(align))
    figures, _ = score("figures", *units(figure_units), same_figure(align), TARGETS["figures"])
    gold_events, found_events = units(event_units)
    events, event_matched = score("events", gold_events, found_events, same_event_type, TARGETS["events"])
    agreements, _ = score("agreements", *units(agreement_units), any_overlap)
    phases, _ = score("phases", *units(phase_units), same_ordinal)
    dates = _dates([(found_events[i], gold_events[j]) for i, j in sorted(event_matched.items())]
                   + [(found_said[i], gold_said[j]) for i, j in sorted(said_matched.items())])
    return Evaluation(tuple(c.article.id for c, _ in pairs),
                      (actors, quotes, statements, figures, events, agreements, phases), dates)


def evaluate_seeds(seeds: Path, catalogue: Mapping[str, CatalogueEntry],
                   known_agreements: Sequence[Agreement] = ()) -> Evaluation:
    """Extract every `seeds/*.txt` from its text and metadata, and score it against `seeds/extracts/`."""
    texts = sorted(seeds.glob("*.txt"))
    if not texts:
        raise ExtractError("no article files (*.txt) found", path=seeds)
    pairs = []
    for text_path in texts:
        article = load_article(text_path)
        predicted = extract_article(article, catalogue, known_agreements)
        pairs.append((load_extract(extract_path(seeds, article.id), article), predicted))
    return evaluate_extracts(pairs)

