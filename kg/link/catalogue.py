"""The offline catalogue (`catalogue/wikidata.yaml`): known entities, their aliases and checked QIDs.

Linking here is by key: a curated extract already names each actor by the catalogue's key, so
the link stage only looks the key up. Only entries whose QID was checked become links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kg import resources
from kg.errors import InputError
from kg.extract.yamlfile import line_of, read_yaml
from kg.records import CatalogueEntry, Extract, Link

__all__ = ["CatalogueEntry", "QID", "links_for", "load_catalogue"]

QID = re.compile(r"^Q[1-9][0-9]*$")


def load_catalogue(path: Path | None = None) -> dict[str, CatalogueEntry]:
    path = path or resources.catalogue_dir() / "wikidata.yaml"
    data, node = read_yaml(path)
    entries: dict[str, CatalogueEntry] = {}
    for index, raw in enumerate((data or {}).get("entities", [])):
        where = ["entities", index]
        qid = raw.get("qid")
        if qid is not None and not QID.match(str(qid)):
            raise InputError(f"not a Wikidata item id: {qid!r} (expected Q followed by digits)", path=path,
                             line=line_of(node, where + ["qid"]), record=raw.get("key"), field="qid")
        if qid and not raw.get("checked"):
            raise InputError("a QID needs 'checked': where it was confirmed", path=path,
                             line=line_of(node, where), record=raw.get("key"), field="checked")
        if raw.get("key") in entries:
            raise InputError("key listed twice", path=path, line=line_of(node, where), record=raw.get("key"))
        entries[raw["key"]] = CatalogueEntry(raw["key"], raw["type"], raw["name"], tuple(raw.get("aliases") or ()),
                                             qid, raw.get("checked"))
    return entries


def links_for(extracts: Iterable[Extract], catalogue: dict[str, CatalogueEntry]) -> tuple[Link, ...]:
    """One link per actor or place key of the extracts that the catalogue knows with a checked QID."""
    found: dict[str, Link] = {}
    for extract in extracts:
        keyed = [("actor", a.key) for a in extract.actors] + [("place", p.key) for p in extract.places]
        if extract.article.outlet.value:
            keyed.append(("actor", extract.article.outlet.value))
        for kind, key in keyed:
            entry = catalogue.get(key)
            if entry and entry.qid and key not in found:
                found[key] = Link(key, kind, entry.qid, "catalogue", entry.checked or "")
    return tuple(sorted(found.values(), key=lambda link: link.key))
