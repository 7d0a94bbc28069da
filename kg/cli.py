"""`kg`: the command line, a thin client of the pipeline and the store.

Exit codes (one place, here): 0 success or conforms, 1 the graph does not conform (violations),
2 bad input or usage (missing file, bad extract, bad query), 3 internal or store error.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from kg import __version__
from kg.errors import KgError, ValidationFailed
from kg.formats import RDF_FORMATS, RESULT_FORMATS, rdf_format
from kg.store.oxigraph import DEFAULT_PATH, OxigraphStore
from kg.validate.shacl import ValidationReport

err = Console(stderr=True, highlight=False)


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--store", "store_path", type=click.Path(path_type=Path), default=DEFAULT_PATH,
                        show_default=True, help="Directory of the embedded pyoxigraph store.")(func)


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a `KgError` into its message on stderr and its exit code; let real bugs show their traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationFailed as failure:
            print_report(failure.report)
            err.print(f"[red]error:[/red] {failure}", soft_wrap=True)
            sys.exit(failure.exit_code)
        except KgError as error:
            err.print(f"[red]error:[/red] {error}", markup=True, soft_wrap=True)
            sys.exit(error.exit_code)

    return wrapper


def print_report(report: Any, limit: int = 50) -> None:
    assert isinstance(report, ValidationReport)
    for result in report.results[:limit]:
        colour = "red" if result.severity == "Violation" else "yellow"
        err.print(f"[{colour}]{result.severity}[/{colour}] {result.focus}", highlight=False, soft_wrap=True)
        err.print(f"    {result.message}" + (f" (path {result.path})" if result.path else ""), soft_wrap=True)
    if len(report.results) > limit:
        err.print(f"... and {len(report.results) - limit} more results (see validation.ttl)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build, validate, query and export the ceasefire knowledge graph.

    The graph is built from articles in a seeds folder (text, metadata and curated extracts),
    validated with SHACL and stored in an embedded pyoxigraph store (default .kg/store).

    Example: kg build && kg query queries/03-netanyahu-quotes.rq
    """


@main.command()
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False), default=Path("seeds"), show_default=True,
              help="Folder of articles: NAME.txt, NAME.meta.yaml and extracts/NAME.yaml.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("build"), show_default=True,
              help="Folder for graph.nq, graph.trig, graph.ttl and validation.ttl.")
@store_option
@reports_errors
def build(seeds: Path, out: Path, store_path: Path) -> None:
    """Check extracts, map, reason, validate and load the store.

    Exits 1 (and leaves the store as it was) when the graph has SHACL violations;
    the files in --out are written either way so the failure can be inspected.

    Example: kg build --seeds seeds --out build
    """
    from kg.pipeline import build as run_build

    with err.status("building") as status:
        result = run_build(seeds, out, store_path, step=lambda text: status.update(text))
    counts: dict[str, int] = {}
    for extract in result.extracts:
        for kind in ("actors", "places", "agreements", "phases", "terms", "statements", "events", "figures"):
            counts[kind] = counts.get(kind, 0) + len(getattr(extract, kind))
    click.echo(f"articles: {len(result.extracts)}   records: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    click.echo(f"graph: {result.quad_count} quads in {len(result.graphs)} named graphs")
    consistency = result.consistency
    click.echo(f"reasoning: {consistency.reasoner}: " +
               ("consistent" if consistency.consistent else f"NOT CHECKED ({consistency.explanation})"
                if not consistency.checked else "inconsistent"))
    report = result.report
    click.echo(f"validation: {'conforms' if report.conforms else 'does not conform'}, "
               f"{len(report.violations)} violations, {len(report.warnings)} warnings")
    for warning in report.warnings:
        click.echo(f"  warning: {warning.message}")
    click.echo(f"wrote: {', '.join(str(p) for p in result.outputs)}; store: {store_path}")


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="text: results grouped by shape and by article, with values and evidence; turtle: the SHACL "
                   "report and the run's record; json: both, as data.")
@click.option("--record/--no-record", default=True, show_default=True,
              help="Store the report (kgg:validation) and this run (kgg:validation-runs) in the store.")
