"""Named points in the case engine where other apps take part, registered, not imported.

``cases`` sits below the apps that assist an officer (``discretion``: the 裁量基准 gate,
``assist``: the similar-case index). Those apps need to act inside the case actions'
transaction, but ``cases`` must not import them: each registers its handler here from its
``AppConfig.ready()``, and ``cases.actions`` calls the hook point by name. An app that is
not installed simply has no handler.

Hook points (the keyword arguments each handler receives):

``BEFORE_STEP_COMPLETED`` — ``case, procedure, step, data, on``: after every guard of the
step passed, before the ``StepRecord`` is written. A handler may refuse the step (raise
``RuleViolation``), may add to ``data`` (which becomes the step's data and its ledger
event), and may return a callable that is called with the written ``StepRecord`` in the
same transaction (or ``None``).

``CASE_CHANGED`` — ``case, before``: a case was opened or a step recorded (facts,
decision, state), at the end of the action, in its transaction. ``before`` is a copy of
the case as the action found it (``None`` when the action opened it), for handlers that
keep counts and must take the case out of its old buckets (``supervision.tallies``,
ADR 0028).

Handlers run in the order they were registered (the order of ``INSTALLED_APPS``).
"""

from __future__ import annotations

from collections.abc import Callable

BEFORE_STEP_COMPLETED = "before_step_completed"
CASE_CHANGED = "case_changed"
POINTS = (BEFORE_STEP_COMPLETED, CASE_CHANGED)

_handlers: dict[str, list[Callable]] = {point: [] for point in POINTS}


def register(point: str, handler: Callable) -> None:
    """Add ``handler`` to ``point`` (once: a second registration of it is ignored)."""
    if point not in _handlers:
        raise ValueError(f"unknown hook point {point!r}; known: {', '.join(POINTS)}")
    if handler not in _handlers[point]:
        _handlers[point].append(handler)


def handlers(point: str) -> tuple[Callable, ...]:
    return tuple(_handlers[point])


def before_step_completed(**context) -> list[Callable]:
    """Run the handlers; return the callables to call with the written step."""
    after = []
    for handler in _handlers[BEFORE_STEP_COMPLETED]:
        then = handler(**context)
        if then is not None:
            after.append(then)
    return after


def case_changed(case, before=None) -> None:
    for handler in _handlers[CASE_CHANGED]:
        handler(case=case, before=before)
