"""Extraction and mapping throughput on a corpus of varied seed articles.

Usage: python bench/extract.py [--articles 1000] [--seed 4] [--keep DIR] [--profile]
Writes ARTICLES articles (text and metadata) to a temporary folder: the seed articles with their
people's names, their numbers, month and weekday names and years varied by a seeded RNG, so the
corpus is the same on every run. Then reads each one, extracts it (kg.extract.text) and maps it to
its named graph (kg.map.mapper.map_extract), in one process on one core, after a warm-up on five
articles and `settle_setup` (as a batch process does once its setup is
built), and prints articles/s, triples/s, the time per extraction step and the peak memory
(ru_maxrss). Mapping is timed up to the NamedGraph's tuple of distinct rdflib triples, the form the
product uses: `kg build` adds them to its union graph (for reasoning and SHACL) and writes them as
N-Quads (the files, the store), `kg add` writes them as N-Quads; an rdflib Graph of one article alone
is made only by `kg add`'s SHACL check, outside this timing. Wall-clock and CPU time are both given:
on shared cores the CPU figure is the one that says what one core does. `--profile` adds cProfile's
top functions (it slows Cython generators most, so read it for proportions between Python functions).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import os
import pstats
import random
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from kg import __version__
from kg.concepts import concept_keys
from kg.extract.articles import load_article, meta_path_for
from kg.extract.text import actors, agreements, dates, events, figures, statements
from kg.extract.text.extractor import extract_article
from kg.link.catalogue import load_catalogue
from kg.map.mapper import map_extract
from kg.resources import seeds_dir

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
GIVEN = ["Amira", "Yosef", "Layla", "Daniel", "Omar", "Noa", "Karim", "Tamar", "Samir", "Ruth", "Hadi", "Miriam"]
FAMILY = ["Haddad", "Levy", "Nasser", "Cohen", "Khalil", "Peretz", "Saleh", "Mizrahi", "Darwish", "Avraham"]
NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*(?![\d,]*\.\d)(?![\d])")
YEAR = re.compile(r"\b20[12]\d\b")
STEPS: dict[str, tuple[Any, str]] = {
    "parse": (None, "parse"), "publication date": (dates, "publication_date"), "dates": (dates, "find_dates"),
    "actors": (actors, "find_actors"), "places": (actors, "find_places"),
    "agreements": (agreements, "find_agreements"), "statements": (statements, "find_statements"),
    "figures": (figures, "find_figures"), "events": (events, "find_events"),
}


def person_names(text: str) -> list[str]:
    """The catalogue's people named in full in `text`, longest first (so a full name is varied before its parts)."""
    people = [e.name for e in load_catalogue().values() if e.type == "Person" and e.name in text]
    return sorted(people, key=len, reverse=True)


def vary(text: str, rng: random.Random) -> str:
    """The text with people's names, numbers, month and weekday names and years changed consistently."""
    for name in person_names(text):
        new_given, new_family = rng.choice(GIVEN), rng.choice(FAMILY)
        parts = name.split()
        text = text.replace(name, f"{new_given} {new_family}")
        if len(parts) > 1:
            text = re.sub(rf"\b{re.escape(parts[-1])}\b", new_family, text)
    months = dict(zip(MONTHS, rng.sample(MONTHS, len(MONTHS)), strict=True))
    weekdays = dict(zip(WEEKDAYS, rng.sample(WEEKDAYS, len(WEEKDAYS)), strict=True))
    text = re.sub(r"\b(" + "|".join(MONTHS) + r")\b", lambda m: months[m.group(1)], text)
    text = re.sub(r"\b(" + "|".join(WEEKDAYS) + r")\b", lambda m: weekdays[m.group(1)], text)
    shift = rng.choice([-2, -1, 0, 1])
    text = YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)
    return NUMBER.sub(lambda m: _number_like(m.group(0), rng), text)


def _number_like(digits: str, rng: random.Random) -> str:
    value = int(digits.replace(",", ""))
    if 1900 <= value <= 2100 and "," not in digits:
        return digits                           # a year: varied by `vary` already
    new = max(1, int(value * rng.uniform(0.5, 1.5)))
    return f"{new:,}" if "," in digits else str(new)


