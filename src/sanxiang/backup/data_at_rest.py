"""Data at rest: the data directory 0700, the database file and its journal 0600.

The settings set the process's file mask to 0o077, so whatever the platform creates from
then on is private. This module closes what existed before: a SQLite file made by an older
version, or by a tool run with another mask, is set back to 0600 when it is opened.
"""

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private(path: Path) -> None:
    """Owner-only access for a file or folder we own (others' files are left alone)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid != os.geteuid():
        return
    wanted = PRIVATE_DIR if stat.S_ISDIR(info.st_mode) else stat.S_IMODE(info.st_mode) & 0o700
    if stat.S_ISREG(info.st_mode) and wanted == 0:
        wanted = PRIVATE_FILE
    if stat.S_IMODE(info.st_mode) != wanted:
        path.chmod(wanted)


def close_database_files(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        make_private(Path(name + suffix))
