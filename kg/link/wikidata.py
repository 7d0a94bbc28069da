"""A polite, caching client of the Wikidata Action API (`wbsearchentities`, `wbgetentities`).

Wikimedia's API etiquette (https://www.mediawiki.org/wiki/API:Etiquette): a User-Agent naming the
tool and a contact, one request at a time with a pause between requests, `maxlag=5`, and retries
with back-off on HTTP 429/5xx and on `maxlag` errors (HTTP 200 with error code `maxlag`), waiting
at least the `Retry-After` the server asks for. Every answer is cached on disk, one JSON file per
request named by the digest of its parameters and written atomically, with the date it was
retrieved: a cached request is never sent again, so runs are repeatable and work offline.
An answer that is not the documented JSON is an error and is not cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from kg import __version__
from kg.errors import KgError

DEFAULT_ENDPOINT = "https://www.wikidata.org/w/api.php"
DEFAULT_CONTACT = "https://w3id.org/ceasefire-kg/"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BATCH = 50
"""wbgetentities takes at most 50 ids per request."""

Writer = Callable[[Path, bytes], None]


class WikidataError(KgError):
    """Wikidata answered something that is not the API's documented format, or kept refusing."""


class WikidataUnreachable(WikidataError):
    """The network failed (connection, timeout) and the answer is not in the cache."""


def user_agent(contact: str) -> str:
    return f"ceasefire-kg/{__version__} ({contact}) python-httpx/{httpx.__version__}"


@dataclass(frozen=True)
class Answer:
    """One API answer: its JSON, when it was retrieved (UTC, ISO 8601), and the cache key that names it."""

    data: dict[str, Any]
    retrieved: str
    key: str
    url: str


