"""The condition language of policy packs: text to tree and back. Parsed, never executed.

Grammar (lowest precedence first)::

    expr   := and ("or" and)*
    and    := not ("and" not)*
    not    := "not" not | cmp
    cmp    := sum (("<" | "<=" | ">" | ">=" | "==" | "!=" | "in" | "not in") sum)?
    sum    := term (("+" | "-") term)*
    term   := unary ("*" unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | STRING | "true" | "false" | "[" items "]" | "(" expr ")"
            | "p." NAME | NAME "(" items ")" | NAME

``NAME`` is a fact; ``p.NAME`` is a parameter (names may contain dots). Functions:
``years_since(date)``, ``is_known(x)``, ``rank("grade id")`` (ladder rank 1–8), ``all_of(...)``,
``any_of(...)``, ``min(...)``,
``max(...)``, ``date("YYYY-MM-DD")``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from ..exceptions import ExpressionError
from ..facts.value import Value
from ..ladder import grade
from ..models.dates import MAX_DATE, MIN_DATE
from ..models.limits import MAX_CONDITION_CHARS, MAX_CONDITION_DEPTH
from .expr import ARITY, COMPARISONS, Expr, Fact, Lit, Op, Param

_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|(?P<str>\"(?:[^\"\\\n]|\\[\"\\n])*\")|"
    r"(?P<name>[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)|"
    r"(?P<op>>=|<=|==|!=|[<>+\-*(),\[\]]))",
    re.ASCII,
)
"""The tokens: numbers, names and blanks are ASCII only (``re``'s ``\\d`` and ``str.isdigit`` take
any Unicode digit, ``٣٦`` and ``３６`` included; those are refused as unexpected characters)."""
_BLANK = " \t\n\r\f\v"
"""What ``\\s`` matches under ``re.ASCII``: the blanks a condition may hold between tokens."""
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_CALLS = {"years_since", "is_known", "rank", "all_of", "any_of", "min", "max", "date"}
MAX_LENGTH = MAX_CONDITION_CHARS
MAX_DEPTH = MAX_CONDITION_DEPTH
MAX_INTEGER = 2**63
"""Integer literals stay within TOML's 64-bit range (so results stay printable); decimals are finite.
A policy pack's literals are held to ``MAX_NUMBER`` besides (:func:`~skilleco.rules.check.number_problem`)."""


def parse(text: str) -> Expr:
    """Parse a condition into a tree.

    Only the grammar above is accepted: there is no attribute access, no indexing and no call of
    anything but the listed functions, and nothing is ever passed to ``eval``.

    Raises:
        ExpressionError: with the position and what was expected; reason ``too_large`` for a
            condition longer than :data:`MAX_LENGTH` characters or deeper than :data:`MAX_DEPTH`.
    """
    if not isinstance(text, str):
        raise ExpressionError(repr(text), None, "expected the condition as text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            text[:80] + "...", None, f"longer than {MAX_LENGTH} characters", reason="too_large"
        )
    node = _Parser(text).run()
    if _depth(node) > MAX_DEPTH:
        # Long left-leaning chains (a + a + a ...) nest without parentheses; every evaluator recurses.
        raise ExpressionError(text, None, f"nested deeper than {MAX_DEPTH}", reason="too_large")
    return node


