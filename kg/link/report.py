"""`kg link --report`: linked, suggested and unlinked actors and places, as a table or JSON."""

from __future__ import annotations

import json

from rich.table import Table

from kg.link.resolve import LinkResult, Resolution

ORDER = {"linked": 0, "suggested": 1, "unlinked": 2}


def _rows(result: LinkResult) -> list[Resolution]:
    return sorted(result.resolutions, key=lambda r: (ORDER[r.status], r.mention.kind, r.mention.key))


def report_table(result: LinkResult) -> Table:
    linked, total = result.coverage()
    table = Table(title=f"Wikidata links: {linked}/{total} of the catalogue's entities that the articles mention",
                  title_justify="left")
    for column in ("status", "entity", "name", "wikidata", "method", "score", "date", "why"):
        table.add_column(column, overflow="fold")
    for r in _rows(result):
        qid = r.link.qid if r.link else ", ".join(s.qid for s in r.suggestions)
        method = r.link.method if r.link else (r.suggestions[0].method if r.suggestions else "")
        score = f"{r.link.score:.2f}" if r.link else ", ".join(f"{s.score:.2f}" for s in r.suggestions)
        date = r.link.date if r.link else ""
        table.add_row(r.status, f"{r.mention.kind}:{r.mention.key}", r.mention.label, qid, method, score, date,
                      r.reason)
    return table


def report_json(result: LinkResult) -> str:
    linked, total = result.coverage()

    def link(link: object) -> dict:
        return {k: getattr(link, k) for k in ("qid", "method", "score", "date", "note")}

    return json.dumps({
        "coverage": {"linked": linked, "catalogue_entities_mentioned": total},
        "entities": [{"entity": f"{r.mention.kind}:{r.mention.key}", "name": r.mention.label,
                      "type": r.mention.type, "status": r.status, "reason": r.reason,
                      "link": link(r.link) if r.link else None,
                      "suggestions": [link(s) for s in r.suggestions]} for r in _rows(result)],
    }, indent=2, ensure_ascii=False)
