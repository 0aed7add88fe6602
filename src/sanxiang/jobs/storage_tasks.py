"""The object-store upload task, apart from ``jobs.tasks``: the file store (``core.blobs``)
enqueues it, and ``jobs.tasks`` reaches into every app, so importing it from the file store
would tie the lowest layer to all of them."""

from sanxiang.jobs.compat import task


@task()
def push_blob(digest: str) -> bool:
    """Put a stored original into the object store under Object Lock (core.object_store)."""
    from sanxiang.core import object_store

    return object_store.put(digest)
