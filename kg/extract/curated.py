"""Hand-curated extracts (`seeds/extracts/{article}.yaml`): load, check, and turn into records.

Checks, each reported with file, line, record and field:
the JSON Schema (`extract.schema.json`); every span lies in the article and covers exactly its
`text`; keys are unique; every reference names a record of the same file; concept keys exist in
the ontology's SKOS schemes; a direct quote's `quotation`, when given, is its span's text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from kg import resources
from kg.concepts import ConceptKeys, concept_keys
from kg.errors import ExtractError, InputError
from kg.extract.articles import load_article
from kg.extract.yamlfile import line_of, read_yaml
from kg.records import (Actor, Agreement, Article, Event, Evidence, Extract, Figure, Phase, Place,
                        Statement, Term)

CURATION = "curation"
OWN_VOICE = "article"
"""`attributed_to: article`: the article states the figure in its own voice and credits no source."""


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.package_file("extract/extract.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _describe(data: Any, path: list[str | int]) -> str | None:
    """`statements[3] (DirectQuote "this is just ...")`: the record a schema path points into."""
    if len(path) < 2 or not isinstance(path[0], str) or not isinstance(path[1], int):
        return None
    try:
        record = data[path[0]][path[1]]
    except (KeyError, IndexError, TypeError):
        return f"{path[0]}[{path[1]}]"
    label = (record.get("key") or record.get("kind") or "") if isinstance(record, dict) else ""
    text = record.get("text", "") if isinstance(record, dict) else ""
    snippet = f'"{text[:40]}{"..." if len(text) > 40 else ""}"' if text else ""
    inside = " ".join(part for part in (label, snippet) if part)
    return f"{path[0]}[{path[1]}] ({inside})" if inside else f"{path[0]}[{path[1]}]"


class _Checker:
    """Collects the context a check needs to report where a problem is."""

    def __init__(self, path: Path, data: dict[str, Any], node: Any, article: Article, concepts: ConceptKeys):
        self.path, self.data, self.node, self.article, self.concepts = path, data, node, article, concepts

    def fail(self, where: list[str | int], message: str, field: str | None = None) -> ExtractError:
        return ExtractError(message, path=self.path, line=line_of(self.node, where + ([field] if field else [])),
                            record=_describe(self.data, where), field=field)

    def evidence(self, record: dict[str, Any], where: list[str | int]) -> tuple[Evidence, ...]:
        found = [self._span(record, where, "span")]
        for index, mention in enumerate(record.get("mentions", [])):
            found.append(self._span(mention, where + ["mentions", index], "span"))
        return tuple(found)

    def _span(self, record: dict[str, Any], where: list[str | int], field: str) -> Evidence:
        start, end = record["span"]
        text = self.article.text
        if not start < end <= len(text):
            raise self.fail(where, f"span [{start}, {end}] is not inside the article (0..{len(text)})", field)
        if text[start:end] != record["text"]:
            found = text.find(record["text"])
            hint = f"; that text occurs at [{found}, {found + len(record['text'])}]" if found >= 0 else ""
            raise self.fail(where, f"span [{start}, {end}] covers {text[start:end]!r}, not {record['text']!r}{hint}",
                            field)
        return Evidence(start, end, record["text"])

    def concept(self, scheme: str, value: str | None, where: list[str | int], field: str) -> None:
        if value is not None and self.concepts.iri(scheme, value) is None:
            allowed = ", ".join(self.concepts.keys(scheme)) or "(none: is the ontology missing?)"
            raise self.fail(where, f"unknown {scheme} {value!r}; expected one of: {allowed}", field)

    def refs(self, values: Iterable[str], known: set[str], kind: str, where: list[str | int], field: str) -> None:
        for value in values:
            if value not in known:
                raise self.fail(where, f"{value!r} is not one of the {kind} declared in this file", field)


_NAMED_PROPERTY = re.compile(r"'([^']+)' (?:is a required property|was unexpected)|\('([^']+)' was unexpected\)")


def check_schema(path: Path, data: Any, node: Any) -> None:
    """The first schema error, located: a missing or unexpected property is named as the field."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        error = min(errors, key=lambda e: len(e.absolute_path)) if not errors[0].absolute_path else errors[0]
        where = list(error.absolute_path)
        named = _NAMED_PROPERTY.search(error.message)
        if named and error.validator in ("required", "additionalProperties", "unevaluatedProperties"):
            where.append(named.group(1) or named.group(2))
        field = ".".join(str(p) for p in where[2:]) or (str(where[-1]) if len(where) == 1 else None)
        raise ExtractError(error.message, path=path, line=line_of(node, where),
                           record=_describe(data, where) if isinstance(data, dict) else None, field=field)


