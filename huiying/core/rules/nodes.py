"""The watch-rule syntax tree: frozen dataclasses, plus what can be read off a tree
without a document (the words to highlight, the words an index can pre-filter on).

Term texts are stored *folded* (see `huiying.core.text.fold`), so the tree is exactly
what the matcher compares. Source positions are kept for error messages but do not take
part in equality: `食品、药品` and `食品 | 药品` parse to equal trees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from itertools import product
from typing import Literal

Field = Literal["any", "title", "text", "source"]
FIELD_PREFIXES: tuple[Field, ...] = ("title", "text", "source")

# Or-of-Or products can grow fast; any subset of a valid clause list is still valid,
# so past this size we stop adding clauses instead of giving up.
_MAX_CLAUSES = 64
# A folded word that reads back as the same bare word (no operator, quote or colon).
_PLAIN_WORD = re.compile(
    r"[^\s\"＂“”「」『』()（）|｜&＆、､,，:：\-－][^\s\"＂“”「」『』()（）|｜&＆、､,，:：]*"
)
_KEYWORDS = frozenset({"and", "or", "not", "且", "或", "非", "near"})


@dataclass(frozen=True)
class Term:
    """A word or quoted phrase, matched as a substring of the folded field text
    (a phrase matches exactly like a word; `phrase` only records how it was typed)."""

    text: str
    field: Field = "any"
    phrase: bool = dataclass_field(default=False, compare=False)
    start: int = dataclass_field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    child: Node
    start: int = dataclass_field(default=0, compare=False)


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    start: int = dataclass_field(default=0, compare=False)


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    start: int = dataclass_field(default=0, compare=False)


@dataclass(frozen=True)
class Near:
    """Each operand (a term, or an Or of terms) occurs, all within `distance`
    characters of one another, in one field."""

    operands: tuple[Term | Or, ...]
    distance: int
    field: Field = "any"
    start: int = dataclass_field(default=0, compare=False)


Node = Term | Not | And | Or | Near


@dataclass(frozen=True)
class Rule:
    root: Node
    source_text: str = dataclass_field(default="", compare=False)

    def __str__(self) -> str:
        return render(self.root)


def near_terms(operand: Term | Or) -> tuple[Term, ...]:
    """The alternatives of one NEAR operand (the parser guarantees they are all terms)."""
    if isinstance(operand, Term):
        return (operand,)
    return tuple(child for child in operand.children if isinstance(child, Term))


def render(node: Node | Rule) -> str:
    """The canonical query text of a tree; parsing it gives an equal tree."""
    if isinstance(node, Rule):
        node = node.root
    if isinstance(node, Term):
        return _render_term(node, with_field=True)
    if isinstance(node, Not):
        return "NOT " + _render_operand(node.child)
    if isinstance(node, And):
        return " AND ".join(_render_operand(child) for child in node.children)
    if isinstance(node, Or):
        return " OR ".join(_render_operand(child) for child in node.children)
    operands = []
    for operand in node.operands:
        alternatives = [_render_term(term, with_field=False) for term in near_terms(operand)]
        operands.append(
            alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
        )
    body = f" NEAR/{node.distance} ".join(operands)
    return body if node.field == "any" else f"{node.field}:({body})"


def _render_term(term: Term, *, with_field: bool) -> str:
    prefix = f"{term.field}:" if with_field and term.field != "any" else ""
    plain = _PLAIN_WORD.fullmatch(term.text) and not term.text.startswith("near/")
    if not term.phrase and plain and term.text not in _KEYWORDS:
        return prefix + term.text
    # Folding turns 「」 into “”, so a folded phrase never holds 「」 and can always be
    # written back inside them when it contains a straight quote.
    quoted = f"「{term.text}」" if '"' in term.text else f'"{term.text}"'
    return prefix + quoted


def _render_operand(node: Node) -> str:
    # Everything but a bare term or a NOT is wrapped, so precedence never decides.
    if isinstance(node, Term | Not):
        return render(node)
    return "(" + render(node) + ")"


def positive_terms(node: Node, *, negated: bool = False) -> list[Term]:
    """Terms that count *for* a match (under an even number of NOTs), in query order."""
    if isinstance(node, Term):
        return [] if negated else [node]
    if isinstance(node, Not):
        return positive_terms(node.child, negated=not negated)
    if isinstance(node, Near):
        if negated:
            return []
        return [term for operand in node.operands for term in near_terms(operand)]
    return [term for child in node.children for term in positive_terms(child, negated=negated)]


def highlight_terms(rule: Rule) -> list[str]:
    """Folded positive words of the title/text fields, without repeats, for
    `huiying.core.highlight.find_spans`. `source:` words are left out: they name the
    publisher, not a passage of the item."""
    seen: dict[str, None] = {}
    for term in positive_terms(rule.root):
        if term.field != "source":
            seen.setdefault(term.text, None)
    return list(seen)


def required_terms(rule: Rule) -> list[set[str]]:
    """Sets of folded words such that every item the rule matches contains, in its
    folded title or text, at least one word of *each* set (a conjunction of
    disjunctions). An empty list promises nothing: pre-filtering must let every item
    through. Words are substrings of folded text, not segmented tokens."""
    return [set(clause) for clause in _clauses(rule.root)]


def _clauses(node: Node) -> list[frozenset[str]]:
    if isinstance(node, Term):
        return [] if node.field == "source" else [frozenset([node.text])]
    if isinstance(node, Not):
        return []
    if isinstance(node, Near):
        if node.field == "source":
            return []
        return _minimal(frozenset(t.text for t in near_terms(op)) for op in node.operands)
    if isinstance(node, And):
        return _minimal(clause for child in node.children for clause in _clauses(child))
    per_child = [_clauses(child) for child in node.children]
    if any(not clauses for clauses in per_child):
        return []  # one branch can match without any title/text word
    combined: list[frozenset[str]] = []
    for choice in product(*per_child):
        combined.append(frozenset().union(*choice))
        if len(combined) >= _MAX_CLAUSES:
            break
    return _minimal(combined)


def _minimal(clauses: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """Drop repeats and clauses implied by a smaller one, keeping first-seen order."""
    result: list[frozenset[str]] = []
    for clause in clauses:
        if any(kept <= clause for kept in result):
            continue
        result = [kept for kept in result if not clause <= kept]
        result.append(clause)
    return result


def is_anchored(node: Node) -> bool:
    """True when every match needs at least one positive word (any field): a rule
    that is not anchored would match nearly everything, so it is refused."""
    if isinstance(node, Term | Near):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(is_anchored(child) for child in node.children)
    return all(is_anchored(child) for child in node.children)


def first_unanchored(node: Node) -> Node:
    """The innermost part of an unanchored tree to point the user at."""
    if isinstance(node, Or):
        for child in node.children:
            if not is_anchored(child):
                return first_unanchored(child)
    return node
