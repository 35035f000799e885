"""Small value objects for the check-in path, without ``typing`` or ``dataclasses``.

``polymath log`` and ``status`` run from shell prompts; importing ``typing`` for its named tuples
(or ``dataclasses``) would cost them a third of Python's own start-up. A subclass lists its
fields in ``__slots__`` and sets them in ``__init__``; ``Plain`` gives it equality, hashing and a
readable ``repr`` from those slots (no unpacking: read the fields by name).
"""

from __future__ import annotations


class Plain:
    __slots__ = ()

    def _names(self) -> tuple[str, ...]:
        slots: tuple[str, ...] = self.__slots__
        return slots

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__name__}({fields})"
