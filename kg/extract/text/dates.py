"""Dates: the publication date the article's relative expressions resolve against, and every
date expression in the text resolved to an ISO value with its precision.

Expressions are found by spaCy Matcher patterns over tokens, then resolved by explicit rules that
follow news conventions (AP style):
- a date without a year ("Jan. 19") is the nearest such day on or before publication, unless the
  sentence speaks of the future ("will", "next"), when it is the nearest on or after;
- a weekday ("Tuesday", "overnight Tuesday") is the most recent such day on or before publication
  (a news article names a weekday only within its past week); "next Tuesday" goes forward;
- a month without a year ("in January", "last June") is the nearest such month before publication;
- offsets ("16 days later", "the next day", "the same day") count from the date mentioned just
  before, in the same sentence or one of the three before; "ago", "yesterday" and "last week" from publication.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Span
from spacy.util import filter_spans

from kg.extract.text.document import Document, Word, english
from kg.extract.text.mentions import DateMention, PublicationDate
from kg.extract.text.numbers import number_value

MONTHS = {
    "january": 1, "jan": 1, "jan.": 1, "february": 2, "feb": 2, "feb.": 2, "march": 3, "mar.": 3,
    "april": 4, "apr": 4, "apr.": 4, "may": 5, "june": 6, "jun.": 6, "july": 7, "jul.": 7,
    "august": 8, "aug": 8, "aug.": 8, "september": 9, "sept": 9, "sept.": 9, "sep": 9, "sep.": 9,
    "october": 10, "oct": 10, "oct.": 10, "november": 11, "nov": 11, "nov.": 11, "december": 12,
    "dec": 12, "dec.": 12,
}
AMBIGUOUS_MONTHS = {"may", "march"}
"""Month names that are also common words: taken alone only after a date cue ("in March")."""
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6}
MONTH_CUES = {"in", "since", "until", "till", "by", "from", "to", "through", "during", "before", "after",
              "early", "late", "mid", "last", "this", "next", "of", "between", "and", "or", "end", "since"}
YEAR_CUES = MONTH_CUES - {"last", "this", "next", "and", "or"}
FUTURE_CUES = {"will", "would", "shall", "'ll", "’ll", "next", "upcoming", "scheduled", "planned", "expected"}
DATELINE_LABELS = {"date", "dated", "published", "updated", "posted"}
DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
PERIOD_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
                "year": "year", "years": "year"}
OFFSET_REACH = 3
"""How many sentences back an offset ("16 days later", "the same day") looks for the date it counts from."""

_DAY_TEXT = re.compile(r"^(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")
_YEAR_TEXT = re.compile(r"^(?:1[89]|20)\d\d$")
_MONTH = {"LOWER": {"IN": sorted(MONTHS)}, "IS_TITLE": True}
_DAY = {"TEXT": {"REGEX": _DAY_TEXT.pattern}}
_YEAR = {"TEXT": {"REGEX": _YEAR_TEXT.pattern}}
_COMMA = {"ORTH": ",", "OP": "?"}
_WEEKDAY = {"LOWER": {"IN": sorted(WEEKDAYS)}}
_NUMBER = [{"LIKE_NUM": True, "OP": "+"}]
_UNIT = {"LOWER": {"IN": sorted(PERIOD_UNITS)}}

PATTERNS: dict[str, list[list[dict]]] = {
    "iso": [[_YEAR, {"ORTH": "-"}, {"TEXT": {"REGEX": r"^(0[1-9]|1[0-2])$"}}, {"ORTH": "-"},
             {"TEXT": {"REGEX": r"^(0[1-9]|[12]\d|3[01])$"}}]],
    "date": [[_MONTH, _DAY, _COMMA, _YEAR], [_MONTH, _DAY], [_DAY, _MONTH, _YEAR], [_DAY, _MONTH],
             [_DAY, {"LOWER": "of"}, _MONTH, _COMMA, _YEAR], [_DAY, {"LOWER": "of"}, _MONTH]],
    "month": [[{"LOWER": {"IN": ["early", "late", "mid", "last", "this", "next"]}, "OP": "?"}, _MONTH,
               {"ORTH": ",", "OP": "?"}, _YEAR],
              [{"LOWER": {"IN": ["early", "late", "mid", "last", "this", "next"]}, "OP": "?"}, _MONTH],
              [{"LOWER": "mid"}, {"ORTH": "-"}, _MONTH, _YEAR], [{"LOWER": "mid"}, {"ORTH": "-"}, _MONTH]],
    "year": [[_YEAR]],
    "weekday": [[{"LOWER": {"IN": ["last", "next", "this", "early", "late", "overnight"]}, "OP": "?"}, _WEEKDAY,
                 {"LOWER": {"IN": ["morning", "afternoon", "evening", "night"]}, "OP": "?"}]],
    "day-word": [[{"LOWER": {"IN": sorted(DAY_WORDS)}}],
                 [{"LOWER": {"IN": ["last", "this"]}},
                  {"LOWER": {"IN": ["night", "morning", "afternoon", "evening"]}}]],
    "period": [[{"LOWER": {"IN": ["earlier", "later"]}, "OP": "?"}, {"LOWER": {"IN": ["last", "this", "next"]}},
                {"LOWER": {"IN": ["week", "month", "year"]}}]],
    "ago": [[*_NUMBER, _UNIT, {"LOWER": "ago"}], [{"LOWER": {"IN": ["a", "an"]}}, _UNIT, {"LOWER": "ago"}]],
    "offset": [[*_NUMBER, _UNIT, {"LOWER": {"IN": ["later", "earlier"]}}],
               [{"LOWER": {"IN": ["a", "an"]}}, _UNIT, {"LOWER": {"IN": ["later", "earlier"]}}],
               [{"LOWER": "the"}, {"LOWER": {"IN": ["next", "following", "previous", "same"]}}, {"LOWER": "day"}]],
    "eve": [[{"LOWER": "the"}, {"LOWER": "eve"}, {"LOWER": "of"}]],
}


@dataclass(frozen=True)
class Expression:
    """A date expression as written, before it is resolved: `kind` is a PATTERNS key."""

    span: Span
    kind: str

    @property
    def words(self) -> list[str]:
        return [t.lower_ for t in self.span]


ANCHOR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(DAY_WORDS) | frozenset(PERIOD_UNITS) | {
    "eve", "night", "morning", "afternoon", "evening"} | {str(year) for year in range(1800, 2100)}
"""Lower-case words of which every pattern of PATTERNS holds at least one (the years are those of `_YEAR`):
the matcher only runs over the tokens around them (see `_windows`)."""


def _may_match(token: dict, word: str) -> bool:
    """Whether a pattern token could match `word`, judged on its LOWER, ORTH and TEXT conditions only
    (case-blind): never False for a word it matches, so the reaches below are never too short."""
    for attribute in ("LOWER", "ORTH", "TEXT"):
        condition = token.get(attribute)
        if isinstance(condition, str) and condition.lower() != word:
            return False
        if isinstance(condition, dict) and "IN" in condition and word not in {w.lower() for w in condition["IN"]}:
            return False
        if isinstance(condition, dict) and "REGEX" in condition and not re.search(condition["REGEX"], word, re.I):
            return False
    return True


@cache
def _reaches() -> dict[str, tuple[int, int]]:
    """For each anchor word, how many pattern tokens can lie before and after it in a match (a
    one-or-more number counted as one token): the most over every place of every pattern it can fill."""
    reaches: dict[str, tuple[int, int]] = {}
    for patterns in PATTERNS.values():
        for pattern in patterns:
            for place, token in enumerate(pattern):
                for word in ANCHOR_WORDS:
                    if _may_match(token, word):
                        before, after = reaches.get(word, (0, 0))
                        reaches[word] = (max(before, place), max(after, len(pattern) - place - 1))
    return reaches


@cache
def _matcher() -> Matcher:
    matcher = Matcher(english().vocab)
    for kind, patterns in PATTERNS.items():
        matcher.add(kind, patterns)
    return matcher


def _windows(words: Sequence[Word]) -> list[tuple[int, int]]:
    """Disjoint token ranges, in text order, holding every token sequence PATTERNS can match.

    Running spaCy's Matcher costs about 6 µs a token (its IN and REGEX conditions are Python calls),
    and all but a few percent of the tokens are far from any date word. Each range spans an anchor
    word's reach (`_reaches`) either side of it, widened to the left over a run of numbers ("twenty
    five days ago"); a match holds an anchor and lies within its reach, so the ranges miss none, and
    every condition is on one token, so a range finds nothing the whole article would not."""
    reaches = _reaches()
    windows: list[tuple[int, int]] = []
    for word in words:
        reach = reaches.get(word.lower_)
        if reach is None:
            continue
        start, end = max(0, word.i - reach[0]), min(len(words), word.i + reach[1] + 1)
        while start > 0 and words[start - 1].like_num:
            start -= 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _matches(document: Document) -> list[Span]:
    """The Matcher's matches over the whole doc, in its order, found in `_windows` only."""
    doc = document.doc
    return [Span(doc, start + offset, end + offset, label=match_id)
            for offset, window_end in _windows(document.words)
            for match_id, start, end in _matcher()(doc[offset:window_end])]


