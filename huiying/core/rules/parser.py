"""Recursive-descent parser for watch rules.

Binding, tightest first (docs/watch-rules.md explains each with examples):
  、 (a list of alternatives)  >  field prefix  >  NEAR/n  >  NOT / -  >  AND / & / space  >  OR / |
"""

from __future__ import annotations

from huiying.core.rules.lexer import RuleSyntaxError, Token, tokenize
from huiying.core.rules.nodes import (
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Rule,
    Term,
    first_unanchored,
    is_anchored,
)
from huiying.core.text import fold

_STARTS_OPERAND = frozenset({"word", "phrase", "lparen", "not", "field"})
_OPERATORS = frozenset({"and", "or", "not", "near", "list", "field"})
_BINARY = frozenset({"and", "or", "near", "list"})


def parse_rule(query: str) -> Rule:
    """Parse a watch-rule query; raise RuleSyntaxError (with a position in `query`)."""
    tokens = tokenize(query)
    if not tokens:
        raise RuleSyntaxError("规则是空的：请至少写一个关键词。", 0, query)
    parser = _Parser(query, tokens)
    root = parser.or_expr("any")
    extra = parser.peek()
    if extra is not None:  # only an unmatched ")" can stop the top level early
        raise RuleSyntaxError(
            f"第 {extra.start + 1} 个字符处多了一个右括号“{extra.raw}”。", extra.start, query
        )
    if not is_anchored(root):
        raise RuleSyntaxError(
            "不能只有排除词：请至少写一个要包含的词。", first_unanchored(root).start, query
        )
    return Rule(root=root, source_text=query)


class _Parser:
    def __init__(self, query: str, tokens: list[Token]) -> None:
        self.query = query
        self.tokens = tokens
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def error(self, message: str, position: int) -> RuleSyntaxError:
        return RuleSyntaxError(message, position, self.query)

    def or_expr(self, field: Field) -> Node:
        children = [self.and_expr(field)]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            children.append(self.and_expr(field))
        return _flat(Or, children)

    def and_expr(self, field: Field) -> Node:
        children = [self.unary(field)]
        while (token := self.peek()) is not None:
            if token.kind == "and":
                self.take()
            elif token.kind not in _STARTS_OPERAND:
                break
            children.append(self.unary(field))
        return _flat(And, children)

    def unary(self, field: Field) -> Node:
        token = self.peek()
        if token is not None and token.kind == "not":
            self.take()
            child = self.unary(field)
            # `- -A` is just A; keeping the double NOT would hide A from the analyses.
            return child.child if isinstance(child, Not) else Not(child, start=token.start)
        return self.near(field)

    def near(self, field: Field) -> Node:
        first = self.fielded(field)
        operands = [first]
        operators: list[Token] = []
        while (token := self.peek()) is not None and token.kind == "near":
            operators.append(self.take())
            operands.append(self.fielded(field))
        if not operators:
            return first
        for operator in operators[1:]:
            if operator.distance != operators[0].distance:
                raise self.error(
                    "同一串 NEAR 的距离必须相同，例如 A NEAR/10 B NEAR/10 C。", operator.start
                )
        checked: list[Term | Or] = []
        fields: set[Field] = set()
        for operand in operands:
            terms = _near_operand_terms(operand)
            if terms is None:
                raise self.error(
                    "NEAR 两边只能是关键词、短语，或用“、”“|”连接的一组词。", operand.start
                )
            fields.update(term.field for term in terms)
            assert isinstance(operand, Term | Or)
            checked.append(operand)
        if len(fields) > 1:
            raise self.error(
                "NEAR 两边必须是同一字段，例如 title:(A NEAR/5 B)。", operators[0].start
            )
        return Near(tuple(checked), operators[0].distance, fields.pop(), start=first.start)

    def fielded(self, field: Field) -> Node:
        token = self.peek()
        if token is None or token.kind != "field":
            return self.alternatives(field)
        self.take()
        if field != "any" and token.field != field:
            raise self.error("字段前缀里不能再写另一个字段。", token.start)
        following = self.peek()
        if following is not None and following.kind == "not":
            raise self.error(
                f"排除词要把减号写在字段前面，例如 -{token.raw}广告。", following.start
            )
        return self.alternatives(token.field)

    def alternatives(self, field: Field) -> Node:
        children = [self.primary(field)]
        while (token := self.peek()) is not None and token.kind == "list":
            self.take()
            following = self.peek()
            if following is not None and following.kind == "field":
                raise self.error(
                    "字段前缀要写在整组词前面，例如 title:食品、药品。", following.start
                )
            children.append(self.primary(field))
        return _flat(Or, children)

    def primary(self, field: Field) -> Node:
        token = self.peek()
        if token is not None and token.kind in ("word", "phrase"):
            self.take()
            return self.term(token, field)
        if token is not None and token.kind == "lparen":
            self.take()
            inner = self.peek()
            if inner is None or inner.kind == "rparen":
                raise self.error("括号里没有关键词。", token.start)
            node = self.or_expr(field)
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                at = len(self.query) if closing is None else closing.start
                raise self.error(f"第 {at + 1} 个字符处缺少右括号“）”。", at)
            self.take()
            return node
        raise self.missing_operand(token)

    def term(self, token: Token, field: Field) -> Term:
        text = fold(token.raw)
        if not text:
            if token.kind == "phrase":
                raise self.error("引号里没有内容。", token.start)
            raise self.error("这个词只有看不见的字符，请删掉它。", token.start)
        return Term(text, field, phrase=token.kind == "phrase", start=token.start)

    def missing_operand(self, token: Token | None) -> RuleSyntaxError:
        previous = self.tokens[self.index - 1] if self.index > 0 else None
        if previous is not None and previous.kind in _OPERATORS:
            return self.error(_after(previous), previous.start)
        if token is not None and token.kind in _BINARY:
            return self.error(_before(token), token.start)
        if token is not None and token.kind == "rparen":
            return self.error(
                f"第 {token.start + 1} 个字符处多了一个右括号“{token.raw}”。", token.start
            )
        # Only reachable right after "(" with nothing usable inside.
        at = previous.start if previous is not None else 0
        return self.error("括号里没有关键词。", at)


def _after(operator: Token) -> str:
    if operator.kind == "list":
        return "顿号“、”后面缺少关键词。"
    if operator.kind == "field":
        return f"字段 {operator.raw} 后面缺少关键词。"
    return f"运算符 {operator.raw} 后面缺少关键词。"


def _before(operator: Token) -> str:
    if operator.kind == "list":
        return "顿号“、”前面缺少关键词。"
    return f"运算符 {operator.raw} 前面缺少关键词。"


def _near_operand_terms(node: Node) -> tuple[Term, ...] | None:
    if isinstance(node, Term):
        return (node,)
    if isinstance(node, Or) and all(isinstance(child, Term) for child in node.children):
        return tuple(child for child in node.children if isinstance(child, Term))
    return None


def _flat(kind: type[And] | type[Or], children: list[Node]) -> Node:
    if len(children) == 1:
        return children[0]
    flat: list[Node] = []
    for child in children:
        if isinstance(child, kind):
            flat.extend(child.children)
        else:
            flat.append(child)
    return kind(tuple(flat), start=children[0].start)
