"""Evaluate a parsed watch rule against an item.

Matching is substring search on folded text (Chinese has no spaces between words), so
a rule is compiled once into nested closures and an item is folded once: to test many
rules against one item, fold it with `FoldedDocument.of` and pass that to each rule.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from huiying.core.rules.nodes import And, Field, Near, Node, Not, Rule, Term, near_terms
from huiying.core.rules.parser import parse_rule
from huiying.core.text import fold

Hit = tuple[str, int, int]
_Match = Callable[["FoldedDocument"], bool]
_Span = tuple[int, int]
# Folding drops control characters, so no folded term or text contains this: a term
# can never match across the title/text boundary of the joined default field.
_JOIN = "\x00"
_FIELD_ORDER = {"title": 0, "text": 1, "source": 2}


@dataclass(frozen=True)
class Document:
    title: str
    text: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class FoldedDocument:
    """An item's fields folded once; positions in hits refer to these strings."""

    title: str
    text: str
    source: str = ""
    both: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "both", self.title + _JOIN + self.text)

    @classmethod
    def of(cls, doc: Document) -> FoldedDocument:
        return cls(fold(doc.title), fold(doc.text), fold(doc.source))


class CompiledRule:
    """A rule ready to match; build it once and reuse it for every item."""

    __slots__ = ("_match", "rule")

    def __init__(self, rule: Rule | str) -> None:
        self.rule = parse_rule(rule) if isinstance(rule, str) else rule
        self._match = _compile(self.rule.root)

    def matches(self, doc: Document | FoldedDocument) -> bool:
        if isinstance(doc, Document):
            doc = FoldedDocument.of(doc)
        return self._match(doc)

    def find_hits(self, doc: Document | FoldedDocument) -> list[Hit]:
        """(field, start, end) of the rule's positive words in the folded fields they
        apply to, overlaps merged, ordered title → text → source; empty when the rule
        does not match. For NEAR, only occurrences with every other NEAR word close by."""
        if isinstance(doc, Document):
            doc = FoldedDocument.of(doc)
        if not self._match(doc):
            return []
        found = set(_hits(self.rule.root, doc, negated=False))
        merged: list[Hit] = []
        for name, start, end in sorted(found, key=lambda h: (_FIELD_ORDER[h[0]], h[1], h[2])):
            if merged and merged[-1][0] == name and start <= merged[-1][2]:
                merged[-1] = (name, merged[-1][1], max(end, merged[-1][2]))
            else:
                merged.append((name, start, end))
        return merged


def compile_rule(query: str) -> CompiledRule:
    return CompiledRule(parse_rule(query))


# --- compilation -------------------------------------------------------------------


def _haystack(name: Field) -> Callable[[FoldedDocument], str]:
    if name == "any":
        return lambda d: d.both
    if name == "title":
        return lambda d: d.title
    if name == "text":
        return lambda d: d.text
    return lambda d: d.source


def _compile(node: Node) -> _Match:
    if isinstance(node, Term):
        return _compile_terms((node.text,), node.field, want_all=False)
    if isinstance(node, Not):
        inner = _compile(node.child)
        return lambda d: not inner(d)
    if isinstance(node, Near):
        return _compile_near(node)
    same = _same_field_terms(node.children)
    if same is not None:
        return _compile_terms(same[0], same[1], want_all=isinstance(node, And))
    parts = tuple(_compile(child) for child in node.children)
    if isinstance(node, And):

        def all_of(d: FoldedDocument) -> bool:
            return all(part(d) for part in parts)

        return all_of

    def any_of(d: FoldedDocument) -> bool:
        return any(part(d) for part in parts)

    return any_of


def _same_field_terms(children: tuple[Node, ...]) -> tuple[tuple[str, ...], Field] | None:
    fields = {c.field for c in children if isinstance(c, Term)}
    if len(fields) != 1 or not all(isinstance(c, Term) for c in children):
        return None
    return tuple(c.text for c in children if isinstance(c, Term)), fields.pop()


