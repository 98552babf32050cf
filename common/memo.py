"""Figures that several parts of one page read, computed once for that page.

The dashboard is made of panels from several apps, and some of them read the same figure (the organisation's
head counts feed both the people panel and the onboarding checklist). A page opens a scope
(`with shared_figures():`) and a selector marked `@once_per_page` is computed the first time it is asked
for within the scope, with the same arguments, and read from memory after that. Outside a scope the selector
simply runs, so a test or a background task never sees a stale figure. Scopes nest: an inner one shares the
outer one's figures.

What a marked selector returns is shared between its callers: it must be immutable (a frozen dataclass, a
tuple, a number), never a queryset or a list that a caller could change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_figures: ContextVar[dict[Hashable, object] | None] = ContextVar("shared_figures", default=None)


@contextmanager
def shared_figures() -> Iterator[None]:
    if _figures.get() is not None:
        yield
        return
    token = _figures.set({})
    try:
        yield
    finally:
        _figures.reset(token)


def once_per_page(func: Callable[P, R]) -> Callable[P, R]:
    """Computed once per `shared_figures()` scope for the same arguments (model instances compare by
    their primary key)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        figures = _figures.get()
        if figures is None:
            return func(*args, **kwargs)
        key = (func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in figures:
            figures[key] = func(*args, **kwargs)
        return figures[key]  # type: ignore[return-value]

    return wrapper
