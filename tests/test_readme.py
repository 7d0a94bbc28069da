"""The README shows each competency query with its real output; this test keeps the two in step.

Each block follows a marker `<!-- output of queries/NAME.rq -->`. After a change to the data or the
queries, rewrite the blocks from a fresh build with:
    python tests/test_readme.py --update     (uses the store at .kg/store; run `make run` first)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kg.query import format_results
from kg.store.oxigraph import OxigraphStore

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"<!-- output of (queries/[\w.-]+\.rq) -->\n```text\n(.*?)```", re.S)


def rendered(store: OxigraphStore, query_path: str) -> str:
    path = README.parent / query_path
    return format_results(store.query(path.read_text(encoding="utf-8"), source=query_path), "table")


PARTS = re.compile(r", | / ")


def normalised(table: str) -> list[list[list[str]]]:
    """Each row as its cells, each cell as its sorted parts: SPARQL gives GROUP_CONCAT no order, so the
    parts of a concatenated cell may come in any order; a changed, added, lost or moved value still shows."""
    return [[sorted(part.strip() for part in PARTS.split(cell)) for cell in line.split(" | ")]
            for line in table.splitlines()]


def test_readme_shows_the_real_output_of_each_competency_query(seed_store: OxigraphStore) -> None:
    blocks = BLOCK.findall(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    for query_path, shown in blocks:
        assert normalised(shown) == normalised(rendered(seed_store, query_path)), \
            f"README output of {query_path} is stale (see --update)"


def update(store_path: Path) -> None:
    store = OxigraphStore.open_existing(store_path, read_only=True)
    text = BLOCK.sub(lambda m: f"<!-- output of {m.group(1)} -->\n```text\n{rendered(store, m.group(1))}```",
                     README.read_text(encoding="utf-8"))
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:
    update(README.parent / ".kg" / "store")