def _depth(node: Expr) -> int:
    """The number of levels of the tree, counted without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        n, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(n, Op):
            stack.extend((a, level + 1) for a in n.args)
    return deepest


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip(_BLANK) == "":
                break
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                pos += len(text[pos:]) - len(text[pos:].lstrip(_BLANK))
                raise ExpressionError(text, pos, f"unexpected character {text[pos]!r}")
            kind = m.lastgroup or ""
            value, start = m.group(kind), m.start(kind)
            if kind == "name" and value in _KEYWORDS:
                kind = "kw"
            self.tokens.append((kind, value, start))
            pos = m.end()
        self.i = 0
        self.depth = 0

    def fail(self, problem: str) -> ExpressionError:
        pos = self.tokens[self.i][2] if self.i < len(self.tokens) else len(self.text)
        return ExpressionError(self.text, pos, problem)

    def deeper(self) -> None:
        """Enter one more level of nesting (parentheses, ``not``, unary minus), within the limit."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            error = self.fail(f"nested deeper than {MAX_DEPTH}")
            error.reason = "too_large"
            raise error

    def peek(self) -> tuple[str, str]:
        if self.i < len(self.tokens):
            kind, value, _ = self.tokens[self.i]
            return kind, value
        return "end", ""

    def take(self, value: str) -> bool:
        if self.peek()[1] == value and self.peek()[0] in ("op", "kw"):
            self.i += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.take(value):
            raise self.fail(f"expected {value!r}, got {self.peek()[1] or 'the end'!r}")

    def run(self) -> Expr:
        node = self.expr()
        if self.peek()[0] != "end":
            raise self.fail(f"unexpected {self.peek()[1]!r}")
        return node

    def expr(self) -> Expr:
        self.deeper()
        parts = [self.conj()]
        while self.take("or"):
            parts.append(self.conj())
        self.depth -= 1
        return parts[0] if len(parts) == 1 else Op("any_of", tuple(parts))

    def conj(self) -> Expr:
        parts = [self.neg()]
        while self.take("and"):
            parts.append(self.neg())
        return parts[0] if len(parts) == 1 else Op("all_of", tuple(parts))

    def neg(self) -> Expr:
        if self.take("not"):
            self.deeper()
            node = Op("not", (self.neg(),))
            self.depth -= 1
            return node
        return self.cmp()

    def cmp(self) -> Expr:
        left = self.sum()
        kind, value = self.peek()
        if kind == "op" and value in COMPARISONS:
            self.i += 1
            return Op(value, (left, self.sum()))
        if self.take("in"):
            return Op("in", (left, self.sum()))
        following = self.tokens[self.i + 1][:2] if self.i + 1 < len(self.tokens) else None
        if (kind, value) == ("kw", "not") and following == ("kw", "in"):
            self.i += 2
            return Op("not_in", (left, self.sum()))
        return left

    def sum(self) -> Expr:
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.peek()[1]
            self.i += 1
            node = Op(op, (node, self.term()))
        return node

    def term(self) -> Expr:
        node = self.unary()
        while self.take("*"):
            node = Op("*", (node, self.unary()))
        return node

    def unary(self) -> Expr:
        if self.take("-"):
            if self.peek()[0] == "num":  # a negative number literal
                number = self.atom()
                assert isinstance(number, Lit)
                assert isinstance(number.value, int | float)
                return Lit(-number.value)
            self.deeper()
            node = Op("neg", (self.unary(),))
            self.depth -= 1
            return node
        return self.atom()

    def items(self, close: str) -> list[Expr]:
        out: list[Expr] = []
        if self.take(close):
            return out
        out.append(self.expr())
        while self.take(","):
            out.append(self.expr())
        self.expect(close)
        return out

    def atom(self) -> Expr:
        kind, value = self.peek()
        self.i += 1
        if kind == "num":
            if value.isdigit() and len(value) < 20 and int(value) < MAX_INTEGER:
                return Lit(int(value))
            if value.isdigit() or not math.isfinite(float(value)):
                self.i -= 1
                raise self.fail("number out of range: integers within 64 bits, finite decimals")
            return Lit(float(value))
        if kind == "str":
            return Lit(_unescape(value[1:-1]))
        if kind == "kw" and value in ("true", "false"):
            return Lit(value == "true")
        if kind == "op" and value == "(":
            node = self.expr()
            self.expect(")")
            return node
        if kind == "op" and value == "[":
            at = self.i
            items = self.items("]")
            if not all(isinstance(x, Lit) for x in items):
                self.i = at
                raise self.fail("a list holds literals only")
            return Lit(tuple(x.value for x in items if isinstance(x, Lit)))
        if kind == "name":
            if value.startswith("p."):
                return Param(value[2:])
            if self.take("("):
                return self.call(value, self.i - 2)
            return Fact(value)
        self.i -= 1
        raise self.fail(f"expected a value, got {value or 'the end'!r}")

    def call(self, name: str, at: int) -> Expr:
        if name not in _CALLS:
            self.i = at
            raise self.fail(f"unknown function {name!r} (known: {', '.join(sorted(_CALLS))})")
        args = self.items(")")
        self.i, end = at + 2, self.i  # report problems with the arguments at the first one
        if name == "date":
            if len(args) != 1 or not isinstance(args[0], Lit) or not isinstance(args[0].value, str):
                raise self.fail('date() takes one "YYYY-MM-DD" string')
            try:
                day = _iso_date(args[0].value)
            except ValueError:
                raise self.fail(f"not a date: {args[0].value!r}") from None
            if not MIN_DATE <= day <= MAX_DATE:
                raise self.fail(f"a date out of range (1900-01-01 to 2100-12-31): {args[0].value!r}")
            self.i = end
            return Lit(day)
        if name == "rank":
            if len(args) != 1 or not isinstance(args[0], Lit) or not isinstance(args[0].value, str):
                raise self.fail('rank() takes one grade id in quotes, such as rank("technician")')
            try:
                grade(args[0].value)
            except LookupError as exc:
                raise self.fail(str(exc)) from None
        arity = ARITY[name]
        if (arity is not None and len(args) != arity) or not args:
            raise self.fail(f"{name}() takes {arity or 'one or more'} argument(s), got {len(args)}")
        self.i = end
        return Op(name, tuple(args))


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _iso_date(text: str) -> _dt.date:
    """``YYYY-MM-DD`` in ASCII digits (``date.fromisoformat`` takes other forms and digits too)."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return _dt.date.fromisoformat(text)


_ESCAPES = {"\\": "\\", '"': '"', "n": "\n"}


def _unescape(body: str) -> str:
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\":
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


# --- printing ------------------------------------------------------------------------------------

_PRECEDENCE = {"any_of": 1, "all_of": 2, "not": 3, **dict.fromkeys(COMPARISONS, 4)}
_PRECEDENCE.update({"in": 4, "not_in": 4, "+": 5, "-": 5, "*": 6, "neg": 7})


def unparse(node: Expr) -> str:
    """Print a tree as condition text that parses back to an equal tree."""
    return _show(node, 0)


def _show(node: Expr, outer: int) -> str:
    if isinstance(node, Fact):
        return node.name
    if isinstance(node, Param):
        return "p." + node.name
    if isinstance(node, Lit):
        return _show_value(node.value)
    op = node.op
    prec = _PRECEDENCE.get(op)
    if prec is None:  # a function call
        return f"{op}({', '.join(_show(a, 0) for a in node.args)})"
    if op in ("all_of", "any_of"):
        word = " and " if op == "all_of" else " or "
        if len(node.args) == 1:
            return f"{op}({_show(node.args[0], 0)})"
        text = word.join(_show(a, prec + 1) for a in node.args)
    elif op == "not":
        text = "not " + _show(node.args[0], prec)
    elif op == "neg":
        inner = node.args[0]
        bare_number = isinstance(inner, Lit) and _show_value(inner.value)[:1].isdigit()
        text = "-" + (f"({_show(inner, 0)})" if bare_number else _show(inner, prec + 1))
    else:
        symbol = "not in" if op == "not_in" else op
        right_prec = prec + 1
        text = f"{_show(node.args[0], prec + (1 if prec == 4 else 0))} {symbol} "
        text += _show(node.args[1], right_prec)
    return f"({text})" if prec < outer else text


def _show_value(value: Value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, _dt.date):
        return f'date("{value.isoformat()}")'
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_show_value(v) for v in value) + "]"
    if (isinstance(value, float) and value < 0) or (isinstance(value, int) and value < 0):
        return f"({value})"
    return repr(value)
