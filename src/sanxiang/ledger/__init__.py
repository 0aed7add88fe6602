"""The tamper-evident ledger (R-REC-02, R-REC-09), its proofs and signed checkpoints.

``from sanxiang import ledger`` then ``ledger.append(...)``: the names of ``entries``
(append, history, canonical_json, …) are reached through the package, looked up on first
use so that importing a Django-free part (``merkle``) does not import the models.

Modules: ``entries`` (append and canonical bytes), ``verify`` (``ledger verify``),
``proofs`` (inclusion and consistency), ``checkpoints`` (signing), ``schedule``
(periodic checkpoints), ``merkle`` (RFC 6962), ``events`` (event kinds), ``triggers``
(append-only database triggers), ``workers`` (parallel verification). The models
(LedgerEvent, LedgerHead, Checkpoint) stay in ``sanxiang.core.models``.
"""

import importlib
import importlib.util


def __getattr__(name):
    # A submodule not imported yet (``from sanxiang.ledger import workers`` asks here
    # first) is left to the import system, which must not import the models for it.
    if name.startswith("__") or importlib.util.find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(name)
    entries = importlib.import_module("sanxiang.ledger.entries")
    try:
        value = getattr(entries, name)
    except AttributeError:
        raise AttributeError(f"module 'sanxiang.ledger' has no attribute {name!r}") from None
    globals()[name] = value  # looked up once: ``append`` is on every action's path
    return value
