"""Narrow a rule to candidate items with the search index before the matcher confirms.

`required_terms(rule)` promises that every match contains one word of each set, as a
substring of its folded title or text. The index, however, holds segmented *words*
(`Item.tokens`): 安全 is not an index word of an item whose text was cut as 食品安全,
and 市场监管 is not one where the text was cut as 市场 / 监管局. So each rule word is
cut into its smallest dictionary pieces (市场监管 → 市场, 监管), and each piece is widened
to every index word that contains it (安全 → 安全, 食品安全, 不安全), using the
vocabulary kept in `IndexWord`. An item then needs, for some word of each set, every
piece inside one of its index words:

    AND over sets ( OR over words ( AND over pieces ( OR over index words ) ) )

What this cannot see is a piece cut in two by the item's segmentation (青川 in
望江青/川路): a rare miss, measured in bench/backtest.py. A piece of one character, or
one that hundreds of index words contain, narrows nothing and is left out; a set whose
word has no usable piece is left out (fewer sets is a weaker but still valid filter),
and with no set left the caller scans the period with the matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from huiying.core.rules import Rule, required_terms
from huiying.core.segment import Segmenter
from huiying.watch.models import IndexWord

# A piece contained in more index words than this is too common to narrow anything.
MAX_WORDS_PER_PIECE = 300
# Past this many index words in one expression, drop the widest sets.
MAX_WORDS = 3000

Piece = tuple[str, ...]  # the index words containing one piece (OR)
Alternative = tuple[Piece, ...]  # the pieces of one rule word (AND)
Clause = tuple[Alternative, ...]  # the rule words of one required set (OR)


@dataclass(frozen=True)
class Prefilter:
    """AND of clauses; `impossible` when some set can match no stored item."""

    clauses: tuple[Clause, ...]
    impossible: bool = False

    def fts5(self) -> str:
        return " AND ".join(_group(clause, " OR ", " AND ", _fts5_quote) for clause in self.clauses)

    def tsquery(self) -> str:
        return " & ".join(_group(clause, " | ", " & ", _ts_quote) for clause in self.clauses)

    def word_count(self) -> int:
        return sum(_clause_size(clause) for clause in self.clauses)


def _group(clause: Clause, or_op: str, and_op: str, quote) -> str:  # type: ignore[no-untyped-def]
    alternatives = []
    for alternative in clause:
        pieces = ["(" + or_op.join(quote(w) for w in piece) + ")" for piece in alternative]
        alternatives.append("(" + and_op.join(pieces) + ")")
    return "(" + or_op.join(alternatives) + ")"


def _fts5_quote(word: str) -> str:
    # A quoted FTS5 string is tokenised like the column, so a word that unicode61
    # splits (covid-19) becomes the phrase of its parts, as in the indexed text.
    return '"' + word.replace('"', '""') + '"'


def _ts_quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _clause_size(clause: Clause) -> int:
    return sum(len(piece) for alternative in clause for piece in alternative)


def pieces_of(word: str, segmenter: Segmenter) -> list[str]:
    """The smallest dictionary words inside a folded rule word, one character long
    only when nothing longer is there (加装电梯 → 加装, 电梯; 安全 → 安全)."""
    found = list(dict.fromkeys(segmenter.search_words(word)))
    smallest = [w for w in found if not any(o != w and o in w for o in found)]
    return [w for w in smallest if len(w) > 1] or smallest


def build_prefilter(rule: Rule, segmenter: Segmenter) -> Prefilter | None:
    """The index filter for a rule, or None when the index cannot narrow it."""
    sets = required_terms(rule)
    if not sets:
        return None
    pieces = {word: pieces_of(word, segmenter) for s in sets for word in s}
    wanted = {p for ps in pieces.values() for p in ps if len(p) > 1}
    if not IndexWord.objects.exists():
        return None  # vocabulary not built yet: every absent word would look impossible
    containing = _words_containing(wanted)
    clauses: list[Clause] = []
    for s in sets:
        clause: list[Alternative] = []
        usable = True
        for word in sorted(s):
            alternative: list[Piece] = []
            absent = False
            for piece in pieces[word]:
                words = containing.get(piece)
                if words is None:
                    continue  # too short or too common to help
                if not words:
                    absent = True  # no stored item has this piece inside an index word
                    break
                alternative.append(words)
            if absent:
                continue  # this rule word cannot be in any item: drop it from the OR
            if not alternative:
                usable = False  # this rule word could be anywhere: the set narrows nothing
                break
            clause.append(tuple(alternative))
        if not usable:
            continue
        if not clause:
            return Prefilter(clauses=(), impossible=True)
        clauses.append(tuple(clause))
    clauses.sort(key=_clause_size)
    while clauses and sum(map(_clause_size, clauses)) > MAX_WORDS:
        clauses.pop()
    return Prefilter(clauses=tuple(clauses)) if clauses else None


def _words_containing(pieces: set[str]) -> dict[str, tuple[str, ...] | None]:
    """Index words containing each piece, in one pass over the vocabulary; None for a
    piece in more than MAX_WORDS_PER_PIECE words."""
    if not pieces:
        return {}
    found: dict[str, list[str]] = {p: [] for p in pieces}
    rows = IndexWord.objects.filter(reduce(or_, (Q(word__contains=p) for p in pieces)))
    for word in rows.values_list("word", flat=True).iterator(chunk_size=5000):
        for piece in pieces:
            # SQLite's LIKE ignores ASCII case; the folded words are compared exactly.
            if piece in word:
                found[piece].append(word)
    return {
        p: (tuple(sorted(ws)) if len(ws) <= MAX_WORDS_PER_PIECE else None)
        for p, ws in found.items()
    }


def candidate_filter(prefilter: Prefilter) -> Q:
    """A filter on items: the index says the item may match."""
    if connection.vendor == "postgresql":
        sql = "SELECT i.id FROM items_item i WHERE i.search_vector @@ to_tsquery('simple', %s)"
        return Q(id__in=RawSQL(sql, [prefilter.tsquery()]))
    sql = "SELECT f.rowid FROM items_fts f WHERE items_fts MATCH %s"
    return Q(id__in=RawSQL(sql, [prefilter.fts5()]))
