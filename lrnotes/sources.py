r"""What the second source article holds after its author line.

The article's text ends with its author line; everything after it is fenced
blocks of YAML-like "diagrams" (``mermaid-piechart:``, ``mermaid-gannt-chart:``
…). None of them is Mermaid (whose diagrams start with a keyword such as
``pie`` or ``gantt``, not a YAML key), some are repeated, one is not even
valid YAML, and the last one is cut off. This module measures that tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

AUTHOR_MARK = "**作者："
_FENCE = re.compile(r"```[a-z]*\n(.*?)(?:```|\Z)", re.S)
_SHARE = re.compile(r"^[\s-]*value:\s*([0-9.]+)\s*%\s*$", re.M)


@dataclass(frozen=True)
class DiagramTail:
    """The part of an article after its author line.

    Attributes:
        n_bytes: its size in UTF-8 bytes.
        n_chars: its length in characters.
        kinds: the first line of each fenced block (``mermaid-piechart`` …), in order.
        invalid_yaml: how many blocks ``yaml.safe_load`` rejects.
        truncated: True if the last block has no closing fence.
        pie_shares: the percentages of the first ``mermaid-piechart`` block.
    """

    n_bytes: int
    n_chars: int
    kinds: tuple[str, ...]
    invalid_yaml: int
    truncated: bool
    pie_shares: tuple[float, ...]


def _is_yaml(block: str) -> bool:
    try:
        yaml.safe_load(block)
    except yaml.YAMLError:
        return False
    return True


def diagram_tail(text: str) -> DiagramTail:
    """Measure what follows the author line (``**作者：…``) of an article's text.

    Args:
        text: the article, as stored.

    Raises:
        TypeError: if ``text`` is not a string.
        ValueError: if ``text`` has no author line.

    Example:
        >>> t = "body\\n**作者：X**\\n```yaml\\nmermaid-piechart:\\n  - value: 7%\\n```\\n"
        >>> t += "```\\nx: [\\n"
        >>> tail = diagram_tail(t)
        >>> tail.kinds, tail.invalid_yaml, tail.truncated, tail.pie_shares
        (('mermaid-piechart:', 'x: ['), 1, True, (7.0,))
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    start = text.find(AUTHOR_MARK)
    if start < 0:
        raise ValueError(f"text has no author line (no {AUTHOR_MARK!r})")
    tail = text[text.find("\n", start) + 1 :]
    blocks = _FENCE.findall(tail)
    kinds = tuple(block.split("\n", 1)[0].strip() for block in blocks)
    pies = [b for b, kind in zip(blocks, kinds, strict=True) if kind == "mermaid-piechart:"]
    return DiagramTail(
        n_bytes=len(tail.encode("utf-8")),
        n_chars=len(tail),
        kinds=kinds,
        invalid_yaml=sum(not _is_yaml(block) for block in blocks),
        truncated=not tail.rstrip().endswith("```"),
        pie_shares=tuple(float(s) for s in _SHARE.findall(pies[0])) if pies else (),
    )


def diagram_kind(name: str) -> str:
    """The kind a diagram block's name stands for, with its variant spellings merged.

    Lower case, without the ``mermaid-`` prefix, the trailing colon, hyphens or
    a ``diagram`` suffix, with every ``gannt…`` (the article's spelling of
    Gantt) as ``gantt`` and ``mindmup`` (a mind map of the same titles) as
    ``mindmap``: ``mermaid-class-diagram:`` and ``mermaid-classdiagram:`` are
    both ``class``, ``mermaid-gannt-chart:`` is ``gantt``.

    Args:
        name: a block's first line, as in :attr:`DiagramTail.kinds`.

    Raises:
        TypeError: if ``name`` is not a string.

    Example:
        >>> [diagram_kind(k) for k in ("mermaid-sequenceDiagram:", "mermaid-gannt-timeline:")]
        ['sequence', 'gantt']
        >>> diagram_kind("mermaid-mindmup:")
        'mindmap'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    kind = name.strip().lower().removeprefix("mermaid-").removesuffix(":").replace("-", "")
    kind = kind.removesuffix("diagram") or kind
    if kind == "mindmup":
        return "mindmap"
    return "gantt" if kind.startswith("gannt") else kind
