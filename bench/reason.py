"""Reasoning engines on the seed graph and on a copy of it N times bigger: seconds and triples inferred.

    python bench/reason.py                  # seeds, then 15 copies of the seeds (about 200 000 triples)
    python bench/reason.py --copies 10 --skip-whole --skip-hermit-values

For each graph it times: HermiT's consistency check (what the build runs); HermiT asked for property
values as well (owlready2's `infer_property_values`: what materialising with HermiT would cost, and
what it gives back); the OWL 2 RL closure of the rule input (what the build runs, `kg.reason.materialise`);
and the OWL 2 RL closure of the whole graph (to show what leaving out the triples no axiom mentions saves).
Copies rename every kgr: IRI (`id/copy3/actor/...`), so they are new individuals with the same shape.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import time
from collections.abc import Callable

from rdflib import Graph, URIRef

from kg.extract.curated import load_seed_extracts
from kg.pipeline import graphs_from, union_of
from kg.reason import axioms_of, check_consistency, load_ontology_graph, materialise
from kg.resources import seeds_dir
from kg.vocab import KGR


def seed_graph() -> Graph:
    return union_of(graphs_from(load_seed_extracts(seeds_dir())))


def copies(graph: Graph, n: int) -> Graph:
    """`graph` and n-1 renamed copies of it."""
    base = str(KGR)

    def renamed(node: object, k: int) -> object:
        if k and isinstance(node, URIRef) and node.startswith(base):
            return URIRef(f"{base}copy{k}/{node[len(base):]}")
        return node

    out = Graph()
    for k in range(n):
        for s, p, o in graph:
            out.add((renamed(s, k), p, renamed(o, k)))
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children (HermiT runs in a Java subprocess)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(label: str, run: Callable[[], str]) -> None:
    started = time.monotonic()
    cpu = _cpu()
    outcome = run()
    print(f"  {label:<40} {time.monotonic() - started:7.1f} s wall {_cpu() - cpu:7.1f} s cpu   {outcome}", flush=True)


def hermit_property_values(data: Graph, ontology: Graph) -> str:
    """Triples owlready2 adds to its World when HermiT also infers property values."""
    from owlready2 import World, sync_reasoner_hermit

    merged = Graph()
    merged += ontology
    merged += data
    world = World()
    try:
        world.get_ontology("urn:bench").load(fileobj=io.BytesIO(merged.serialize(format="nt", encoding="utf-8")),
                                            format="ntriples")
        before = len(world.as_rdflib_graph())
        sync_reasoner_hermit(world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True)
        return f"{len(world.as_rdflib_graph()) - before} triples added"
    finally:
        world.close()


def whole_closure(data: Graph, ontology: Graph) -> str:
    from owlrl import OWLRL_Semantics

    working = Graph()
    working += data
    working += axioms_of(ontology)
    before = len(working)
    OWLRL_Semantics(working, False, False, rdfs=False).closure()
    return f"{len(working) - before} triples added (before filtering)"


def bench(name: str, data: Graph, ontology: Graph, args: argparse.Namespace) -> None:
    print(f"{name}: {len(data)} triples (+ {len(ontology)} of ontology)", flush=True)
    if shutil.which("java") and not args.skip_hermit:
        timed("HermiT consistency (the build)", lambda: check_consistency(ontology, data).explanation[:40])
        if not args.skip_hermit_values:
            timed("HermiT + property values (owlready2)", lambda: hermit_property_values(data, ontology))
    elif not args.skip_hermit:
        print("  HermiT: skipped (no java)")
    timed("OWL 2 RL on the rule input (the build)", lambda: f"{len(materialise(data, ontology).graph)} triples kept")
    if not args.skip_whole:
        timed("OWL 2 RL on the whole graph", lambda: whole_closure(data, ontology))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=15, help="size of the big graph, in copies of the seeds")
    parser.add_argument("--skip-whole", action="store_true", help="do not time OWL 2 RL on the whole graph")
    parser.add_argument("--skip-hermit", action="store_true", help="do not time HermiT at all")
    parser.add_argument("--skip-hermit-values", action="store_true", help="do not time HermiT with property values")
    parser.add_argument("--big-only", action="store_true", help="only the big graph")
    args = parser.parse_args()
    ontology = load_ontology_graph()
    seeds = seed_graph()
    if not args.big_only:
        bench("seeds", seeds, ontology, args)
    bench(f"seeds x{args.copies}", copies(seeds, args.copies), ontology, args)


if __name__ == "__main__":
    main()
