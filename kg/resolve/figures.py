"""Figures that count the same quantity, grouped so that agreement and disagreement can be stated.

Two reported figures count the same quantity when they count the same kind (killed, hostages taken
...) of the same population and either
- belong to the same (canonical) event: the event fixes the scope, so any difference is a
  disagreement, however large; or
- belong to no event, are valid at dates at most `AS_OF_WINDOW` apart, in the same place (or one
  names none), and their values differ by at most `SCOPE_RATIO`: without an event, a tenfold
  difference says the figures count different periods ("710 in three days" against a war total of
  49,000), not that the sources disagree.

A population is a *subgroup* when the words before its first comma or "including"/"mostly" name a
part of the people counted ("children", "women", "members of one family"); figures of a subgroup
are compared only with figures of the same subgroup. Grouping is complete linkage over pairs taken
closest first, so it does not depend on input order. Run it on extracts whose event keys are
canonical (after coreference).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations

from kg.records import Extract, Figure
from kg.resolve.coreference import period_of

AS_OF_WINDOW = timedelta(days=7)
SCOPE_RATIO = 2.0
SUBGROUP_WORDS = frozenset({
    "child", "children", "kids", "minors", "infants", "babies", "boys", "girls", "women", "men", "elderly",
    "under", "aged", "family", "families", "members", "foreign", "soldiers", "troops", "staff", "workers",
    "journalists", "doctors", "medics",
})
_HEAD_END = re.compile(r",|\b(?:including|mostly|predominantly|many of them|among them)\b")
TOLERANCE = {"around": 0.1, "nearly": 0.1, "some": 0.1}


@dataclass(frozen=True, order=True)
class FigureRef:
    """A figure record: its article, its position in the extract's figures, and what it claims."""

    article: str
    index: int
    value: int
    qualifier: str
    source: str


@dataclass(frozen=True)
class Quantity:
    """Figures judged to count the same thing; `event` or (`as_of`, `place`) is their scope."""

    counts: str
    figures: tuple[FigureRef, ...]
    event: str | None = None
    as_of: str | None = None
    place: str | None = None
    population: str | None = None

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(sorted({f.value for f in self.figures}))

    @property
    def spread(self) -> int:
        return self.values[-1] - self.values[0]

    @property
    def disputed(self) -> bool:
        return len(self.values) > 1

    @property
    def bounds_compatible(self) -> bool:
        """Whether one number could satisfy every claim ("more than 200" and "around 250" can both hold)."""
        low = max(bounds(f)[0] for f in self.figures)
        high = min(bounds(f)[1] for f in self.figures)
        return low <= high


def bounds(figure: FigureRef) -> tuple[float, float]:
    """The values a qualified figure allows; "around"/"nearly"/"some" are read as within 10 %."""
    value, qualifier = float(figure.value), figure.qualifier
    if qualifier in ("more-than", "over"):
        return value + 1, float("inf")
    if qualifier == "at-least":
        return value, float("inf")
    if qualifier == "up-to":
        return 0.0, value
    if qualifier == "nearly":
        return value * (1 - TOLERANCE[qualifier]), value
    if qualifier in TOLERANCE:
        return value * (1 - TOLERANCE[qualifier]), value * (1 + TOLERANCE[qualifier])
    return value, value


def subgroup(population: str | None) -> str | None:
    """The subgroup a population names, lower-cased, or None for everyone the figure counts."""
    if not population:
        return None
    head = _HEAD_END.split(population.lower(), maxsplit=1)[0].strip()
    return head if SUBGROUP_WORDS & set(re.findall(r"[a-z]+", head)) else None


@dataclass(frozen=True)
class _Claim:
    ref: FigureRef
    figure: Figure
    subgroup: str | None


def _same_quantity(a: _Claim, b: _Claim) -> bool:
    fa, fb = a.figure, b.figure
    if fa.counts != fb.counts or a.subgroup != b.subgroup or (fa.event is None) != (fb.event is None):
        return False
    if fa.event is not None:
        return fa.event == fb.event
    if not (fa.as_of and fb.as_of) or (fa.place and fb.place and fa.place != fb.place):
        return False
    if abs(period_of(fa.as_of)[0] - period_of(fb.as_of)[0]) > AS_OF_WINDOW:
        return False
    low, high = sorted((fa.value, fb.value))
    return high <= low * SCOPE_RATIO


def _distance(a: _Claim, b: _Claim) -> int:
    if a.figure.event is not None:
        return 0
    return abs((period_of(a.figure.as_of or "")[0] - period_of(b.figure.as_of or "")[0]).days)


def quantities(extracts: Sequence[Extract]) -> tuple[Quantity, ...]:
    """Groups of at least two figures that count the same quantity (see the module docstring)."""
    claims = [_Claim(FigureRef(e.article.id, i, f.value, f.qualifier, f.attributed_to), f, subgroup(f.population))
              for e in extracts for i, f in enumerate(e.figures)]
    claims.sort(key=lambda c: c.ref)
    group_of: dict[FigureRef, frozenset[int]] = {c.ref: frozenset({i}) for i, c in enumerate(claims)}
    pairs = sorted((_distance(claims[i], claims[j]), i, j) for i, j in combinations(range(len(claims)), 2)
                   if _same_quantity(claims[i], claims[j]))
    for _, i, j in pairs:
        left, right = group_of[claims[i].ref], group_of[claims[j].ref]
        if left == right or not all(_same_quantity(claims[x], claims[y]) for x in left for y in right):
            continue
        union = left | right
        group_of.update({claims[k].ref: union for k in union})
    found = []
    for members in sorted({g for g in group_of.values() if len(g) > 1}, key=min):
        group = [claims[k] for k in sorted(members)]
        first = group[0].figure
        places = sorted({c.figure.place for c in group if c.figure.place})
        as_of = sorted({c.figure.as_of for c in group if c.figure.as_of})
        found.append(Quantity(first.counts, tuple(c.ref for c in group), event=first.event,
                              as_of=as_of[0] if as_of else None, place=places[0] if places else None,
                              population=group[0].subgroup))
    return tuple(found)