def write_corpus(folder: Path, count: int, seed: int) -> list[Path]:
    """`count` varied articles with metadata (stated spans dropped: the text moved) in `folder`."""
    rng = random.Random(seed)
    sources = sorted(seeds_dir().glob("*.txt"))
    paths = []
    for index in range(count):
        source = sources[index % len(sources)]
        name = f"{index:05d}_{source.stem.split('_', 1)[1]}"
        path = folder / f"{name}.txt"
        path.write_text(vary(source.read_text(encoding="utf-8"), rng), encoding="utf-8")
        meta = yaml.safe_load(meta_path_for(source).read_text(encoding="utf-8"))
        meta["article"] = name
        for part in ("outlet", "published"):
            for field in ("span", "text"):
                meta.get(part, {}).pop(field, None)
        meta_path_for(path).write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def settle_setup() -> None:
    """Collect garbage, then freeze every object alive (`gc.freeze`): the catalogue, the spaCy pipeline
    and the matchers the warm-up built. Full collections of the cyclic garbage collector walked that
    long-lived heap (some 100,000 objects) every few dozen articles, about 1.3 ms an article; frozen
    objects are still freed by reference counting. What an article yields does not change."""
    gc.collect()
    gc.freeze()


def timed_steps(spent: dict[str, float]) -> None:
    """Wrap each extraction step so its time adds up in `spent` (the extractor calls them through their modules)."""
    import kg.extract.text.extractor as extractor

    def timing(label: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - began
        return wrapper

    for label, (module, name) in STEPS.items():
        target = module if module is not None else extractor
        setattr(target, name, timing(label, getattr(target, name)))


def run(paths: list[Path]) -> tuple[int, int, float, float]:
    """Articles, triples, seconds extracting, seconds mapping."""
    catalogue, concepts = load_catalogue(), concept_keys()
    triples = 0
    extracting = mapping = 0.0
    for path in paths:
        began = time.perf_counter()
        extract = extract_article(load_article(path), catalogue)
        middle = time.perf_counter()
        triples += len(map_extract(extract, concepts, __version__).triples)
        mapping += time.perf_counter() - middle
        extracting += middle - began
    return len(paths), triples, extracting, mapping


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=4, help="Seed of the RNG that varies the articles.")
    parser.add_argument("--keep", type=Path, help="Write the corpus here and keep it (default: a temporary folder).")
    parser.add_argument("--profile", action="store_true", help="Also print cProfile's 25 costliest functions.")
    parser.add_argument("--no-settle", action="store_true",
                        help="Leave the setup objects to the garbage collector (no settle_setup): the cost of "
                             "a process that does not freeze them.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-extract-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = write_corpus(folder, args.articles, args.seed)
        run(paths[:5])                      # warm up: spaCy pipeline, matchers, catalogue, concepts
        if not args.no_settle:
            settle_setup()                  # as a batch process does after its setup
        spent: dict[str, float] = defaultdict(float)
        timed_steps(spent)
        profiler = cProfile.Profile() if args.profile else None
        began, cpu_began = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        articles, triples, extracting, mapping = run(paths)
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {articles} articles varied from {len(list(seeds_dir().glob('*.txt')))} seeds (seed {args.seed})")
    print(f"extract + map: {elapsed:.2f} s, {articles / elapsed:.1f} articles/s, {triples / elapsed:,.0f} triples/s "
          f"({triples:,} triples)")
    print(f"  CPU time {cpu:.2f} s: {articles / cpu:.1f} articles/s, {triples / cpu:,.0f} triples/s per CPU-second "
          f"(wall and CPU differ when other processes share the cores; load average {os.getloadavg()[0]:.1f})")
    print(f"  extracting {extracting:.2f} s ({articles / extracting:.1f} articles/s), mapping {mapping:.2f} s "
          f"({articles / mapping:.1f} articles/s)")
    print("  per step: " + ", ".join(f"{label} {seconds:.2f} s" for label, seconds in
                                     sorted(spent.items(), key=lambda kv: -kv[1])))
    print(f"peak memory (ru_maxrss): {peak:.0f} MiB   python {sys.version.split()[0]}, one process, one thread")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