def load_extract(path: Path, article: Article, concepts: ConceptKeys | None = None,
                 method: str = CURATION) -> Extract:
    """Read and check one extract file against its article; raise `ExtractError` on the first problem."""
    try:
        data, node = read_yaml(path)
    except InputError as error:
        raise ExtractError(error.message, path=error.path, line=error.line) from None
    check_schema(path, data, node)
    if data["article"] != article.id:
        raise ExtractError(f"names article {data['article']!r}, expected {article.id!r}", path=path,
                           line=line_of(node, ["article"]), field="article")
    return records_from(data, _Checker(path, data, node, article, concepts or concept_keys()), method)


def _unique(check: _Checker, section: str, key_of: Any, field: str = "key") -> set[Any]:
    seen: set[Any] = set()
    for index, record in enumerate(check.data.get(section, [])):
        key = key_of(record)
        if key in seen:
            raise check.fail([section, index], f"{key!r} is declared twice in {section}", field)
        seen.add(key)
    return seen


def records_from(data: dict[str, Any], check: _Checker, method: str) -> Extract:
    actors = _unique(check, "actors", lambda r: r["key"])
    places = _unique(check, "places", lambda r: r["key"])
    agreements = _unique(check, "agreements", lambda r: r["key"])
    events = _unique(check, "events", lambda r: r["key"])
    _unique(check, "terms", lambda r: r["key"])
    phases = {f"{a}/phase-{n}" for a, n in _unique(check, "phases", lambda r: (r["agreement"], r["ordinal"]), "ordinal")}
    if OWN_VOICE in actors:
        raise check.fail([], f"{OWN_VOICE!r} is reserved for figures the article states in its own voice")
    if actors & places:
        raise check.fail([], f"keys used both as actor and place: {sorted(actors & places)}")

    out: dict[str, list[Any]] = {name: [] for name in
                                 ("actors", "places", "agreements", "phases", "terms", "statements", "events", "figures")}
    for i, r in enumerate(data.get("actors", [])):
        w = ["actors", i]
        check.refs(r.get("member_of", []), actors, "actors", w, "member_of")
        out["actors"].append(Actor(r["key"], r["type"], r["name"], check.evidence(r, w), r.get("role"),
                                   tuple(r.get("member_of", []))))
    for i, r in enumerate(data.get("places", [])):
        out["places"].append(Place(r["key"], r["type"], r["name"], check.evidence(r, ["places", i])))
    for i, r in enumerate(data.get("agreements", [])):
        w = ["agreements", i]
        check.refs(r.get("parties", []), actors, "actors", w, "parties")
        check.refs(r.get("mediators", []), actors, "actors", w, "mediators")
        check.concept("status", r.get("status"), w, "status")
        out["agreements"].append(Agreement(r["key"], r["type"], r["name"], check.evidence(r, w),
                                           tuple(r.get("parties", [])), tuple(r.get("mediators", [])),
                                           r.get("start"), r.get("end"), r.get("status"), r.get("description")))
    for i, r in enumerate(data.get("phases", [])):
        w = ["phases", i]
        check.refs([r["agreement"]], agreements, "agreements", w, "agreement")
        check.concept("status", r.get("status"), w, "status")
        out["phases"].append(Phase(r["agreement"], r["ordinal"], check.evidence(r, w), r.get("start"), r.get("end"),
                                   r.get("planned_start"), r.get("planned_end"), r.get("status"),
                                   r.get("description")))
    for i, r in enumerate(data.get("terms", [])):
        w = ["terms", i]
        of = r["of"]
        check.refs([of["agreement"]], agreements, "agreements", w, "of")
        if "phase" in of:
            check.refs([f"{of['agreement']}/phase-{of['phase']}"], phases, "phases", w, "of")
        out["terms"].append(Term(r["key"], r["kind"], r["description"], check.evidence(r, w), of["agreement"],
                                 of.get("phase"), r.get("hostages"), r.get("prisoners")))
    for i, r in enumerate(data.get("statements", [])):
        w = ["statements", i]
        check.refs(r["speakers"], actors, "actors", w, "speakers")
        check.refs(r.get("targets", []), actors, "actors", w, "targets")
        check.refs(r.get("about", []), agreements | events | phases, "agreements, phases or events", w, "about")
        check.concept("speech-act", r["speech_act"], w, "speech_act")
        check.concept("medium", r.get("medium"), w, "medium")
        quotation = r.get("quotation")
        if r["kind"] == "DirectQuote":
            if quotation is not None and quotation != r["text"]:
                raise check.fail(w, "a direct quote's quotation must be exactly its span's text", "quotation")
            quotation = r["text"]
        out["statements"].append(Statement(r["kind"], tuple(r["speakers"]), r["speech_act"], check.evidence(r, w),
                                           quotation, r.get("date"), r.get("medium"), tuple(r.get("targets", [])),
                                           tuple(r.get("about", []))))
    for i, r in enumerate(data.get("events", [])):
        w = ["events", i]
        check.concept("event-type", r["type"], w, "type")
        check.refs(r.get("agents", []), actors, "actors", w, "agents")
        check.refs(r.get("targets", []), actors, "actors", w, "targets")
        check.refs(r.get("places", []), places | actors, "places (or state actors)", w, "places")
        check.refs(r.get("violates", []), agreements, "agreements", w, "violates")
        out["events"].append(Event(r["key"], r["type"], r["label"], check.evidence(r, w), r.get("date"), r.get("end"),
                                   tuple(r.get("agents", [])), tuple(r.get("targets", [])),
                                   tuple(r.get("places", [])), tuple(r.get("violates", []))))
    for i, r in enumerate(data.get("figures", [])):
        w = ["figures", i]
        check.concept("qualifier", r["qualifier"], w, "qualifier")
        check.concept("figure-kind", r["counts"], w, "counts")
        check.refs([r["attributed_to"]], actors | {OWN_VOICE}, "actors (or 'article')", w, "attributed_to")
        check.refs([r["event"]] if "event" in r else [], events, "events", w, "event")
        check.refs([r["place"]] if "place" in r else [], places | actors, "places (or state actors)", w, "place")
        out["figures"].append(Figure(r["value"], r["qualifier"], r["counts"], r["attributed_to"], check.evidence(r, w),
                                     r.get("population"), r.get("event"), r.get("as_of"), r.get("place")))
    return Extract(check.article, method, **{name: tuple(values) for name, values in out.items()})


def extract_path(seeds: Path, article_id: str) -> Path:
    return seeds / "extracts" / f"{article_id}.yaml"


def load_seed_extracts(seeds: Path) -> list[Extract]:
    """Every `seeds/*.txt` with its metadata and its curated extract, in file-name order."""
    texts = sorted(seeds.glob("*.txt"))
    if not texts:
        raise ExtractError("no article files (*.txt) found", path=seeds)
    concepts = concept_keys()
    extracts = []
    for text_path in texts:
        article = load_article(text_path)
        extracts.append(load_extract(extract_path(seeds, article.id), article, concepts))
    return extracts
