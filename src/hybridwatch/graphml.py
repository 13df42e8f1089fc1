"""GraphML documents (Gephi, yEd, NetworkX, igraph read them) with every attribute escaped.

Every node and edge carries every key of its domain (an empty string for None), so a reader
never meets a missing attribute. Values are escaped for XML, and the characters XML 1.0 cannot
hold at all (control characters other than tab and line breaks) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Values = Mapping[str, object]


@dataclass(frozen=True)
class Key:
    """An attribute: its name (also its id), `node` or `edge`, and its GraphML type."""

    name: str
    domain: str
    type: str = "string"  # string | int | long | double | boolean


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _data(keys: Sequence[Key], values: Values, indent: str) -> list[str]:
    return [
        f"{indent}<data key={quoteattr(k.name)}>{escape(_text(values.get(k.name)))}</data>"
        for k in keys
    ]


def graphml(
    graph_id: str,
    keys: Sequence[Key],
    nodes: Iterable[tuple[str, Values]],
    edges: Iterable[tuple[str, str, Values]],
    *,
    directed: bool,
) -> str:
    """The document: `nodes` as (id, values), `edges` as (source id, target id, values)."""
    node_keys = [k for k in keys if k.domain == "node"]
    edge_keys = [k for k in keys if k.domain == "edge"]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    lines += [
        f"  <key id={quoteattr(k.name)} for={quoteattr(k.domain)} attr.name={quoteattr(k.name)}"
        f" attr.type={quoteattr(k.type)}/>"
        for k in keys
    ]
    default = "directed" if directed else "undirected"
    lines.append(f"  <graph id={quoteattr(graph_id)} edgedefault={quoteattr(default)}>")
    for node_id, values in nodes:
        lines.append(f"    <node id={quoteattr(_text(node_id))}>")
        lines += _data(node_keys, values, "      ")
        lines.append("    </node>")
    for source, target, values in edges:
        lines.append(
            f"    <edge source={quoteattr(_text(source))} target={quoteattr(_text(target))}>"
        )
        lines += _data(edge_keys, values, "      ")
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"
