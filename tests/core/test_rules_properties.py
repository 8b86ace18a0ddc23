"""Properties that must hold for any query and any item (hypothesis)."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from huiying.core.rules import (
    CompiledRule,
    Document,
    FoldedDocument,
    RuleSyntaxError,
    parse_rule,
    render,
    required_terms,
)

# Words in both scripts and widths, so folding matters in every example.
WORDS = [
    "食品",
    "藥品",
    "安全",
    "学校",
    "學校",
    "广告",
    "電梯",
    "噪音",
    "１２３４５",
    "热线",
    "wifi",
]
FILLER = ["，", "。", "的", " ", "\n", "ＷｉＦｉ", "12345", "熱線", "电梯噪音", "食"]
QUERY_CHARS = list(
    '食品药安全 ()（）|｜&＆-－、，,"“”「」『』:：NEARnearot/0123456789titlexsu非或且\u200b'
)

word = st.sampled_from(WORDS)
doc_text = st.lists(st.sampled_from(WORDS + FILLER), max_size=30).map("".join)
documents = st.builds(Document, title=doc_text, text=doc_text, source=st.sampled_from(WORDS))
fielded = st.tuples(st.sampled_from(["", "title:", "text:", "source:", "标题："]), word).map(
    "".join
)
near = st.tuples(st.lists(word, min_size=2, max_size=3), st.integers(0, 12)).map(
    lambda wn: f" NEAR/{wn[1]} ".join(wn[0])
)


def _combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} | {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]}) -({p[1]})"),
        st.tuples(word, word).map(lambda p: f"{p[0]}、{p[1]}"),
    )


valid_queries = st.recursive(st.one_of(fielded, near, word.map(lambda w: f'"{w}"')), _combine)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(QUERY_CHARS), max_size=30) | st.text(max_size=20))
def test_any_text_either_parses_or_raises_a_positioned_syntax_error(query: str) -> None:
    try:
        rule = parse_rule(query)
    except RuleSyntaxError as error:
        assert 0 <= error.position <= len(query)
        assert error.message
        assert error.pointer().endswith("^")
    else:
        assert parse_rule(render(rule)) == rule


@settings(max_examples=200, deadline=None)
@given(valid_queries)
def test_generated_rules_parse_and_render_back(query: str) -> None:
    rule = parse_rule(query)
    assert parse_rule(render(rule)) == rule


@settings(max_examples=300, deadline=None)
@given(valid_queries, st.text(), st.text(), st.text(max_size=10))
def test_matches_never_raises_on_random_text(
    query: str, title: str, text: str, source: str
) -> None:
    rule = CompiledRule(query)
    doc = Document(title, text, source)
    folded = FoldedDocument.of(doc)
    hits = rule.find_hits(doc)
    # A rule always needs a positive word, so every match has something to highlight.
    assert bool(hits) is rule.matches(doc)
    fields = {"title": folded.title, "text": folded.text, "source": folded.source}
    assert all(0 <= start < end <= len(fields[name]) for name, start, end in hits)


@settings(max_examples=400, deadline=None)
@given(valid_queries, documents)
def test_required_terms_hold_for_every_match(query: str, doc: Document) -> None:
    rule = CompiledRule(query)
    if not rule.matches(doc):
        return
    folded = FoldedDocument.of(doc)
    for clause in required_terms(rule.rule):
        assert any(term in folded.title or term in folded.text for term in clause)


def _occurrences(s: str, term: str) -> list[tuple[int, int]]:
    return [(i, i + len(term)) for i in range(len(s)) if s.startswith(term, i)]


def _near_brute_force(texts: list[str], distance: int, doc: FoldedDocument) -> bool:
    for field_text in (doc.title, doc.text):
        for choice in product(*(_occurrences(field_text, t) for t in texts)):
            if max(s for s, _ in choice) - min(e for _, e in choice) <= distance:
                return True
    return False


@settings(max_examples=400, deadline=None)
@given(st.lists(word, min_size=2, max_size=3), st.integers(0, 8), documents)
def test_near_agrees_with_trying_every_combination(
    words: list[str], distance: int, doc: Document
) -> None:
    query = f" NEAR/{distance} ".join(f'"{w}"' for w in words)
    rule = CompiledRule(query)
    texts = [t.text for t in rule.rule.root.operands]  # type: ignore[union-attr]
    folded = FoldedDocument.of(doc)
    assert rule.matches(folded) == _near_brute_force(texts, distance, folded)


@settings(max_examples=300, deadline=None)
@given(word, word, st.integers(0, 8), documents)
def test_near_hits_are_the_occurrences_with_a_partner_close_by(
    first: str, second: str, distance: int, doc: Document
) -> None:
    rule = CompiledRule(f'"{first}" NEAR/{distance} "{second}"')
    a, b = (t.text for t in rule.rule.root.operands)  # type: ignore[union-attr]
    folded = FoldedDocument.of(doc)
    expected: set[tuple[str, int, int]] = set()
    for name, field_text in (("title", folded.title), ("text", folded.text)):
        for x, y in ((a, b), (b, a)):
            for s1, e1 in _occurrences(field_text, x):
                if any(
                    max(s1, s2) - min(e1, e2) <= distance for s2, e2 in _occurrences(field_text, y)
                ):
                    expected.add((name, s1, e1))
    covered = {(name, i) for name, start, end in rule.find_hits(folded) for i in range(start, end)}
    assert {(name, i) for name, s, e in expected for i in range(s, e)} == covered