_EXPRESSIONS = "kg.dates.expressions"
"""The `Doc.user_data` key under which a document's expressions are kept once matched."""


def expressions(document: Document) -> list[Expression]:
    """Every date expression in the text, longest match first, none overlapping.

    Matched once per document and kept with its spaCy `Doc`: `publication_date` and `find_dates`
    both need them, and the matcher is the costliest part of the date step."""
    doc = document.doc
    found = doc.user_data.get(_EXPRESSIONS)
    if found is None:
        kept = [span for span in filter_spans(_matches(document)) if _plausible(span)]
        found = tuple(Expression(span, span.label_) for span in sorted(kept, key=lambda s: s.start))
        doc.user_data[_EXPRESSIONS] = found
    return list(found)


def _plausible(span: Span) -> bool:
    previous = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if span.label_ == "month" and len(span) == 1:
        return span[0].lower_ not in AMBIGUOUS_MONTHS or previous in MONTH_CUES
    if span.label_ == "year":
        return previous in YEAR_CUES
    if span.label_ == "date":
        following = span.doc[span.end].text if span.end < len(span.doc) else ""
        return following not in {"%", "-"}
    return True


def _future(expression: Expression) -> bool:
    """Whether the words before the expression in its sentence speak of the future."""
    sentence = expression.span.sent
    before = expression.span.doc[max(sentence.start, expression.span.start - 8):expression.span.start]
    return any(t.lower_ in FUTURE_CUES for t in before) or expression.words[0] == "next"