@reports_errors
def validate(store_path: Path, fmt: str, record: bool) -> None:
    """Validate the graph in the store against shapes/*.ttl; exit 1 on violations.

    Each run is recorded in the store as a kg:ValidationRun (time, shapes digest, graph size, violations
    and warnings per shape), so data quality can be queried as articles are added
    (queries/14-validation-history.rq). When another process writes to the store, the run is reported
    but not recorded.

    Example: kg validate --format json
    """
    from kg.errors import StoreError
    from kg.pipeline import check_store, record_validation
    from kg.validate.summary import json_report, text_report

    validation = check_store(OxigraphStore.open_existing(store_path, read_only=True))
    report = validation.report
    recorded = False
    if record:
        try:
            record_validation(store_path, validation)
            recorded = True
        except StoreError as error:
            err.print(f"[yellow]note:[/yellow] the run was not recorded: {error}", soft_wrap=True)
    run_iri, run_graph = validation.run
    run = {"iri": str(run_iri), "recorded": recorded, "started": validation.facts.started.isoformat(),
           "ended": validation.facts.ended.isoformat(), "triples": validation.facts.triples,
           "articles": len(validation.facts.articles)}
    if fmt == "turtle":
        click.echo((report.rdf + run_graph).serialize(format="turtle"))
    elif fmt == "json":
        click.echo(json.dumps(json_report(report, validation.data, run), indent=2))
    else:
        click.echo(text_report(report, validation.data), nl=False)
        click.echo(f"run: {run['iri']} ({'recorded in the store' if recorded else 'not recorded'}), "
                   f"{run['triples']} triples, {run['articles']} article graphs")
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", *RESULT_FORMATS]), default="table", show_default=True,
              help="How to print SELECT/ASK results (CONSTRUCT/DESCRIBE print Turtle).")
@store_option
@reports_errors
def query(query: str, fmt: str, store_path: Path) -> None:
    """Run a SPARQL query (a .rq file or the query text) on the union of the graphs.

    Example: kg query queries/01-agreements.rq --format csv
    """
    from kg.query import format_results, read_query

    text, source = read_query(query)
    store = OxigraphStore.open_existing(store_path, read_only=True)
    click.echo(format_results(store.query(text, source=source), fmt), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(list(RDF_FORMATS)), default="nquads", show_default=True)
@click.option("--graph", help="IRI of one named graph (default: every graph).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default: stdout).")
@store_option
@reports_errors
def export(fmt: str, graph: str | None, output: Path | None, store_path: Path) -> None:
    """Export the graph: N-Quads (sorted), TriG, Turtle, N-Triples, JSON-LD or RDF/XML.

    Triple formats (Turtle, N-Triples, RDF/XML) get the union of the graphs, or --graph.

    Example: kg export --format turtle --graph https://w3id.org/ceasefire-kg/graph/links
    """
    from kg.export import serialize, write_atomic

    store = OxigraphStore.open_existing(store_path, read_only=True)
    data = serialize(store.dump_nquads(graph), rdf_format(fmt), graph)
    if output:
        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@store_option
@reports_errors
def stats(store_path: Path) -> None:
    """Count quads per named graph and the things the graph describes.

    Example: kg stats
    """
    from kg.query import format_results
    from kg.resources import query_text

    store = OxigraphStore.open_existing(store_path, read_only=True)
    summary = store.stats()
    click.echo(f"quads: {summary.quads}")
    for name, count in summary.graphs.items():
        click.echo(f"  {count:8d}  {name}")
    click.echo(format_results(store.query(query_text("stats"), source="queries/stats.rq"), "table"), nl=False)


@main.command()
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False), default=Path("seeds"), show_default=True)
@reports_errors
def check(seeds: Path) -> None:
    """Check the extracts in SEEDS/extracts against their articles and the JSON Schema.

    Example: kg check --seeds seeds
    """
    from kg.extract.curated import load_seed_extracts

    for extract in load_seed_extracts(seeds):
        click.echo(f"{extract.article.id}: ok ({len(extract.statements)} statements, {len(extract.events)} events, "
                   f"{len(extract.figures)} figures)")


def article_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--meta", "meta_path", type=click.Path(path_type=Path, dir_okay=False),
                        help="Metadata file (outlet, publication date); default: NAME.meta.yaml beside the "
                             "article, else both unknown.")(func)
    return click.argument("article", type=click.Path(path_type=Path))(func)


