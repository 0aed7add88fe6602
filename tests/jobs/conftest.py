import pytest


@pytest.fixture(autouse=True)
def _own_jobs_dir(own_jobs_dir):
    return own_jobs_dir
