"""What an item is about, as terms: content words, places, and problem concepts.

- Content words are the segmenter's words minus stop words and bare numbers. Title
  words count `title_weight` times: a complaint's subject line names its matter.
- Places (anchors) are the office's own dictionary words, and words that end like a
  place or an organisation (…小区, …路, …村, …中学, …公司; `data/suffixes.txt`). Jieba
  often cuts a name into pieces (锦华|苑|小区, 云岭|区金|桂园|小区), so a name is read
  right to left from its ending over the preceding pieces, stopping at punctuation,
  numbers, stop words, one-character verbs and prepositions (`data/boundary.txt`), and
  at an area name (区, 县, 镇…) — which is its own, coarser place. A single dictionary
  word that is a common noun (停车场, 化工厂, 地铁站) is not a name and is no anchor.
  A place's key drops generic endings (金桂园小区 → 金桂园, 机电厂宿舍 → 机电厂).
- Problem concepts (`data/problems.txt`) map the many ways of naming one problem to one
  term (积水, 内涝, 看海, 逢雨必淹 → 积水), so differently worded reports of a matter meet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import rjieba

from huiying.core.events.lexicon import EventLexicon, Level, load_lexicon
from huiying.core.segment import Segmenter
from huiying.core.text import fold

CONCEPT_MARK = "§"  # concept terms are "§积水": never equal to a word
PLACE_MARK = "@"  # place terms are "@金桂园"
_MAX_PREFIX_CHARS = 6
_MAX_PREFIX_PIECES = 3
_CACHE_SIZE = 1 << 18
# Part-of-speech tags (jieba's dictionary) of single words that are names, not nouns.
_NAME_TAGS = frozenset({"ns", "nz", "nt", "nr", "nrt", "nrfg", "j", "x", "eng"})
_LEAD_TAGS = frozenset({"vn", "eng", "l", "i"})
_AREAS = frozenset({"city", "district"})


@dataclass(frozen=True, slots=True)
class Terms:
    """An item's terms. `counts` maps word, "@place" and "§concept" terms to weighted
    occurrence counts; `places` maps place keys to their level."""

    counts: dict[str, float]
    places: dict[str, Level] = field(default_factory=dict)
    problems: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _tagger() -> rjieba.Jieba:
    return rjieba.Jieba()


@lru_cache(maxsize=65536)
def _tag(word: str) -> str:
    """Jieba's part-of-speech tag of a single word ("" when jieba would cut it)."""
    tagged = _tagger().tag(word, True)
    return str(tagged[0][1]) if len(tagged) == 1 else ""


def _is_name_word(word: str) -> bool:
    """A proper name (滨江路, 临江市) rather than a common noun (停车场, 化工厂)."""
    return _tag(word) in _NAME_TAGS


def _can_lead_name(word: str) -> bool:
    """Nouns, names, adjectives and numerals start place names (锦华|苑, 第三|中学);
    verbs, adverbs, prepositions and direction words do not (增设|基站, 旁边|小区)."""
    tag = _tag(word)
    if tag == "m":  # 第三|中学 and A3|区 name a place; 整条|路 and 一家|医院 do not
        return word.startswith("第") or word.isascii()
    return not tag or tag[0] in "nasjxb" or tag in _LEAD_TAGS


def _is_word(piece: str) -> bool:
    return piece.isalnum() or any(ch.isalnum() for ch in piece)


@lru_cache(maxsize=_CACHE_SIZE)
def _is_term(piece: str) -> bool:
    """A word worth counting: letters or digits, not a bare number, not one Latin letter."""
    return _is_word(piece) and not piece.isdigit() and (len(piece) > 1 or not piece.isascii())