@main.command("extract")
@article_options
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="YAML file to write (default: standard output).")
@reports_errors
def extract_(article: Path, meta_path: Path | None, output: Path | None) -> None:
    """Extract typed records with their spans from an article's raw text, as curated-format YAML.

    The output loads with the same checks as the curated extracts (kg check), so it can be
    corrected by hand and used as one. Exits 2 for an empty, binary, non-UTF-8 or too large file.

    Example: kg extract my-article.txt --meta my-article.meta.yaml -o my-article.yaml
    """
    from kg.export import write_atomic
    from kg.pipeline import checked_yaml, extract_file

    with err.status("extracting"):
        text = checked_yaml(extract_file(article, meta_path))
    if output:
        write_atomic(output, text.encode("utf-8"))
        err.print(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@main.command()
@article_options
@store_option
@reports_errors
def add(article: Path, meta_path: Path | None, store_path: Path) -> None:
    """Extract an article from its raw text, validate its graph and load it into the store.

    Its events and agreements are resolved against those the store holds (an event reported before keeps
    its node and gains this article's evidence; the merges go to kgg:coreference) and its figures are
    compared with the stored ones (kgg:figure-comparison). Only the article's named graph (replaced if the
    article was added before), its Wikidata links, the coreference and figure-comparison graphs and the
    recomputed inferred types are written, in one transaction. Exits 1 (SHACL violations)
    or 2 (bad input) and leaves the store as it was.

    Example: kg add my-article.txt --meta my-article.meta.yaml --store .kg/store
    """
    from kg.pipeline import add as run_add

    with err.status("adding") as status:
        result = run_add(article, store_path, meta_path, step=lambda text: status.update(text))
    extract = result.extract
    counts = ", ".join(f"{kind} {len(getattr(extract, kind))}" for kind in
                       ("actors", "places", "agreements", "phases", "statements", "events", "figures"))
    click.echo(f"{'replaced' if result.replaced else 'added'} {extract.article.id}: {counts}")
    click.echo(f"graph: {len(result.graph.triples)} triples in <{result.graph.name}>; "
               f"links: {result.links_added} new triples")
    click.echo(f"coreference: {len(result.merges)} new merge decisions; "
               f"figure comparisons: {result.comparisons} in the store")
    for merge in result.merges:
        (left, right) = merge.records
        click.echo(f"  {merge.kind} {merge.key}: {left.article}:{left.key} and {right.article}:{right.key}")
    click.echo(f"validation: conforms, {len(result.report.warnings)} warnings")
    for warning in result.report.warnings:
        click.echo(f"  warning: {warning.message}")
    click.echo(f"store: {store_path}")


@main.command("eval")
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False), default=Path("seeds"), show_default=True,
              help="Folder of articles (NAME.txt, NAME.meta.yaml) and their curated extracts (extracts/NAME.yaml).")
@click.option("--misses", is_flag=True, help="Also list every miss and false hit (article, span, text, why).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores and misses as JSON instead of a table.")
@reports_errors
def eval_(seeds: Path, misses: bool, as_json: bool) -> None:
    """Extract every seed article from its text and score the records against the curated extracts.

    Precision, recall and F1 per record type; a predicted record is a hit when its evidence overlaps a
    curated record's and they agree (README, "Extraction", says exactly how). The curated extracts
    are only the answer key; the extractor never reads them.

    Example: kg eval --misses
    """
    from kg.pipeline import evaluate

    result = evaluate(seeds)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    print_evaluation(result, misses)


def print_evaluation(result: Any, misses: bool) -> None:
    from rich.table import Table

    out = Console(highlight=False, width=max(Console().width, 100))
    table = Table(title=f"kg eval: {len(result.articles)} articles", title_justify="left")
    for name in ("records", "curated", "predicted", "hits", "precision", "recall", "F1", "target F1"):
        table.add_column(name, justify="left" if name == "records" else "right")
    for score in result.scores:
        target = f"{score.target:.2f}" if score.target is not None else ""
        f1 = f"{score.f1:.2f}"
        if score.target is not None:
            f1 = f"[{'green' if score.f1 >= score.target else 'red'}]{f1}[/]"
        table.add_row(score.name, str(score.curated), str(score.predicted), str(score.hits), f"{score.precision:.2f}",
                      f"{score.recall:.2f}", f1, target)
    dates = result.dates
    table.add_row("dates right", str(dates.dated), "", str(dates.right), "", "",
                  f"[{'green' if dates.share >= (dates.target or 0) else 'red'}]{dates.share:.2f}[/]",
                  f"{dates.target:.2f}")
    out.print(table)
    out.print("dates right: share of matched curated events and statements with a date whose predicted date "
              "is the same value (and so the same precision).", soft_wrap=True)
    if not misses:
        return
    listed = [(s.name, kind, item) for s in result.scores
              for kind, items in (("miss", s.misses), ("false hit", s.false_hits)) for item in items]
    for name, kind, item in listed + [("dates", "wrong", item) for item in dates.wrong]:
        out.print(f"{name}\t{kind}\t{item.article}\t[{item.start}, {item.end}]\t{item.text!r}\t{item.why}",
                  soft_wrap=True, markup=False)


@main.command()
@click.option("--online", is_flag=True, help="Ask Wikidata (wbsearchentities/wbgetentities) for what the catalogue "
              "does not link, and copy facts of linked items into kgg:wikidata. Cached answers are reused.")