def _iso(day: dt.date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


def _day_of(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _month_day(expression: Expression) -> tuple[int, int, int | None] | None:
    month = next(MONTHS[w] for w in expression.words if w in MONTHS)
    day = next(int(m.group(1)) for t in expression.span if (m := _DAY_TEXT.match(t.text)))
    year = next((int(t.text) for t in expression.span if _YEAR_TEXT.match(t.text)), None)
    if day > calendar.monthrange(year or 2024, month)[1]:
        return None
    return month, day, year


def _nearest(candidates: list[dt.date], published: dt.date, forward: bool) -> dt.date:
    """The latest candidate on or before publication, or the earliest on or after when `forward`."""
    if forward:
        return min((c for c in candidates if c >= published), default=max(candidates))
    return max((c for c in candidates if c <= published), default=min(candidates))


def _resolve(expression: Expression, published: dt.date | None,
             previous: DateMention | None, following: DateMention | None) -> tuple[str, str, str] | None:
    """(ISO value, precision, how) of an expression, or None when it cannot be resolved."""
    words = expression.words
    kind = expression.kind
    if kind == "iso":
        try:
            return dt.date.fromisoformat(expression.span.text).isoformat(), "day", "absolute (ISO)"
        except ValueError:
            return None
    if kind == "date":
        parts = _month_day(expression)
        if parts is None:
            return None
        month, day, year = parts
        if year:
            return dt.date(year, month, day).isoformat(), "day", "absolute"
        if published is None:
            return None
        years = [published.year - 1, published.year, published.year + 1]
        candidates = [dt.date(y, month, day) for y in years if day <= calendar.monthrange(y, month)[1]]
        chosen = _nearest(candidates, published, _future(expression))
        return chosen.isoformat(), "day", "month-day: the year that puts it nearest to publication"
    if kind == "month":
        month = next(MONTHS[w] for w in words if w in MONTHS)
        year = next((int(t.text) for t in expression.span if t.text.isdigit()), None)
        if year:
            return f"{year:04d}-{month:02d}", "month", "month-year"
        if published is None:
            return None
        this_year = dt.date(published.year, month, 1)
        if words[0] == "this":
            chosen = this_year
        elif words[0] == "last":
            chosen = this_year if month < published.month else dt.date(published.year - 1, month, 1)
        elif words[0] == "next":
            chosen = this_year if month > published.month else dt.date(published.year + 1, month, 1)
        else:
            month_start = published.replace(day=1)
            candidates = [dt.date(published.year + k, month, 1) for k in (-1, 0, 1)]
            chosen = _nearest(candidates, month_start, _future(expression))
        return _iso(chosen, "month"), "month", "month-only: the nearest such month to publication"
    if kind == "year":
        return words[0], "year", "year"
    if published is None:
        return None
    if kind == "weekday":
        weekday = next(WEEKDAYS[w] for w in words if w in WEEKDAYS)
        back = (published.weekday() - weekday) % 7
        if words[0] == "next" or (_future(expression) and words[0] != "last"):
            ahead = (weekday - published.weekday()) % 7 or (7 if words[0] == "next" else 0)
            return (published + dt.timedelta(days=ahead)).isoformat(), "day", "weekday: the next such day"
        if words[0] == "last" and back == 0:
            back = 7
        return ((published - dt.timedelta(days=back)).isoformat(), "day",
                "weekday: the most recent such day on or before publication")
    if kind == "day-word":
        offset = DAY_WORDS.get(words[0], -1 if words == ["last", "night"] else 0)
        return (published + dt.timedelta(days=offset)).isoformat(), "day", "relative to publication"
    if kind == "period":
        return _period(words[-2], words[-1], published)
    if kind == "ago":
        return _shift(published, "day", number_value([t.text for t in expression.span[:-2]]), words[-2], -1,
                      "before publication")
    if kind == "offset":
        if words[:1] == ["the"]:
            step = {"next": 1, "following": 1, "previous": -1, "same": 0}[words[1]]
            if previous is None or previous.precision != "day":
                return None
            day = _day_of(previous.value) + dt.timedelta(days=step)
            return day.isoformat(), "day", f"relative-offset: {step:+d} day from {previous.evidence.text!r}"
        if previous is None:
            return None
        sign = 1 if words[-1] == "later" else -1
        return _shift(_day_of(previous.value), previous.precision, number_value([t.text for t in expression.span[:-2]]),
                      words[-2], sign, f"from {previous.evidence.text!r}")
    if kind == "eve" and following is not None and following.precision == "day":
        day = _day_of(following.value) - dt.timedelta(days=1)
        return day.isoformat(), "day", f"eve: the day before {following.evidence.text!r}"
    return None


def _period(modifier: str, unit: str, published: dt.date) -> tuple[str, str, str] | None:
    step = {"last": -1, "this": 0, "next": 1}[modifier]
    how = f"relative-period: {modifier} {unit}"
    if unit == "year":
        return str(published.year + step), "year", how
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month", how
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
    sunday = monday + dt.timedelta(days=6)
    if monday.month != sunday.month:
        return None
    return _iso(monday, "month"), "month", how + " (the month the whole week lies in)"


def _shift(anchor: dt.date, precision: str, amount: int | None, unit: str, sign: int,
           how: str) -> tuple[str, str, str] | None:
    """`anchor` moved by `amount` `unit`s; only to a precision the anchor and unit support."""
    unit = PERIOD_UNITS[unit]
    if amount is None:
        return None
    if unit in ("day", "week"):
        if precision != "day":
            return None
        day = anchor + dt.timedelta(days=sign * amount * (7 if unit == "week" else 1))
        return day.isoformat(), "day", f"relative-offset: {sign * amount:+d} {unit}(s) {how}"
    if unit == "month":
        if precision == "year":
            return None
        index = anchor.year * 12 + anchor.month - 1 + sign * amount
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month", f"relative-offset: {sign * amount:+d} month(s) {how}"
    return str(anchor.year + sign * amount), "year", f"relative-offset: {sign * amount:+d} year(s) {how}"


def _mention(document: Document, expression: Expression, resolved: tuple[str, str, str]) -> DateMention:
    value, precision, how = resolved
    return DateMention(document.evidence(expression.span.start_char, expression.span.end_char), value, precision, how)


def resolve_all(document: Document, found: list[Expression], published: dt.date | None) -> list[DateMention]:
    """Resolve expressions in text order; offsets take the mention just before them (within
    OFFSET_REACH sentences), "the eve of" the next date in its sentence."""
    resolved_before: list[tuple[Expression, DateMention]] = []
    sentences = [s.start for s in document.sentences if document.text[s.start_char:s.end_char].strip()]
    for index, expression in enumerate(found):
        previous = None
        if resolved_before:
            last_expression, last_mention = resolved_before[-1]
            position = bisect.bisect_right(sentences, expression.span.start) - 1
            if last_expression.span.start >= sentences[max(0, position - OFFSET_REACH)]:
                previous = last_mention
        following = None
        if expression.kind == "eve":
            later = [e for e in found[index + 1:] if e.span.sent == expression.span.sent and e.kind == "date"]
            resolved_later = _resolve(later[0], published, None, None) if later else None
            following = _mention(document, later[0], resolved_later) if resolved_later else None
        resolved = _resolve(expression, published, previous, following)
        if resolved is not None:
            resolved_before.append((expression, _mention(document, expression, resolved)))
    return [mention for _, mention in resolved_before]


def find_dates(document: Document, published: PublicationDate) -> list[DateMention]:
    """Every date expression resolved; a dateline ("date 2024-02-06", "Published: March 3, 2025")
    stamps the article rather than dating anything it reports, so it is left out."""
    anchor = _day_of(published.value) if published.value else None
    return resolve_all(document, [e for e in expressions(document) if not _dateline(e)], anchor)


def _dateline(expression: Expression) -> bool:
    """Whether the expression follows a label such as "date", "Published" or "Updated:"."""
    doc = expression.span.doc
    before = [t.lower_ for t in doc[max(0, expression.span.start - 2):expression.span.start]
              if t.text.strip() and t.text != ":"]
    return bool(before) and before[-1] in DATELINE_LABELS


def publication_date(document: Document) -> PublicationDate:
    """The metadata's date when it gives one; otherwise inferred from the content (method says how).

    A stated date the metadata itself marks as contradicted by the content (an `inferred` value beside
    it), or one earlier than a dated event the text reports, is not what relative expressions mean:
    they resolve against the inferred date, and the note says so."""
    article = document.article
    claim = article.published
    if article.inferred_published and article.inferred_published != claim.value:
        contradicted = f", contradicting its stated {claim.value}" if claim.value else ""
        return PublicationDate(article.inferred_published, "inferred-from-content",
                               f"The metadata records {article.inferred_published} as inferred from the content"
                               f"{contradicted}; relative dates resolve against the inferred one.")
    found = expressions(document)
    if claim.value:
        latest = _latest_dated(document, found)
        if latest is None or latest.value[:len(claim.value)] <= claim.value:
            return PublicationDate(claim.value, claim.method, claim.note)
        inferred = infer_publication_date(document, found)
        if inferred.value is not None:
            return replace(inferred, note=f"The stated date {claim.value} precedes {latest.evidence.text!r} "
                                          f"({latest.value}), which the text reports. {inferred.note}")
        return PublicationDate(claim.value, claim.method, claim.note)
    stated = _stated_in_dateline(document, found)
    return stated if stated is not None else infer_publication_date(document, found)


def _stated_in_dateline(document: Document, found: list[Expression]) -> PublicationDate | None:
    """The date of the text's own dateline ("date 2024-02-06", "Published: March 3, 2025"), if any."""
    for expression in found:
        if _dateline(expression) and expression.kind in ("iso", "date"):
            resolved = _resolve(expression, None, None, None)
            if resolved is not None:
                label = document.text[expression.span.sent.start_char:expression.span.end_char].strip()
                return PublicationDate(resolved[0], "stated-in-text", f"The text's dateline says {label!r}.")
    return None


def _latest_dated(document: Document, found: list[Expression]) -> DateMention | None:
    """The latest date the text gives with its year (those need no publication date to resolve)."""
    dated = resolve_all(document, [e for e in found if e.kind in ("iso", "date", "month") and not _future(e)], None)
    return max(dated, key=lambda m: m.value, default=None)


def infer_publication_date(document: Document, found: list[Expression] | None = None) -> PublicationDate:
    """The earliest day consistent with the content: on or after the latest date the text gives with
    its year (and after dates it gives without one, which by news convention fall in the publication's
    year), and late enough that every weekday the text names lies in the week before it."""
    found = expressions(document) if found is None else found
    latest = _latest_dated(document, found)
    if latest is None:
        return PublicationDate(None, "unknown", "No date in the metadata and no date with a year in the text.")
    base = _day_of(latest.value)
    evidence = [f"{latest.evidence.text!r} ({latest.value})"]
    yearless = [parts for e in found if e.kind == "date" and not _future(e) and (parts := _month_day(e))
                and parts[2] is None]
    for year in (base.year, base.year + 1):
        days = [dt.date(year, month, day) for month, day, _ in yearless if not (month == 2 and day == 29)]
        if days and min(days) > base:
            base = max(days)
            evidence.append(f"dates without a year, which by news convention fall in the publication's year, "
                            f"read in {year} (after the dated events): the latest is {base.isoformat()}")
            break
    weekdays = sorted({WEEKDAYS[t.lower_] for e in found if e.kind == "weekday" and not _future(e)
                       for t in e.span if t.lower_ in WEEKDAYS})
    chosen = base
    if weekdays:
        for ahead in range(7):
            day = base + dt.timedelta(days=ahead)
            if all(day - dt.timedelta(days=(day.weekday() - w) % 7) >= base for w in weekdays):
                chosen = day
                break
        names = ", ".join(calendar.day_name[w] for w in weekdays)
        evidence.append(f"weekdays named ({names}) lie in the week before it")
    return PublicationDate(chosen.isoformat(), "inferred-from-content",
                           "No stated date; the earliest day consistent with the content: " + "; ".join(evidence)
                           + ". It may be later.")

