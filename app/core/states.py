"""States that follow an explicit transition table, and the error for an illegal move."""
from __future__ import annotations

from typing import ClassVar


class IllegalTransition(Exception):
    """A state change that the transition table does not allow."""

    def __init__(self, kind: str, current, wanted):
        super().__init__(f"{kind} cannot go from {current.value} to {wanted.value}")
        self.current, self.wanted = current, wanted


class HasTransitions:
    """For a model whose `status` moves only as its class's TRANSITIONS table allows."""

    TRANSITIONS: ClassVar[dict]
    STATE_NAME: ClassVar[str]

    def can_move_to(self, wanted) -> bool:
        return wanted in self.TRANSITIONS[self.status]

    def move_to(self, wanted) -> None:
        if not self.can_move_to(wanted):
            raise IllegalTransition(self.STATE_NAME, self.status, wanted)
        self.status = wanted
