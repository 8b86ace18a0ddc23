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
NEGATION_SCOPE = 3  # tokens a negator reaches
DEGREE_SCOPE = 2
CONTRAST_BEFORE = 0.5  # what is said before 但是 keeps half its weight…
CONTRAST_AFTER = 1.3  # …and what follows weighs a little more
CONCESSION = 0.6
EXCLAIM = 1.2
QUESTION_POSITIVE = 0.4
CONDITIONAL_POSITIVE = 0.3
CONDITIONAL_NEGATIVE = 0.5
EMPTY_RHETORICAL = -0.8


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
        if self.rhetorical and (self.question or self.ma):
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


class Scanner:
    """Walks the tokens of one part. Holds only per-call state; the lexicon is shared."""

    def __init__(self, lexicon: Lexicon, analyse: dict[str, tuple[str, ...]]) -> None:
        self.lex = lexicon
        self.memo = analyse

    def expand(self, token: str) -> tuple[str, ...]:
        """A token jieba kept whole but we do not list ("太差", "不太满意", "满意的")
        is read as its known pieces; memoised per model."""
        known = self.memo.get(token)
        if known is None:
            known = self._split(token, depth=0)
            if len(self.memo) > 200_000:
                self.memo.clear()
            self.memo[token] = known
        return known

    def _known(self, token: str) -> bool:
        lex = self.lex
        return (
            token in lex.polarity
            or token in lex.negators
            or token in lex.degrees
            or token in lex.posts
            or token in lex.neutral
        )

    def _split(self, token: str, depth: int) -> tuple[str, ...]:
        lex = self.lex
        if len(token) < 2 or self._known(token) or depth > 2:
            return (token,)
        stripped = token.rstrip(PARTICLES)
        if stripped and stripped != token and stripped in lex.polarity:
            return (stripped,)
        for k in (3, 2, 1):
            head, rest = token[:k], token[k:]
            if rest and (head in lex.negators or head in lex.degrees):
                tail = self._split(rest, depth + 1)
                if any(t in lex.polarity for t in tail):
                    return (head, *tail)
        for k in (2, 1):
            body, post = token[:-k], token[-k:]
            if body in lex.polarity and (post in lex.posts or post in PARTICLES):
                return (body, post)
        return (token,)

    def scan(self, tokens: list[str], tally: Tally) -> None:
        lex = self.lex
        words = [p for t in tokens if not t.isspace() for p in self.expand(t)]
        sentence: list[float] = []
        clause = Clause()
        boost = 1.0
        negated = False
        neg_strength = 1.0
        neg_ttl = 0
        degree = 1.0
        degree_ttl = 0
        degree_first = False  # degree before negator: 很不满意 (strong), not 不很满意

        def close_clause() -> None:
            nonlocal clause
            sentence.extend(v * boost for v in clause.values())
            clause = Clause()

        def close_sentence() -> None:
            nonlocal sentence, boost
            close_clause()
            if sentence:
                tally.sentences.append(sentence)
            sentence = []
            boost = 1.0

        for i, word in enumerate(words):
            if not any(ch.isalnum() for ch in word):
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
                negated, neg_ttl, degree, degree_ttl = False, 0, 1.0, 0
                continue
            if word in lex.news:
                tally.news += 1
            if word in lex.contrasts:
                if not sentence and not clause.hits and tally.sentences:
                    tally.sentences[-1] = [v * CONTRAST_BEFORE for v in tally.sentences[-1]]
                sentence = [v * CONTRAST_BEFORE for v in sentence]
                clause.hits = [(w, v * CONTRAST_BEFORE) for w, v in clause.hits]
                boost = CONTRAST_AFTER
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
            if word in lex.degrees and (weight is None or self._next_is_sentiment(words, i)):
                degree = min(degree * lex.degrees[word], 2.5)
                degree_ttl = DEGREE_SCOPE
                degree_first = degree_first or not negated
                continue
            if weight is None and word in lex.negators:
                negated = not negated
                neg_strength = min(neg_strength, lex.negators[word]) if negated else 1.0
                neg_ttl = NEGATION_SCOPE
                if not negated:
                    degree_first = False
                continue
            if weight is None and word in lex.posts and clause.hits:
                w, v = clause.hits[-1]
                clause.hits[-1] = (w, v * lex.posts[word])
                continue
            if weight is None:
                neg_ttl -= 1
                degree_ttl -= 1
                if neg_ttl <= 0:
                    negated, neg_strength, degree_first = False, 1.0, False
                if degree_ttl <= 0:
                    degree = 1.0
                continue
            value = weight
            if value > 0 and _quoted(words, i):
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
            negated, neg_strength, neg_ttl, degree_first = False, 1.0, 0, False
            degree, degree_ttl = 1.0, 0
        close_sentence()

    def _next_is_sentiment(self, words: list[str], i: int) -> bool:
        lex = self.lex
        for nxt in words[i + 1 : i + 3]:
            if nxt in lex.polarity:
                return True
            if not (nxt in lex.degrees or nxt in lex.negators):
                return False
        return False


def _quoted(words: list[str], i: int) -> bool:
    return 0 < i < len(words) - 1 and words[i - 1] in OPEN_QUOTES and words[i + 1] in CLOSE_QUOTES


def grammar_words() -> list[str]:
    """Words the rules look for, to be kept whole by the segmenter."""
    return sorted(RHETORICAL | SARCASTIC_QUESTION | IRONY | WISH | CONDITIONAL | WISH_SAFE)
