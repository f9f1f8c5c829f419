"""Text fields written on first read: how a finding's messages cost nothing until someone reads them.

attrs keeps each field of a slotted class in a slot. :func:`defer_messages` puts a descriptor in
front of a text field's slot; the engine may then store a :data:`Deferred` there instead of the
text. Writing a message takes a traced evaluation and the compared values, which costs more than
the decision itself, and most messages are never read. Every read goes through the descriptor —
attribute access, ``==``, ``hash``, ``repr``, ``to_dict``, pickling, ``attrs.evolve`` — so every
reader sees the text, which is then kept in the slot. Two threads writing the same message at once
both store the same text.

:func:`defer_field` does the same for any field with a :class:`Pending` value: the engine stores a
decision's findings that way, built on first read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol, TypeAlias

Lang: TypeAlias = Literal["zh", "en"]


class MessageSource(Protocol):
    """Where the deferred messages of a decision's findings come from."""

    def message(self, index: int, lang: Lang) -> str:
        """The message of finding ``index`` of the decision, in ``lang``."""
        ...


Deferred: TypeAlias = tuple[MessageSource, int]
"""A message not written yet: its source and the finding's index there (text is never a tuple)."""


class _Written:
    """The descriptor in front of a text field's slot: the text, written on first read."""

    __slots__ = ("lang", "slot")

    def __init__(self, slot: Any, lang: Lang) -> None:
        self.slot = slot
        self.lang: Lang = lang

    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = self.slot.__get__(obj, owner)
        if type(value) is tuple:
            value = value[0].message(value[1], self.lang)
            self.slot.__set__(obj, value)
        return value

    def __set__(self, obj: object, value: str | Deferred) -> None:
        self.slot.__set__(obj, value)


def defer_messages(cls: type, *fields: tuple[str, Lang]) -> None:
    """Let each ``(field, lang)`` of the slotted class ``cls`` hold a :data:`Deferred`."""
    for name, lang in fields:
        setattr(cls, name, _Written(cls.__dict__[name], lang))


def stored_slot(cls: type, name: str) -> Any:
    """The slot that holds field ``name`` of ``cls`` (behind its descriptor, if deferred)."""
    found = cls.__dict__[name]
    return found.slot if isinstance(found, _Written | _Built) else found


class Pending:
    """A field's value not computed yet: ``build()`` on first read, once.

    Two threads reading it at once may both build; both get the value stored first (``list.append``
    is atomic), so every reader sees the same object.
    """

    __slots__ = ("_box", "_build")

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._box: list[Any] = []

    def value(self) -> Any:
        """The value, built on the first call."""
        box = self._box
        if not box:
            box.append(self._build())
        return box[0]


class _Built:
    """The descriptor in front of a field's slot: a :class:`Pending` value, built on first read."""

    __slots__ = ("slot",)

    def __init__(self, slot: Any) -> None:
        self.slot = slot

    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = self.slot.__get__(obj, owner)
        if type(value) is Pending:
            value = value.value()
            self.slot.__set__(obj, value)
        return value

    def __set__(self, obj: object, value: object) -> None:
        self.slot.__set__(obj, value)


def defer_field(cls: type, name: str) -> None:
    """Let field ``name`` of the slotted class ``cls`` hold a :class:`Pending` value."""
    setattr(cls, name, _Built(cls.__dict__[name]))
