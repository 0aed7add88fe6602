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

``DOCUMENT_CONTENT`` — ``case, doc_type, on``: while a document's content (the facts it is
frozen with) is assembled. A handler returns a dict of JSON-able entries added to
``content["case"]`` (e.g. the 裁量 facts a decision states), or ``None``.

``DOCUMENT_ELEMENTS`` — ``content, here``: while the elements a document prints are read
from its stored content (``here``: the values of the step that issues it). A handler
returns a dict of elements (text) that fill or add to the engine's own (e.g. the 裁量说明),
or ``None``.

``FINE_ADVICE`` — ``case, item_code``: the step form is about to show a fine. A handler
returns ``(help text, suggested circumstance level)`` for the amount and the level fields
(either may be empty), or ``None``; the first answer is used.

Handlers run in the order they were registered (the order of ``INSTALLED_APPS``).
"""

from __future__ import annotations

from collections.abc import Callable

BEFORE_STEP_COMPLETED = "before_step_completed"
CASE_CHANGED = "case_changed"
DOCUMENT_CONTENT = "document_content"
DOCUMENT_ELEMENTS = "document_elements"
FINE_ADVICE = "fine_advice"
POINTS = (BEFORE_STEP_COMPLETED, CASE_CHANGED, DOCUMENT_CONTENT, DOCUMENT_ELEMENTS,
          FINE_ADVICE)

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


def document_content(**context) -> dict:
    """The entries the handlers add to a document's ``content["case"]``."""
    added: dict = {}
    for handler in _handlers[DOCUMENT_CONTENT]:
        added.update(handler(**context) or {})
    return added


def document_elements(**context) -> dict:
    """The elements the handlers fill from a document's content."""
    added: dict = {}
    for handler in _handlers[DOCUMENT_ELEMENTS]:
        added.update(handler(**context) or {})
    return added


def fine_advice(**context) -> tuple[str, str]:
    """(help text, suggested level) for a fine in the step form; empty without a handler."""
    for handler in _handlers[FINE_ADVICE]:
        answer = handler(**context)
        if answer is not None:
            return answer
    return "", ""