class WikidataClient:
    def __init__(self, cache_dir: Path, write: Writer, *, endpoint: str = DEFAULT_ENDPOINT,
                 contact: str = DEFAULT_CONTACT, online: bool = True, min_interval: float = 1.0,
                 max_retries: int = 4, backoff: float = 2.0, max_wait: float = 120.0, timeout: float = 30.0,
                 transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.cache_dir = cache_dir
        self.endpoint = endpoint
        self.online = online
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self._write = write
        self._clock = clock
        self._sleep = sleep
        self._last_request = 0.0
        self._unreachable: str | None = None
        self._http = httpx.Client(headers={"User-Agent": user_agent(contact), "Accept": "application/json"},
                                  timeout=timeout, transport=transport, follow_redirects=True)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> WikidataClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(self, text: str, *, language: str = "en", limit: int = 7) -> Answer | None:
        """Candidates for `text` (wbsearchentities), or None when neither the cache nor the network has them."""
        answer = self._get({"action": "wbsearchentities", "search": text, "language": language, "uselang": language,
                            "type": "item", "limit": str(limit), "format": "json"}, check=_check_search)
        return answer

    def entities(self, ids: Iterable[str], *, language: str = "en") -> list[Answer]:
        """Labels, descriptions, aliases and claims of items (wbgetentities), in requests of at most 50 ids."""
        wanted = sorted(set(ids), key=lambda q: int(q[1:]))
        answers = []
        for start in range(0, len(wanted), BATCH):
            answer = self._get({"action": "wbgetentities", "ids": "|".join(wanted[start:start + BATCH]),
                                "props": "labels|descriptions|aliases|claims", "languages": language,
                                "format": "json"}, check=_check_entities)
            if answer is not None:
                answers.append(answer)
        return answers

    def _get(self, params: dict[str, str], check: Callable[[Any], None]) -> Answer | None:
        key = hashlib.sha256(json.dumps(params, sort_keys=True).encode("utf-8")).hexdigest()[:24]
        path = self.cache_dir / f"{params['action']}-{key}.json"
        url = str(httpx.URL(self.endpoint, params=params))
        if path.exists():
            cached = json.loads(path.read_text(encoding="utf-8"))
            return Answer(cached["response"], cached["retrieved"], key, url)
        if not self.online:
            return None
        if self._unreachable:
            return None
        try:
            data = self._fetch({**params, "maxlag": "5"})
        except WikidataUnreachable as failure:
            self._unreachable = str(failure)
            warnings.warn(f"Wikidata is unreachable ({failure}); going on with the cache in {self.cache_dir} only",
                          stacklevel=2)
            return None
        check(data)
        retrieved = self._clock().astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        record = {"request": params, "endpoint": self.endpoint, "retrieved": retrieved, "response": data}
        self._write(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
        return Answer(data, retrieved, key, url)

    def _fetch(self, params: Mapping[str, str]) -> Any:
        for attempt in range(self.max_retries + 1):
            self._pause()
            try:
                response = self._http.get(self.endpoint, params=params)
            except httpx.TransportError as err:
                raise WikidataUnreachable(f"{type(err).__name__}: {err}") from None
            retry_after = _retry_after(response.headers.get("Retry-After"))
            if response.status_code in RETRY_STATUSES:
                reason = f"HTTP {response.status_code}"
            elif response.status_code != 200:
                raise WikidataError(f"{self.endpoint}: HTTP {response.status_code} for {params.get('action')}")
            else:
                data = _json(response, self.endpoint)
                error = data.get("error") if isinstance(data, dict) else None
                if not (isinstance(error, dict) and error.get("code") == "maxlag"):
                    if isinstance(error, dict):
                        raise WikidataError(f"{self.endpoint}: API error {error.get('code')!r}: {error.get('info')}")
                    return data
                reason = f"maxlag ({error.get('info')})"
            if attempt == self.max_retries:
                raise WikidataError(f"{self.endpoint}: gave up after {attempt + 1} attempts: {reason}")
            wait = max(retry_after or 0.0, self.backoff * 2 ** attempt)
            self._sleep(min(wait, self.max_wait))
        raise AssertionError("unreachable")

    def _pause(self) -> None:
        wait = self._last_request + self.min_interval - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait; Retry-After may also be an HTTP date, which then counts from now."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _json(response: httpx.Response, endpoint: str) -> Any:
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "no content type")
        raise WikidataError(f"{endpoint}: the answer is not JSON ({kind}): {response.text[:80]!r}") from None


def _malformed(what: str) -> WikidataError:
    return WikidataError(f"malformed Wikidata answer: {what}; nothing was cached or written")


def _check_search(data: Any) -> None:
    """The documented shape of wbsearchentities: {"search": [{"id": "Q…", "label": …}, …], "success": 1}."""
    if not isinstance(data, dict) or not isinstance(data.get("search"), list):
        raise _malformed("wbsearchentities without a 'search' list")
    for hit in data["search"]:
        if not isinstance(hit, dict) or not isinstance(hit.get("id"), str):
            raise _malformed(f"wbsearchentities hit without an 'id': {str(hit)[:80]}")


def _check_entities(data: Any) -> None:
    """The documented shape of wbgetentities: {"entities": {"Q…": {"id", "labels", "claims", …}}, "success": 1}."""
    if not isinstance(data, dict) or not isinstance(data.get("entities"), dict):
        raise _malformed("wbgetentities without an 'entities' object")
    for qid, entity in data["entities"].items():
        if not isinstance(entity, dict) or ("missing" not in entity and not isinstance(entity.get("claims", {}), dict)):
            raise _malformed(f"wbgetentities entity {qid} is not an object with 'claims'")


ENRICHED = ("P31", "P17", "P625", "P39", "P571", "P580", "P582")
"""The properties `kg link --online` copies into kgg:wikidata: instance of, country, coordinates,
position held, inception, start time, end time."""


@dataclass(frozen=True)
class Claim:
    """One value of a claim: an item (`Q…`), a time (`+2024-11-05T00:00:00Z` with its precision) or a point."""

    property: str
    kind: str
    value: str
    precision: int | None = None
    longitude: float | None = None
    latitude: float | None = None


@dataclass(frozen=True)
class Item:
    qid: str
    label: str | None
    description: str | None
    aliases: tuple[str, ...]
    claims: tuple[Claim, ...]
    retrieved: str
    source: str
    """The cache key of the answer the item was read from."""
    url: str

    def values(self, prop: str) -> tuple[str, ...]:
        return tuple(c.value for c in self.claims if c.property == prop)


def items_from(answer: Answer, language: str = "en") -> dict[str, Item]:
    """The items of a wbgetentities answer (missing ids left out); deprecated statements are ignored."""
    items: dict[str, Item] = {}
    for qid, entity in answer.data["entities"].items():
        if "missing" in entity:
            continue
        claims = []
        for prop, statements in sorted(entity.get("claims", {}).items()):
            for statement in statements:
                claim = _claim(prop, statement) if statement.get("rank") != "deprecated" else None
                if claim:
                    claims.append(claim)
        label = (entity.get("labels") or {}).get(language, {}).get("value")
        description = (entity.get("descriptions") or {}).get(language, {}).get("value")
        aliases = tuple(a.get("value") for a in (entity.get("aliases") or {}).get(language, []) if a.get("value"))
        items[qid] = Item(qid, label, description, aliases, tuple(claims), answer.retrieved, answer.key, answer.url)
    return items


def _claim(prop: str, statement: Mapping[str, Any]) -> Claim | None:
    snak = statement.get("mainsnak") or {}
    if snak.get("snaktype") != "value":
        return None
    datavalue = snak.get("datavalue") or {}
    value = datavalue.get("value")
    kind = datavalue.get("type")
    if kind == "wikibase-entityid" and isinstance(value, dict) and value.get("id"):
        return Claim(prop, "item", str(value["id"]))
    if kind == "time" and isinstance(value, dict) and value.get("time"):
        return Claim(prop, "time", str(value["time"]), precision=int(value.get("precision", 11)))
    if kind == "globecoordinate" and isinstance(value, dict):
        lat, lon = value.get("latitude"), value.get("longitude")
        if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
            return Claim(prop, "point", f"Point({lon} {lat})", longitude=float(lon), latitude=float(lat))
    return None
