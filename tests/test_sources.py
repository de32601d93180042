import pytest

from lrnotes.sources import diagram_tail

ARTICLE = "正文\n**作者：某人**\n"
PIE = (
    "```yaml\nmermaid-piechart:\n  data:\n"
    "    - label: a\n      value: 7%\n    - label: b\n      value: 5%\n```\n"
)
BAD = "```\nmermaid-activity-diagram:\n  - a\n  b: [\n```\n"
CUT = "```\nmermaid-mindmap:\n  title: x\n"


def test_measures_the_tail_after_the_author_line():
    tail = diagram_tail(ARTICLE + PIE + BAD + CUT)
    assert tail.kinds == ("mermaid-piechart:", "mermaid-activity-diagram:", "mermaid-mindmap:")
    assert tail.pie_shares == (7.0, 5.0)
    assert tail.invalid_yaml == 1
    assert tail.truncated
    text = PIE + BAD + CUT
    assert (tail.n_bytes, tail.n_chars) == (len(text.encode("utf-8")), len(text))


def test_a_closed_last_block_is_not_truncated_and_no_pie_gives_no_shares():
    tail = diagram_tail(ARTICLE + BAD)
    assert not tail.truncated and tail.pie_shares == ()
    assert tail.kinds == ("mermaid-activity-diagram:",)


def test_the_stored_second_article():
    from pathlib import Path

    path = Path(__file__).parents[1] / "book" / "articles" / "001_1a10d3527c0d3b09.txt"
    tail = diagram_tail(path.read_text(encoding="utf-8"))
    assert sum(tail.pie_shares) == 47 and len(tail.kinds) == 24 and tail.truncated


def test_bad_input():
    with pytest.raises(TypeError, match="text"):
        diagram_tail(b"bytes")
    with pytest.raises(ValueError, match="author line"):
        diagram_tail("no author here")


def test_diagram_kind_merges_variant_spellings():
    from lrnotes.sources import diagram_kind

    same = {
        "class": ("mermaid-classdiagram:", "mermaid-class-diagram:"),
        "sequence": ("mermaid-sequenceDiagram:", "mermaid-sequence-diagram:"),
        "gantt": ("mermaid-gannt-timeline:", "mermaid-gannt-chart:", "mermaid-gannt-diagram:"),
        "mindmap": ("mermaid-mindmap:", "mermaid-mindmup:"),
        "er": ("mermaid-er-diagram:",),
    }
    for kind, names in same.items():
        assert {diagram_kind(name) for name in names} == {kind}
    assert diagram_kind("mermaid-flowchart:") == "flowchart"
    with pytest.raises(TypeError, match="name"):
        diagram_kind(3)


def test_the_stored_second_article_has_13_kinds_under_18_names():
    from pathlib import Path

    from lrnotes.sources import diagram_kind

    path = Path(__file__).parents[1] / "book" / "articles" / "001_1a10d3527c0d3b09.txt"
    kinds = diagram_tail(path.read_text(encoding="utf-8")).kinds
    # counted by hand from the 24 names: sequence, class, gannt and mindmap come in variants
    assert len(set(kinds)) == 18 and len({diagram_kind(k) for k in kinds}) == 13
