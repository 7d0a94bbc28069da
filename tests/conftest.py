"""Shared fixtures: the seed graph is built once per test session, into temporary folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from kg.pipeline import BuildResult, build
from kg.resources import project_root
from kg.store.oxigraph import OxigraphStore

ROOT = project_root()
SEEDS = ROOT / "seeds"
TEST_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class SeedBuild:
    result: BuildResult
    out: Path
    store_path: Path

    def store(self) -> OxigraphStore:
        return OxigraphStore.open_existing(self.store_path, read_only=True)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> SeedBuild:
    base = tmp_path_factory.mktemp("seed-build")
    result = build(SEEDS, base / "out", base / "store")
    return SeedBuild(result, base / "out", base / "store")


@pytest.fixture(scope="session")
def seed_store(seed_build: SeedBuild) -> OxigraphStore:
    return seed_build.store()


def quads_by_graph(store_path: Path) -> dict[str, list[str]]:
    """The store's N-Quads lines, sorted, per named graph (to compare a store before and after a change)."""
    graphs: dict[str, list[str]] = {}
    for line in OxigraphStore.open_existing(store_path, read_only=True).dump_nquads().decode("utf-8").splitlines():
        graphs.setdefault(line.rsplit(" ", 2)[-2], []).append(line)
    return {name: sorted(lines) for name, lines in graphs.items()}


def graph_of(store_path: Path, name: str) -> Graph:
    """One named graph of a store, as an rdflib graph."""
    return OxigraphStore.open_existing(store_path, read_only=True).graph([name])
