"""A tiny, safe expression language for numeric checklist items.

A numeric item (e.g. the dossier sample) records counts; its ``pass_if`` rule
decides Đạt / Không đạt from them, e.g. ``late_without_apology == 0`` or
``on_time >= checked * 0.9``. Only arithmetic, comparisons, ``and``/``or``/
``not``, numbers and the item's own field names are allowed; nothing else
of Python is reachable.

A rule comes from a form file, which may be hostile: its numbers are bounded
(``MAX_CONSTANT``, finite), its nesting too (``MAX_DEPTH``), and evaluating it
never raises: a value too large to decide on (``a*a*a*…``, an overflow) makes
the rule undecidable (None), like a division by zero.
"""

from __future__ import annotations

import ast
import math
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
MAX_CONSTANT = 10**9  # a number written in a rule (a count, a share): |n| at most this
MAX_DEPTH = 50  # operations inside one another (a + b + … counts one a term)
MAX_MAGNITUDE = 10**18  # an intermediate result beyond this cannot be meant: the rule is undecidable


class _Undecidable(ArithmeticError):
    pass


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
        except (ArithmeticError, RecursionError, TypeError, ValueError, KeyError):
            return None  # ZeroDivisionError, OverflowError, _Undecidable; the others cannot happen after compile_rule


def compile_rule(text: str, allowed_names: set[str] | frozenset[str]) -> Rule:
    if len(text) > MAX_RULE_LENGTH:
        raise RuleError(f"quy tắc dài quá {MAX_RULE_LENGTH} ký tự")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"quy tắc viết sai cú pháp (vị trí {exc.offset}): {text!r}") from None
    except (ValueError, MemoryError, RecursionError):  # a NUL character; nesting the parser gives up on
        raise RuleError(f"quy tắc viết sai cú pháp: {text!r}") from None
    depth = _depth(tree)
    if depth > MAX_DEPTH:
        raise RuleError(f"quy tắc lồng nhau quá {MAX_DEPTH} tầng")
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in allowed_names:
                known = ", ".join(sorted(allowed_names)) or "(không có)"
                raise RuleError(f"quy tắc dùng tên '{node.id}' không phải trường số liệu của câu hỏi; các trường: {known}")
            names.add(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise RuleError(f"quy tắc chỉ được dùng số, không dùng {str(node.value)[:40]!r}")
            if isinstance(node.value, float) and not math.isfinite(node.value) or abs(node.value) > MAX_CONSTANT:
                shown = f"số {node.value}" if abs(node.value) < 10**20 else "một số quá lớn"
                raise RuleError(f"quy tắc dùng {shown}; chỉ dùng số từ {-MAX_CONSTANT} đến {MAX_CONSTANT}")
        elif not isinstance(node, _ALLOWED):
            shown = ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
            raise RuleError(f"quy tắc có phần không được phép: {shown}")
    return Rule(text=text.strip(), tree=tree, names=frozenset(names))


def _depth(tree: ast.AST) -> int:
    """How deep the tree goes (without recursion: the tree may be the deepest thing in the file)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH + 1:
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _bounded(value: float | int | bool) -> float | int | bool:
    if isinstance(value, float) and not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise _Undecidable
    return value


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
            return _bounded(_BINARY[type(op)](_bounded(_eval(left, values)), _bounded(_eval(right, values))))
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            current = _eval(left, values)
            for op, comparator in zip(ops, comparators, strict=True):
                nxt = _eval(comparator, values)
                if not _COMPARE[type(op)](current, nxt):
                    return False
                current = nxt
            return True
    raise RuleError(f"không tính được: {type(node).__name__}")  # unreachable after compile_rule
