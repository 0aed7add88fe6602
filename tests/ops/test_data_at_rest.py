"""Data at rest: the data directory 0700; the database file, keys and blobs private."""

import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from sanxiang.core import blobs
from sanxiang.ledger import checkpoints

from .installation import SRC


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


OPEN_DATABASE = (
    "import django; django.setup(); from django.db import connection; "
    "connection.cursor().execute('CREATE TABLE IF NOT EXISTS probe (x)')"
)


def start_platform(data_dir):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env |= {"PYTHONPATH": str(SRC), "SANXIANG_ENV": "test", "SANXIANG_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "sanxiang.settings"}
    subprocess.run([sys.executable, "-c", OPEN_DATABASE], env=env, check=True, timeout=120)


@pytest.mark.embedded
def test_new_data_directory_and_database_file_are_private(tmp_path):
    data_dir = tmp_path / "data"
    start_platform(data_dir)
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "sanxiang.sqlite3") == 0o600
    assert mode(data_dir / "secret_key") == 0o600
    assert mode(data_dir / "static") == 0o700


@pytest.mark.embedded
def test_world_readable_database_of_an_older_install_is_closed_on_start(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    database = data_dir / "sanxiang.sqlite3"
    sqlite3.connect(database).close()
    database.chmod(0o644)  # what the security review found: sessions readable by anyone
    start_platform(data_dir)
    assert mode(data_dir) == 0o700
    assert mode(database) == 0o600


def test_stored_blobs_are_read_only_for_the_platform_alone(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    stored = blobs.put_bytes("询问笔录".encode())
    path = blobs.path_of(stored.digest)
    assert mode(path) == 0o400
    folder = path.parent
    while folder != tmp_path:
        assert mode(folder) == 0o700, folder
        folder = folder.parent


def test_checkpoint_signing_key_is_private(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    checkpoints.signing_key()
    assert mode(checkpoints.keys_dir()) == 0o700
    assert mode(checkpoints.keys_dir() / checkpoints.PRIVATE_KEY_FILE) == 0o600
