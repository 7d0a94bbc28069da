"""Source articles: the text file, its digest and its metadata file (`{id}.meta.yaml`).

The metadata keeps what the article states apart from what was inferred: a stated date that
the content contradicts stays the stated date, and the inference goes beside it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.extract.yamlfile import line_of, read_yaml
from kg.records import Article, DateClaim, Evidence

METHODS = ("stated-in-text", "inferred-from-content", "unknown")
MAX_ARTICLE_BYTES = 5_000_000


def read_article_text(path: Path) -> tuple[str, str]:
    """The article's text and the SHA-256 of its bytes; a readable error for unusable files."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("article file not found", path=path) from None
    except IsADirectoryError:
        raise InputError("expected an article text file, got a directory", path=path) from None
    if not raw.strip():
        raise InputError("the article is empty", path=path)
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InputError(f"the article is {len(raw):,} bytes; the limit is {MAX_ARTICLE_BYTES:,}", path=path)
    if b"\x00" in raw:
        raise InputError("the file is binary (it contains NUL bytes), not article text", path=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {err.start}: {err.reason})", path=path, line=line) from None
    return text, hashlib.sha256(raw).hexdigest()


def meta_path_for(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + ".meta.yaml")


def load_article(text_path: Path, meta_path: Path | None = None) -> Article:
    """Read an article and its metadata; without a metadata file, outlet and date are unknown."""
    text, digest = read_article_text(text_path)
    meta_path = meta_path or meta_path_for(text_path)
    if not meta_path.exists():
        unknown = DateClaim(value=None, method="unknown", note="no metadata file")
        return Article(id=text_path.stem, text=text, sha256=digest, published=unknown, outlet=unknown)
    data, node = read_yaml(meta_path)
    if not isinstance(data, dict):
        raise InputError("expected a mapping with 'outlet' and 'published'", path=meta_path, line=1)
    article_id = data.get("article", text_path.stem)
    if article_id != text_path.stem:
        raise InputError(f"names article {article_id!r} but sits beside {text_path.name}", path=meta_path,
                         line=line_of(node, ["article"]), field="article")
    outlet = _claim(data, "outlet", text, meta_path, node)
    published = _claim(data, "published", text, meta_path, node)
    inferred = data["published"].get("inferred") if isinstance(data.get("published"), dict) else None
    return Article(id=article_id, text=text, sha256=digest, published=published, outlet=outlet,
                   outlet_name=(data.get("outlet") or {}).get("name"), title=data.get("title"),
                   inferred_published=str(inferred) if inferred else None)


def _claim(data: dict[str, Any], name: str, text: str, path: Path, node: Any) -> DateClaim:
    part = data.get(name)
    if not isinstance(part, dict):
        raise InputError("expected a mapping with 'value', 'method' and 'note'", path=path,
                         line=line_of(node, [name]), field=name)
    method = part.get("method")
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}; got {method!r}", path=path,
                         line=line_of(node, [name, "method"]), field=f"{name}.method")
    value = part.get("key") if name == "outlet" else part.get("value")
    if method != "unknown" and not value:
        raise InputError(f"a {method} {name} needs a value", path=path, line=line_of(node, [name]), field=name)
    evidence = None
    if "span" in part:
        start, end = part["span"]
        if text[start:end] != part.get("text"):
            raise InputError(f"span [{start}, {end}] covers {text[start:end]!r}, not {part.get('text')!r}",
                             path=path, line=line_of(node, [name, "span"]), field=f"{name}.span")
        evidence = Evidence(start, end, part["text"])
    return DateClaim(value=str(value) if value else None, method=method, note=str(part.get("note", "")),
                     evidence=evidence)