def _compile_terms(texts: tuple[str, ...], name: Field, *, want_all: bool) -> _Match:
    # The commonest shapes, `A B C` and `A | B | C`, become one loop over `in`.
    get = _haystack(name)
    if len(texts) == 1:
        (only,) = texts
        return lambda d: only in get(d)
    if want_all:

        def all_in(d: FoldedDocument) -> bool:
            s = get(d)
            return all(t in s for t in texts)

        return all_in

    def any_in(d: FoldedDocument) -> bool:
        s = get(d)
        return any(t in s for t in texts)

    return any_in


def _compile_near(node: Near) -> _Match:
    alternatives = tuple(tuple(t.text for t in near_terms(op)) for op in node.operands)
    getters = _field_getters(node.field)
    distance = node.distance

    def near(d: FoldedDocument) -> bool:
        for get in getters:
            s = get(d)
            if not all(any(t in s for t in texts) for texts in alternatives):
                continue
            if _window_exists([_Spans(s, texts) for texts in alternatives], distance):
                return True
        return False

    return near


def _field_getters(name: Field) -> tuple[Callable[[FoldedDocument], str], ...]:
    # NEAR looks inside one field at a time: the end of a title is not "near" the
    # start of the body.
    if name == "any":
        return (_haystack("title"), _haystack("text"))
    return (_haystack(name),)


def _occurrences(s: str, texts: tuple[str, ...]) -> list[_Span]:
    """Every (start, end) of any of `texts` in `s`, overlapping ones included, by start."""
    spans: list[_Span] = []
    for t in texts:
        at = s.find(t)
        while at != -1:
            spans.append((at, at + len(t)))
            at = s.find(t, at + 1)
    spans.sort()
    return spans


class _Spans:
    """One NEAR operand's occurrences sorted by start, with the furthest end reached by
    any occurrence starting at or before each one, so each question is one bisect."""

    __slots__ = ("reach", "spans", "starts")

    def __init__(self, s: str, texts: tuple[str, ...]) -> None:
        self.spans = _occurrences(s, texts)
        self.starts = [start for start, _ in self.spans]
        self.reach: list[int] = []
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def furthest_end(self, starting_by: int) -> int:
        """The largest end among occurrences starting at or before `starting_by`;
        -1 when there is none (real ends are at least 1)."""
        k = bisect_right(self.starts, starting_by)
        return self.reach[k - 1] if k else -1


def _window_exists(groups: list[_Spans], distance: int) -> bool:
    """Can one occurrence per operand be chosen so that every pair is at most
    `distance` characters apart? For a choice, the widest gap between two of them is
    (latest start - earliest end); so try each occurrence as the latest start and give
    every other operand its furthest-reaching occurrence among those starting no later."""
    for i, group in enumerate(groups):
        others = [other for j, other in enumerate(groups) if j != i]
        for start, end in group.spans:
            earliest_end = min([end, *(other.furthest_end(start) for other in others)])
            if earliest_end >= 1 and start - earliest_end <= distance:
                return True
    return False


# --- hits ----------------------------------------------------------------------------


def _hits(node: Node, d: FoldedDocument, *, negated: bool) -> Iterator[Hit]:
    if isinstance(node, Term):
        if not negated:
            for name in _field_names(node.field):
                s = _haystack(name)(d)
                for start, end in _occurrences(s, (node.text,)):
                    yield name, start, end
    elif isinstance(node, Not):
        yield from _hits(node.child, d, negated=not negated)
    elif isinstance(node, Near):
        if not negated:
            yield from _near_hits(node, d)
    else:
        for child in node.children:
            yield from _hits(child, d, negated=negated)


def _field_names(name: Field) -> tuple[Field, ...]:
    return ("title", "text") if name == "any" else (name,)


def _near_hits(node: Near, d: FoldedDocument) -> Iterator[Hit]:
    """Occurrences with an occurrence of every other operand within the distance (for a
    chain, each word is checked against each other word, not the whole window)."""
    for name in _field_names(node.field):
        s = _haystack(name)(d)
        groups = [_Spans(s, tuple(t.text for t in near_terms(op))) for op in node.operands]
        for i, group in enumerate(groups):
            others = [other for j, other in enumerate(groups) if j != i]
            for start, end in group.spans:
                # (s2, e2) is close when s2 <= end + distance and e2 >= start - distance.
                least_end = max(1, start - node.distance)
                if all(o.furthest_end(end + node.distance) >= least_end for o in others):
                    yield name, start, end
