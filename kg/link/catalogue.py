"""The offline catalogue (`catalogue/wikidata.yaml`): known entities, their aliases and checked QIDs.

An entity is found by key (curated extracts use the catalogue's keys) or, for keys the catalogue
does not know (an extractor makes keys that are slugs of names), by its label or an alias,
normalised. A label shared by two entries names neither: ambiguity is left unlinked. Only entries
whose QID was checked become links; `in_wikidata: false` marks entities Wikidata has no item for
(unnamed sources, generic collectives), so reports can tell "not in Wikidata" from "not checked".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kg import resources
from kg.errors import InputError
from kg.extract.yamlfile import line_of, read_yaml
from kg.records import CatalogueEntry

__all__ = ["Catalogue", "CatalogueEntry", "QID", "load_catalogue"]

QID = re.compile(r"^Q[1-9][0-9]*$")

PLACE_TYPES = frozenset({"Place", "Territory", "City", "Site", "Region"})
ORGANIZATION_TYPES = frozenset({"Organization", "ArmedGroup", "ArmedForces", "Government", "GovernmentBody",
                                "Ministry", "PoliticalParty", "MediaOutlet", "InternationalOrganization",
                                "ResearchOrganization"})


def type_family(type_name: str) -> str:
    """Classes that may name the same thing: an extractor may call Hamas an Organization or an ArmedGroup."""
    if type_name in PLACE_TYPES or type_name == "State":
        return "place-or-state"
    if type_name in ORGANIZATION_TYPES:
        return "organization"
    return type_name


def compatible(type_a: str, type_b: str) -> bool:
    return "Actor" in (type_a, type_b) or type_family(type_a) == type_family(type_b)


def normalise(name: str) -> str:
    """Case, accents, punctuation and a leading article do not distinguish names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’`]s\b", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@dataclass(frozen=True)
class Catalogue(Mapping[str, CatalogueEntry]):
    """The entries by key (a read-only mapping, as the extractor reads it) and the type table."""

    entries: dict[str, CatalogueEntry]
    wikidata_types: dict[str, tuple[str, ...]]
    """Our class -> the Wikidata classes (P31 values) its instances have."""

    def __getitem__(self, key: str) -> CatalogueEntry:
        return self.entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def by_key(self, key: str) -> CatalogueEntry | None:
        return self.entries.get(key)

    def by_name(self, name: str, type_name: str) -> CatalogueEntry | None:
        """The one entry of a compatible type whose label or alias is `name`, normalised; None if none or several."""
        found = {e.key for e in self._by_name.get(normalise(name), ()) if compatible(e.type, type_name)}
        return self.entries[found.pop()] if len(found) == 1 else None

    @cached_property
    def _by_name(self) -> dict[str, list[CatalogueEntry]]:
        """Normalised label or alias -> the entries it names (built on first use)."""
        grouped: dict[str, list[CatalogueEntry]] = defaultdict(list)
        for entry in self.entries.values():
            for name in {normalise(n) for n in entry.names()}:
                grouped[name].append(entry)
        return dict(grouped)


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = path or resources.catalogue_dir() / "wikidata.yaml"
    data, node = read_yaml(path)
    entries: dict[str, CatalogueEntry] = {}
    for index, raw in enumerate((data or {}).get("entities", [])):
        where = ["entities", index]
        qid = raw.get("qid")
        if qid is not None and not QID.match(str(qid)):
            raise InputError(f"not a Wikidata item id: {qid!r} (expected Q followed by digits)", path=path,
                             line=line_of(node, where + ["qid"]), record=raw.get("key"), field="qid")
        if qid and not (raw.get("checked") and raw.get("checked_on")):
            raise InputError("a QID needs 'checked' (where it was confirmed) and 'checked_on' (YYYY-MM-DD)",
                             path=path, line=line_of(node, where), record=raw.get("key"), field="checked")
        checked_on = raw.get("checked_on")
        if checked_on is not None:
            try:
                checked_on = dt.date.fromisoformat(str(checked_on)).isoformat()
            except ValueError:
                raise InputError(f"not a date: {checked_on!r} (expected YYYY-MM-DD)", path=path,
                                 line=line_of(node, where + ["checked_on"]), record=raw.get("key"),
                                 field="checked_on") from None
        if raw.get("key") in entries:
            raise InputError("key listed twice", path=path, line=line_of(node, where), record=raw.get("key"))
        entries[raw["key"]] = CatalogueEntry(raw["key"], raw["type"], raw["name"], tuple(raw.get("aliases") or ()),
                                             qid, raw.get("checked"), checked_on, bool(raw.get("in_wikidata", True)))
    types = {name: tuple(qids) for name, qids in ((data or {}).get("wikidata_types") or {}).items()}
    for name, qids in types.items():
        bad = [q for q in qids if not QID.match(str(q))]
        if bad:
            raise InputError(f"not Wikidata item ids: {bad}", path=path, line=line_of(node, ["wikidata_types", name]),
                             field="wikidata_types")
    return Catalogue(entries, types)
