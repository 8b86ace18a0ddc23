"""The watch-rule language (监测专题规则): parse a query, match it against items.

    rule = CompiledRule("(食品 | 药品) & 安全 & 学校 -广告")
    rule.matches(Document(title="…", text="…", source="…"))

The syntax is documented for users in docs/watch-rules.md.
"""

from huiying.core.rules.lexer import RuleSyntaxError
from huiying.core.rules.matcher import CompiledRule, Document, FoldedDocument, Hit, compile_rule
from huiying.core.rules.nodes import (
    And,
    Near,
    Node,
    Not,
    Or,
    Rule,
    Term,
    highlight_terms,
    render,
    required_terms,
)
from huiying.core.rules.parser import parse_rule

__all__ = [
    "And",
    "CompiledRule",
    "Document",
    "FoldedDocument",
    "Hit",
    "Near",
    "Node",
    "Not",
    "Or",
    "Rule",
    "RuleSyntaxError",
    "Term",
    "compile_rule",
    "highlight_terms",
    "parse_rule",
    "render",
    "required_terms",
]
