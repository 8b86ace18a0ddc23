"""Lexicon and rules over word tokens: negation with a short scope, degree adverbs,
contrast (the clause after 但是 weighs more), concession, rhetorical questions,
wishes and conditionals (a positive word there describes what is missing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from huiying.core.sentiment.lexicon import Lexicon

SENTENCE_END = frozenset("。!?\n.")
CLAUSE_END = frozenset(",;、:~…")
RHETORICAL = frozenset({"难道", "岂", "怎能", "怎么能", "何尝", "难不成", "岂能"})
# "这叫便民？", "这就是五星级？": praise put as a question is a reproach.
SARCASTIC_QUESTION = frozenset({"这叫", "这就是", "这也叫", "这也算", "这算", "就这", "这就叫"})
# "所谓的海景房", “贴心”: praise in scare quotes or after 所谓 is irony.
IRONY = frozenset({"所谓", "所谓的", "号称", "美其名曰"})
OPEN_QUOTES = frozenset({"“", '"', "「", "『"})
CLOSE_QUOTES = frozenset({"”", '"', "」", "』"})
IRONY_FACTOR = -0.8
WISH = frozenset(
    {"希望", "恳请", "请求", "建议", "要求", "呼吁", "盼望", "期盼", "但愿", "能否", "可否"}
    | {"能不能", "可不可以", "何时", "什么时候", "应该", "应当", "必须"}
)
CONDITIONAL = frozenset({"如果", "要是", "假如", "若", "倘若", "假若", "万一", "如若"})
# Praise that keeps its sign inside a wish ("希望继续保持").
WISH_SAFE = frozenset({"继续保持", "再接再厉", "越来越好", "越办越好", "一如既往", "加油"})
PARTICLES = "了啦的啊呀哦吧呢哈滴哒嘛咯"
NEGATION_SCOPE = 3  # a negator reaches the word up to 3 positions after it
ASPECT_SCOPE = 4  # tokens between 价格 and 高 in 价格真的有点高
DEGREE_SCOPE = 2
CONTRAST_BEFORE = 0.5  # what is said before 但是 keeps half its weight…
CONTRAST_AFTER = 1.3  # …and what follows weighs a little more
CONCESSION = 0.6
EXCLAIM = 1.2
QUESTION_POSITIVE = 0.4
CONDITIONAL_POSITIVE = 0.3
CONDITIONAL_NEGATIVE = 0.5
EMPTY_RHETORICAL = -0.8
UNDO_NEGATIVE = 0.8  # 疲惫都没了: relief
UNDO_POSITIVE = 0.9  # 好心情都没了: loss


@dataclass
class Clause:
    hits: list[tuple[str, float]] = field(default_factory=list)
    question: bool = False
    exclaim: bool = False
    ma: bool = False
    rhetorical: bool = False
    wish: bool = False
    conditional: bool = False
    concession: bool = False
    irony: bool = False

    def values(self) -> list[float]:
        values = []
        for word, value in self.hits:
            if value > 0:
                if self.irony:
                    value *= IRONY_FACTOR
                if self.wish and word not in WISH_SAFE:
                    value = 0.0
                if self.conditional:
                    value *= CONDITIONAL_POSITIVE
                elif self.question and not self.rhetorical:
                    value *= QUESTION_POSITIVE
            elif self.conditional:
                value *= CONDITIONAL_NEGATIVE
            values.append(value)
        if self.rhetorical and (self.question or self.ma) and not self.irony:
            # 难道…吗: the clause means the opposite; an empty one is a reproach.
            values = [-v for v in values] or [EMPTY_RHETORICAL]
        scale = (CONCESSION if self.concession else 1.0) * (EXCLAIM if self.exclaim else 1.0)
        return [v * scale for v in values]


@dataclass
class Tally:
    """Contributions of one text, sentence by sentence."""

    sentences: list[list[float]] = field(default_factory=list)
    grievance: float = 0.0
    news: int = 0
    rhetorical: int = 0
    questions: int = 0
    exclaims: int = 0


PLAIN, PUNCT, SPECIAL = 0, 1, 2
# How one token reads: its number of pieces, and the pieces that matter with their offset.
Reading = tuple[int, tuple[tuple[int, str, int], ...]]
Item = tuple[int, str, int]  # position among all pieces, piece, kind


class Scanner:
    """Walks the tokens of one part. Holds only per-call state besides a memo of how
    each token reads; the lexicon is shared."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.memo: dict[str, Reading] = {}
        self.aspect_nouns = frozenset(noun for noun, _ in lexicon.aspects)
        self.aspect_adjectives = frozenset(adj for _, adj in lexicon.aspects)
        self.special = frozenset(
            self.aspect_nouns
            | self.aspect_adjectives
            | set(lexicon.polarity)
            | set(lexicon.negators)
            | set(lexicon.degrees)
            | set(lexicon.posts)
            | lexicon.undo
            | lexicon.contrasts
            | lexicon.concessions
            | lexicon.news
            | set(grammar_words())
            | {"吗"}
        )

    def read(self, token: str) -> Reading:
        """A token jieba kept whole but we do not list ("太差", "不太满意", "满意的")
        is read as its known pieces; plain words are only counted. Memoised per model."""
        known = self.memo.get(token)
        if known is None:
            if token.isspace():
                known = (0, ())
            else:
                pieces = self._split(token, depth=0)
                kinds = ((i, p, self._kind(p)) for i, p in enumerate(pieces))
                known = (len(pieces), tuple(k for k in kinds if k[2] != PLAIN))
            if len(self.memo) > 200_000:
                self.memo.clear()
            self.memo[token] = known
        return known

    def _kind(self, piece: str) -> int:
        if piece in self.special:
            return SPECIAL
        return PLAIN if any(ch.isalnum() for ch in piece) else PUNCT

    def _known(self, token: str) -> bool:
        return token in self.special or token in self.lex.neutral

    def _split(self, token: str, depth: int) -> tuple[str, ...]:
        lex = self.lex
        if len(token) < 2 or self._known(token) or depth > 2:
            return (token,)
        stripped = token.rstrip(PARTICLES)
        if stripped and stripped != token and stripped in self.special:
            return (stripped,)
        for k in (3, 2, 1):
            head, rest = token[:k], token[k:]
            if rest and (head in lex.negators or head in lex.degrees):
                tail = self._split(rest, depth + 1)
                if any(t in lex.polarity or t in self.aspect_adjectives for t in tail):
                    return (head, *tail)
        for k in (3, 2):
            head, rest = token[:k], token[k:]
            if head in self.aspect_nouns and rest:
                tail = self._split(rest, depth + 1)
                if any(t in lex.polarity or t in self.special for t in tail):
                    return (head, *tail)
        for k in (2, 1):
            body, post = token[:-k], token[-k:]
            if body in lex.polarity and (post in lex.posts or post in PARTICLES):
                return (body, post)
        return (token,)

    def items(self, tokens: list[str]) -> list[Item]:
        """The pieces that matter, with their position among all pieces: plain words
        are skipped here and only widen the gaps that negation and degree must reach over."""
        memo = self.memo
        items: list[Item] = []
        position = 0
        for token in tokens:
            known = memo.get(token) or self.read(token)
            if known[1]:
                items.extend((position + off, word, kind) for off, word, kind in known[1])
            position += known[0]
        return items

    def scan(self, tokens: list[str], tally: Tally) -> None:
        lex = self.lex
        items = self.items(tokens)
        sentence: list[float] = []
        clause = Clause()
        boost = 1.0
        negated = False
        neg_strength = 1.0
        neg_until = -1  # last position a negator reaches
        degree = 1.0
        degree_until = -1
        degree_first = False  # degree before negator: 很不满意 (strong), not 不很满意
        aspect = ""  # 价格 in 价格有点高: the adjective's sign depends on it
        aspect_until = -1

        def close_clause() -> None:
            nonlocal clause
            if clause.hits:
                sentence.extend(v * boost for v in clause.values())
            elif clause.rhetorical:
                sentence.extend(clause.values())
            clause = Clause()

        def close_sentence() -> None:
            nonlocal sentence, boost
            close_clause()
            if sentence:
                tally.sentences.append(sentence)
            sentence = []
            boost = 1.0

        for n, (pos, word, kind) in enumerate(items):
            if kind == PUNCT:
                if "?" in word:
                    clause.question = True
                    tally.questions += 1
                if "!" in word:
                    clause.exclaim = True
                    tally.exclaims += 1
                if any(ch in SENTENCE_END for ch in word):
                    close_sentence()
                elif any(ch in CLAUSE_END for ch in word):
                    close_clause()
                neg_until = degree_until = aspect_until = -1
                continue
            if pos > neg_until:
                negated, neg_strength, degree_first = False, 1.0, False
            if pos > degree_until:
                degree = 1.0
            if word in lex.news:
                tally.news += 1
            if word in lex.contrasts:
                if not sentence and not clause.hits and tally.sentences:
                    tally.sentences[-1] = [v * CONTRAST_BEFORE for v in tally.sentences[-1]]
                sentence = [v * CONTRAST_BEFORE for v in sentence]
                clause.hits = [(w, v * CONTRAST_BEFORE) for w, v in clause.hits]
                boost = CONTRAST_AFTER
                neg_until = degree_until = aspect_until = -1
                continue
            if word in lex.concessions:
                clause.concession = True
                continue
            if word in RHETORICAL:
                clause.rhetorical = True
                tally.rhetorical += 1
            elif word in WISH:
                clause.wish = True
            elif word in CONDITIONAL:
                clause.conditional = True
            elif word == "吗":
                clause.ma = True
            elif word in SARCASTIC_QUESTION:
                clause.rhetorical = True
            elif word in IRONY:
                clause.irony = True
            weight = lex.polarity.get(word)
            if pos <= aspect_until and (aspect, word) in lex.aspects:
                weight = lex.aspects[(aspect, word)]
                aspect_until = -1
            elif word in self.aspect_nouns:
                aspect, aspect_until = word, pos + ASPECT_SCOPE
            if word in lex.degrees and (weight is None or self._next_is_sentiment(items, n)):
                degree = min(degree * lex.degrees[word], 2.5)
                degree_until = pos + DEGREE_SCOPE
                degree_first = degree_first or not negated
                # A degree word between a negator and its word does not use up its reach.
                neg_until += 1 if negated else 0
                continue
            if weight is None and word in lex.negators:
                negated = not negated
                neg_strength = min(neg_strength, lex.negators[word]) if negated else 1.0
                neg_until = pos + NEGATION_SCOPE
                if not negated:
                    degree_first = False
                continue
            if weight is None and word in lex.undo and clause.hits:
                w, v = clause.hits[-1]
                clause.hits[-1] = (w, -v * (UNDO_NEGATIVE if v < 0 else UNDO_POSITIVE))
                continue
            if weight is None and word in lex.posts and clause.hits:
                w, v = clause.hits[-1]
                clause.hits[-1] = (w, v * lex.posts[word])
                continue
            if weight is None:
                continue
            value = weight
            if value > 0 and _quoted(items, n):
                value *= IRONY_FACTOR
            if negated:
                strong = neg_strength >= 1.0
                if value > 0:
                    value = -value * (0.9 if strong else 0.6)
                else:
                    value = -value * (0.5 if strong else 0.3)
                if degree_first:
                    value *= degree
            else:
                value *= degree
            if value < 0 and word in lex.grievance:
                tally.grievance += -value
            clause.hits.append((word, value))
            negated, neg_strength, neg_until, degree_first = False, 1.0, -1, False
            degree, degree_until = 1.0, -1
        close_sentence()

    def _next_is_sentiment(self, items: list[Item], n: int) -> bool:
        """Is the next word (past other degree words or negators) a sentiment word?"""
        lex = self.lex
        expected = items[n][0] + 1
        for pos, nxt, _ in items[n + 1 : n + 3]:
            if pos != expected:
                return False
            if nxt in lex.polarity:
                return True
            if not (nxt in lex.degrees or nxt in lex.negators):
                return False
            expected += 1
        return False


def _quoted(items: list[Item], n: int) -> bool:
    """Is the word at items[n] wrapped in quotation marks right before and after it?"""
    if not 0 < n < len(items) - 1:
        return False
    (before, opening, _), (pos, _, _), (after, closing, _) = items[n - 1 : n + 2]
    return (
        before == pos - 1
        and after == pos + 1
        and opening in OPEN_QUOTES
        and closing in CLOSE_QUOTES
    )


def grammar_words() -> list[str]:
    """Words the rules look for, to be kept whole by the segmenter."""
    return sorted(RHETORICAL | SARCASTIC_QUESTION | IRONY | WISH | CONDITIONAL | WISH_SAFE)