@click.option("--endpoint", default=None, help="Wikidata Action API URL (default https://www.wikidata.org/w/api.php).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=Path(".kg/wikidata"),
              show_default=True, help="Folder of cached API answers (one JSON file per request).")
@click.option("--contact", envvar="KG_CONTACT", default=None,
              help="Contact (e-mail or URL) for the User-Agent Wikimedia asks for (env KG_CONTACT).")
@click.option("--report", is_flag=True, help="List linked, suggested and unlinked actors and places.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (with --report).")
@store_option
@reports_errors
def link(online: bool, endpoint: str | None, cache_dir: Path, contact: str | None, report: bool, as_json: bool,
         store_path: Path) -> None:
    """Link the store's actors and places to Wikidata (kgg:links) and, online, enrich them (kgg:wikidata).

    Offline (the default) only the catalogue (catalogue/wikidata.yaml) is used, plus answers already
    in --cache. Online requests are polite: a User-Agent with a contact, one request per second,
    maxlag=5, retries with back-off on 429/5xx. Without network, cached answers are used and a
    warning is printed.

    Example: kg link --report
    """
    import warnings

    from kg.export import write_atomic
    from kg.link.report import report_json, report_table
    from kg.link.wikidata import DEFAULT_CONTACT, DEFAULT_ENDPOINT, WikidataClient
    from kg.pipeline import link_store

    store = OxigraphStore.open_existing(store_path)
    client = WikidataClient(cache_dir, write_atomic, endpoint=endpoint or DEFAULT_ENDPOINT,
                            contact=contact or DEFAULT_CONTACT, online=True) if online else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, _ = link_store(store, client)
        finally:
            store.close()
            if client is not None:
                client.close()
    for warning in caught:
        err.print(f"[yellow]warning:[/yellow] {warning.message}", soft_wrap=True)
    linked, total = result.coverage()
    if report and as_json:
        click.echo(report_json(result))
    elif report:
        Console(highlight=False, width=200).print(report_table(result))
    counts = {s: sum(1 for r in result.resolutions if r.status == s) for s in ("linked", "suggested", "unlinked")}
    (err if as_json else Console(highlight=False)).print(
        f"links: {counts['linked']} linked, {counts['suggested']} suggested, {counts['unlinked']} unlinked "
        f"of {len(result.resolutions)} actors and places; catalogue entities mentioned that Wikidata has: "
        f"{linked}/{total} linked ({100 * linked / total if total else 0:.0f}%)", soft_wrap=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", type=int, default=7878, show_default=True)
@store_option
@click.option("--allow-invalid", is_flag=True, help="Serve even when the build's SHACL report has violations.")
@click.option("--timeout", "timeout_seconds", type=float, default=10.0, show_default=True,
              help="Seconds a query may run before the client gets 503.")
@click.option("--max-rows", type=int, default=10_000, show_default=True,
              help="Most rows (or triples) one query may return; more is an error naming the cap.")
@click.option("--allow-updates", is_flag=True, help="Accept SPARQL Update (refused with 403 by default).")
@reports_errors
def serve(host: str, port: int, store_path: Path, allow_invalid: bool, timeout_seconds: float, max_rows: int,
          allow_updates: bool) -> None:
    """Serve the store: SPARQL 1.1 Protocol at /sparql, graphs, VoID, Linked Data and the web page.

    Refuses to start (exit 1) when the validation graph records SHACL violations, unless --allow-invalid.

    Example: kg serve --port 7878 --timeout 5
    """
    import uvicorn

    from kg.serve.app import create_app, validation_summary
    from kg.serve.settings import Settings

    settings = Settings(store=store_path, host=host, port=port, timeout_seconds=timeout_seconds, max_rows=max_rows,
                        allow_updates=allow_updates, allow_invalid=allow_invalid)
    summary = validation_summary(OxigraphStore.open_existing(store_path, read_only=True))
    for line in summary.violations[:50]:
        err.print(f"[red]Violation[/red] {line}", soft_wrap=True)
    if summary.violations and not allow_invalid:
        err.print(f"[red]error:[/red] the graph in {store_path} has {len(summary.violations)} SHACL violations; "
                  "fix the extracts and rebuild, or start with --allow-invalid", soft_wrap=True)
        sys.exit(1)
    click.echo(f"validation: {len(summary.violations)} violations, {len(summary.warnings)} warnings"
               + (" (serving anyway: --allow-invalid)" if summary.violations else ""))
    app = create_app(settings)
    click.echo(f"SPARQL endpoint: {settings.base_url}/sparql   web page: {settings.base_url}/", err=False)
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="info")


if __name__ == "__main__":
    main()

