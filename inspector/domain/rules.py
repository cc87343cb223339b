"""A tiny, safe expression language for numeric checklist items.

A numeric item (e.g. the dossier sample) records counts; its ``pass_if`` rule
decides Đạt / Không đạt from them, e.g. ``late_without_apology == 0`` or
``on_time >= checked * 0.9``. Only arithmetic, comparisons, ``and``/``or``/
``not``, numbers and the item's own field names are allowed; nothing else
of Python is reachable.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Mapping
from dataclasses import dataclass

_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}

_ALLOWED = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub,
    ast.Compare, ast.BinOp, ast.Load, *_COMPARE, *_BINARY,
)

MAX_RULE_LENGTH = 500


class RuleError(ValueError):
    """The rule text is not a valid rule (message in Vietnamese)."""


@dataclass(frozen=True)
class Rule:
    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, float | int]) -> bool | None:
        """True/False, or None when it cannot be decided (a value missing, a division by zero)."""
        if any(values.get(name) is None for name in self.names):
            return None
        try:
            return bool(_eval(self.tree.body, values))
        except ZeroDivisionError:
            return None


def compile_rule(text: str, allowed_names: set[str] | frozenset[str]) -> Rule:
    if len(text) > MAX_RULE_LENGTH:
        raise RuleError(f"quy tắc dài quá {MAX_RULE_LENGTH} ký tự")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"quy tắc viết sai cú pháp (vị trí {exc.offset}): {text!r}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in allowed_names:
                known = ", ".join(sorted(allowed_names)) or "(không có)"
                raise RuleError(f"quy tắc dùng tên '{node.id}' không phải trường số liệu của câu hỏi; các trường: {known}")
            names.add(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise RuleError(f"quy tắc chỉ được dùng số, không dùng {node.value!r}")
        elif not isinstance(node, _ALLOWED):
            shown = ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
            raise RuleError(f"quy tắc có phần không được phép: {shown}")
    return Rule(text=text.strip(), tree=tree, names=frozenset(names))


def _eval(node: ast.AST, values: Mapping[str, float | int]) -> float | int | bool:
    match node:
        case ast.Constant(value=value):
            return value
        case ast.Name(id=name):
            return values[name]
        case ast.BoolOp(op=ast.And(), values=parts):
            return all(_eval(p, values) for p in parts)
        case ast.BoolOp(op=ast.Or(), values=parts):
            return any(_eval(p, values) for p in parts)
        case ast.UnaryOp(op=ast.Not(), operand=operand):
            return not _eval(operand, values)
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            return -_eval(operand, values)
        case ast.BinOp(left=left, op=op, right=right):
            return _BINARY[type(op)](_eval(left, values), _eval(right, values))
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            current = _eval(left, values)
            for op, comparator in zip(ops, comparators, strict=True):
                nxt = _eval(comparator, values)
                if not _COMPARE[type(op)](current, nxt):
                    return False
                current = nxt
            return True
    raise RuleError(f"không tính được: {type(node).__name__}")  # unreachable after compile_rule
