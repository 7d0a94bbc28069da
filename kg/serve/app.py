"""The app factory: one store, one `Settings`, routes, CORS and the error mapping; no globals."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute

from kg.serve import pages
from kg.serve.http_errors import EXCEPTION_HANDLERS
from kg.serve.protocol import sparql_routes
from kg.serve.settings import Settings
from kg.store.oxigraph import OxigraphStore
from kg.vocab import KGG

SH = "http://www.w3.org/ns/shacl#"
VALIDATION_GRAPH = str(KGG) + "validation"


def create_app(settings: Settings) -> Starlette:
    """The ASGI app serving the store at `settings.store` (read-only unless `allow_updates`)."""
    store = OxigraphStore.open_existing(settings.store, read_only=not settings.allow_updates)
    routes: list[BaseRoute] = list(sparql_routes(store, settings))
    routes += list(pages.routes(store))
    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD"],
                      allow_headers=["*"], expose_headers=["Content-Type", "Content-Length", "Vary"])
    app = Starlette(routes=routes, middleware=[cors], exception_handlers=EXCEPTION_HANDLERS)  # type: ignore[arg-type]
    app.state.store = store
    app.state.settings = settings
    return app


@dataclass(frozen=True)
class ValidationSummary:
    """What the build's SHACL report (graph `kgg:validation`) says, for the `kg serve` gate."""

    violations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def validation_summary(store: OxigraphStore) -> ValidationSummary:
    """Violations and warnings recorded in the validation graph, each as 'focus: message'."""
    graph = ox.NamedNode(VALIDATION_GRAPH)
    results: dict[object, dict[str, str]] = {}
    for quad in store.quads():
        if quad.graph_name != graph or not quad.predicate.value.startswith(SH):
            continue
        name = quad.predicate.value[len(SH):]
        if name in ("resultSeverity", "focusNode", "resultMessage"):
            results.setdefault(quad.subject, {})[name] = getattr(quad.object, "value", str(quad.object))
    summary = ValidationSummary()
    for result in results.values():
        line = f"{result.get('focusNode', '?')}: {result.get('resultMessage', '(no message)')}"
        if result.get("resultSeverity") == SH + "Violation":
            summary.violations.append(line)
        elif result.get("resultSeverity") == SH + "Warning":
            summary.warnings.append(line)
    summary.violations.sort()
    summary.warnings.sort()
    return summary
