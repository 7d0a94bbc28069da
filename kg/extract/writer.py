"""Write an `Extract` in the curated YAML format (`extract.schema.json`), so `kg extract` output can be
read, corrected by hand and checked with `kg check` like the curated seeds.

The first evidence of a record is its `span`/`text`, the others its `mentions`; empty and unset
fields are left out; dates stay ISO strings.
"""

from __future__ import annotations

from typing import Any

import yaml

from kg.records import Actor, Agreement, Event, Evidence, Extract, Figure, Phase, Place, Statement, Term


class _Inline(dict[str, Any]):
    """A mapping written on one line, as the curated files write mentions."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Inline, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data,
                                                                                  flow_style=True))


def _located(fields: dict[str, Any], evidence: tuple[Evidence, ...]) -> dict[str, Any]:
    out = {name: list(value) if isinstance(value, tuple) else value for name, value in fields.items()
           if value is not None and value != ()}
    first, *more = evidence
    out["span"] = [first.start, first.end]
    out["text"] = first.text
    if more:
        out["mentions"] = [_Inline(span=[ev.start, ev.end], text=ev.text) for ev in more]
    return out


def actor_data(a: Actor) -> dict[str, Any]:
    return _located({"key": a.key, "type": a.type, "name": a.name, "role": a.role, "member_of": a.member_of},
                    a.evidence)


def place_data(p: Place) -> dict[str, Any]:
    return _located({"key": p.key, "type": p.type, "name": p.name}, p.evidence)


def agreement_data(a: Agreement) -> dict[str, Any]:
    return _located({"key": a.key, "type": a.type, "name": a.name, "start": a.start, "end": a.end, "status": a.status,
                     "parties": a.parties, "mediators": a.mediators, "description": a.description}, a.evidence)


def phase_data(p: Phase) -> dict[str, Any]:
    return _located({"agreement": p.agreement, "ordinal": p.ordinal, "start": p.start, "end": p.end,
                     "planned_start": p.planned_start, "planned_end": p.planned_end, "status": p.status,
                     "description": p.description}, p.evidence)


def term_data(t: Term) -> dict[str, Any]:
    of: dict[str, Any] = {"agreement": t.agreement} | ({"phase": t.phase} if t.phase is not None else {})
    return _located({"key": t.key, "kind": t.kind, "description": t.description, "of": of, "hostages": t.hostages,
                     "prisoners": t.prisoners}, t.evidence)


def statement_data(s: Statement) -> dict[str, Any]:
    return _located({"kind": s.kind, "speakers": s.speakers, "speech_act": s.speech_act, "date": s.date,
                     "medium": s.medium, "targets": s.targets, "about": s.about, "quotation": s.quotation},
                    s.evidence)


def event_data(e: Event) -> dict[str, Any]:
    return _located({"key": e.key, "type": e.type, "label": e.label, "date": e.date, "end": e.end, "agents": e.agents,
                     "targets": e.targets, "places": e.places, "violates": e.violates}, e.evidence)


def figure_data(f: Figure) -> dict[str, Any]:
    return _located({"value": f.value, "qualifier": f.qualifier, "counts": f.counts, "population": f.population,
                     "attributed_to": f.attributed_to, "event": f.event, "as_of": f.as_of, "place": f.place},
                    f.evidence)


def extract_data(extract: Extract) -> dict[str, Any]:
    """The extract as the plain data of one curated YAML file."""
    sections: dict[str, list[dict[str, Any]]] = {
        "actors": [actor_data(a) for a in extract.actors],
        "places": [place_data(p) for p in extract.places],
        "agreements": [agreement_data(a) for a in extract.agreements],
        "phases": [phase_data(p) for p in extract.phases],
        "terms": [term_data(t) for t in extract.terms],
        "statements": [statement_data(s) for s in extract.statements],
        "events": [event_data(e) for e in extract.events],
        "figures": [figure_data(f) for f in extract.figures],
    }
    return {"article": extract.article.id} | {name: records for name, records in sections.items() if records}


def _header(extract: Extract) -> str:
    published = extract.article.published
    lines = [f"Extract of {extract.article.id} made by kg extract ({extract.method}) from the article's text,",
             f"publication date {published.value or 'unknown'} ({published.method}); "
             "check it with kg check before treating it as curated."]
    return "".join(f"# {line}\n" for line in lines)


def extract_yaml(extract: Extract) -> str:
    """The extract as curated-format YAML text (a comment header says how it was made)."""
    body = yaml.dump(extract_data(extract), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120,
                     default_flow_style=None)
    return _header(extract) + body
