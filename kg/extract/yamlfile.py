"""YAML reading that keeps line numbers for error messages and dates as written.

PyYAML turns `2025-01-19` into a `datetime.date` and `2025-01` stays a string: the project keeps
every date as its ISO string so precision (day, month, year) is never lost or invented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError


class _StringDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader without its timestamp resolver; on libyaml's parser where PyYAML was built
    with it (the same documents, some eight times faster than the pure-Python parser)."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse `path`; return the data and its node tree (for `line_of`). Errors name file and line.

    The data are constructed from that node tree (what `yaml.load` does after composing it), so the
    text is parsed once."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text ({err.reason} at byte {err.start})", path=path) from None
    loader = _StringDateLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise InputError(f"invalid YAML: {err.problem}", path=path, line=line) from None
    finally:
        loader.dispose()
    return data, node


def line_of(node: yaml.Node | None, path: list[str | int] | tuple[str | int, ...]) -> int | None:
    """The 1-based line of the value at `path` (keys and list indices), or of its deepest existing parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            match = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            match = node.value[step]
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line