class TermExtractor:
    """Turns folded title and text into `Terms`. `places` are names the office knows
    (by default the segmenter's user dictionary): always anchors."""

    def __init__(
        self,
        segmenter: Segmenter,
        places: Iterable[str] | None = None,
        *,
        lexicon: EventLexicon | None = None,
        title_weight: float = 2.0,
        place_weight: float = 0.3,
        name_word_weight: float = 0.3,
    ) -> None:
        self.segmenter = segmenter
        self.lexicon = lexicon or load_lexicon()
        self.title_weight = title_weight
        self.place_weight = place_weight
        self.name_word_weight = name_word_weight
        known = segmenter.user_words if places is None else [fold(p) for p in places]
        self._names: dict[tuple[str, ...], tuple[str, Level] | None] = {}
        # First pieces of concept words this segmenter cuts in two (没|水): only after
        # them is the next piece worth joining.
        self._pair_heads = frozenset(
            cut[0] for word in self.lexicon.concepts if len(cut := segmenter.words(word)) == 2
        )
        self.known_places: dict[str, Level] = {p: self._level(p) or "site" for p in known if p}

    def extract(self, title: str, text: str) -> Terms:
        """Terms of an item from its FOLDED title and text."""
        counts: dict[str, float] = {}
        places: dict[str, Level] = {}
        problems: set[str] = set()
        if title:
            self._read(self.segmenter.cut(title), self.title_weight, counts, places, problems)
        self._read(self.segmenter.cut(text), 1.0, counts, places, problems)
        if len(places) > 1:
            # One mention read twice (桂园 inside 桂园社区): keep the longer name.
            for key in sorted(places, key=len):
                if any(
                    key in other and key != other and places[other] == places[key]
                    for other in places
                ):
                    del places[key]
        for key in places:
            counts[PLACE_MARK + key] = counts.get(PLACE_MARK + key, 0.0) + self.place_weight
        if places and self.name_word_weight != 1.0:
            # Words of a detected name (锦华, 苑 of 锦华苑): the place is compared on its
            # own (cluster.py); counting it again in the words would make every matter
            # at one place look alike.
            parts = {
                n[i:j] for n in places for i in range(len(n)) for j in range(i + 1, len(n) + 1)
            }
            for term in parts.intersection(counts):
                counts[term] *= self.name_word_weight
        return Terms(counts, places, frozenset(problems))

    def places_in(self, folded: str) -> dict[str, Level]:
        """Place keys named in a folded text, with their levels."""
        places: dict[str, Level] = {}
        self._read(self.segmenter.cut(folded), 0.0, {}, places, set())
        return places

    # -- reading ---------------------------------------------------------------------

    def _read(
        self,
        pieces: list[str],
        weight: float,
        counts: dict[str, float],
        places: dict[str, Level],
        problems: set[str],
    ) -> None:
        # Set operations on distinct pieces where possible: this runs for every item.
        lex = self.lexicon
        found = Counter(pieces)
        distinct = found.keys()
        words = {p: n * weight for p, n in found.items() if p not in lex.stopwords and _is_term(p)}
        if counts:
            for piece, count in words.items():
                counts[piece] = counts.get(piece, 0.0) + count
        else:
            counts.update(words)
        for piece in distinct & lex.concepts.keys():
            self._concept(lex.concepts[piece], found[piece] * weight, counts, problems)
        heads = distinct & self._pair_heads
        if heads:
            for i in [i for i, piece in enumerate(pieces[:-1]) if piece in heads]:
                concept = lex.concepts.get(pieces[i] + pieces[i + 1])  # 没|水, 电梯|坏
                if concept is not None:
                    self._concept(concept, weight, counts, problems)
        for piece in distinct & self.known_places.keys():
            places[self._key(piece)] = self.known_places[piece]
        last_chars = lex.ending_chars
        ends = {p for p in distinct if p[-1:] in last_chars and p.isalnum()}
        ends -= self.known_places.keys()
        if ends:
            cache = self._names
            if len(cache) > _CACHE_SIZE:
                cache.clear()
            for i in [i for i, piece in enumerate(pieces) if piece in ends]:
                # A name depends on its ending and the few pieces before it only.
                window = tuple(pieces[max(0, i - _MAX_PREFIX_PIECES) : i + 1])
                if window in cache:
                    place = cache[window]
                else:
                    place = cache[window] = self._place(pieces, i)
                if place is not None:
                    places[place[0]] = place[1]

    def _place(self, pieces: list[str], i: int) -> tuple[str, Level] | None:
        name = self._name(pieces, i)
        if name is None or self._is_excepted(name):
            return None
        level = self._level(name) or self._level(pieces[i])
        return None if level is None else (self._key(name), level)

    @staticmethod
    def _concept(concept: str, weight: float, counts: dict[str, float], problems: set[str]) -> None:
        problems.add(concept)
        term = CONCEPT_MARK + concept
        counts[term] = counts.get(term, 0.0) + weight

    def _level(self, word: str) -> Level | None:
        endings = self.lexicon.endings
        for n in range(min(len(word), self.lexicon.longest_ending), 0, -1):
            level = endings.get(word[-n:])
            if level is not None:
                return level
        return None

    def _name(self, pieces: list[str], i: int) -> str | None:
        """The place name ending with pieces[i], or None when it is no name."""
        lex = self.lexicon
        piece = pieces[i]
        level = self._level(piece)
        if len(piece) - len(self._ending(piece)) > 1:
            # A whole word with its own modifier (消防通道, 建筑公司): a name only with a
            # proper name before it (鑫源|建筑公司), or when it is one itself (中山路).
            before = pieces[i - 1] if i else ""
            if before.isalnum() and self._level(before) is None and _is_name_word(before):
                return before + piece
            return piece if _is_name_word(piece) else None
        prefix = ""
        taken = 0
        j = i - 1
        while j >= 0 and taken < _MAX_PREFIX_PIECES:
            before = pieces[j]
            if not before.isalnum() or before.isdigit() or before in lex.stopwords:
                break
            if len(before) == 1 and before in lex.boundary:
                break
            if not _can_lead_name(before):
                break
            if before in lex.concepts:
                break
            if before in lex.endings:
                break  # a bare ending (小区|道路) names nothing
            outer = self._level(before)
            if outer is not None and outer != "site" and (outer != level or level in _AREAS):
                break  # a district or town before a site: its own, coarser place
            cut = self._area_inside(before)
            if cut:
                before = before[cut:]
            if len(prefix) + len(before) > _MAX_PREFIX_CHARS:
                break
            prefix = before + prefix
            taken += 1
            if cut:
                break
            j -= 1
        if prefix:
            return prefix + piece
        if len(piece) == len(self._ending(piece)):
            return None  # the bare ending (小区, 路): no name
        return piece if _is_name_word(piece) else None

    def _ending(self, word: str) -> str:
        endings = self.lexicon.endings
        for n in range(min(len(word), self.lexicon.longest_ending), 0, -1):
            if word[-n:] in endings:
                return word[-n:]
        return ""

    def _area_inside(self, piece: str) -> int:
        """Where a piece glued across an area name starts its second part (区金 → 1)."""
        for k in range(len(piece) - 1, 0, -1):
            if self.lexicon.endings.get(piece[k - 1]) in ("city", "district"):
                return k
        return 0

    def _is_excepted(self, name: str) -> bool:
        not_places = self.lexicon.not_places
        return any(name[-n:] in not_places for n in range(2, min(len(name), 4) + 1))

    def _key(self, name: str) -> str:
        for generic in self.lexicon.strip:
            if name.endswith(generic) and len(name) - len(generic) >= 2:
                return name[: -len(generic)]
        return name
