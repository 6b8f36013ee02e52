"""Who must hear that a session was moved or cancelled: apps above support subscribe here.

`integra.outreach` (above support in the layering) registers one listener in its `AppConfig.ready()` and queues
a notice to the people enrolled; support cannot import it. The listeners run inside the service's transaction,
so a refused move or cancellation notifies nobody, and a notice is never queued for a change that did not
happen. A listener gets keyword arguments only:

- `moved(actor=, session=, before=SessionSlot)` — the session after the move, and where it was;
- `cancelled(actor=, before=SessionSlot, enrolled=[participant ids])` — the session is gone when this runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SessionSlot:
    """Where and when a session was, with what it needs to be named in a notice."""

    session_id: int
    institution_id: int
    activity_id: int
    project_id: int
    activity_title: str
    date: dt.date
    start_time: dt.time
    room: str

    @classmethod
    def of(cls, session: Any) -> SessionSlot:
        activity = session.activity
        return cls(
            session_id=session.pk,
            institution_id=session.institution_id,
            activity_id=activity.pk,
            project_id=activity.project_id,
            activity_title=activity.title,
            date=session.date,
            start_time=session.start_time,
            room=session.room or activity.room or "",
        )


_moved: list[Callable[..., None]] = []
_cancelled: list[Callable[..., None]] = []


def on_moved(listener: Callable[..., None]) -> None:
    if listener not in _moved:
        _moved.append(listener)


def on_cancelled(listener: Callable[..., None]) -> None:
    if listener not in _cancelled:
        _cancelled.append(listener)


def session_moved(*, actor: Any, session: Any, before: SessionSlot) -> None:
    for listener in _moved:
        listener(actor=actor, session=session, before=before)


def session_cancelled(*, actor: Any, before: SessionSlot, enrolled: list[int]) -> None:
    for listener in _cancelled:
        listener(actor=actor, before=before, enrolled=enrolled)
