"""One demo county, loaded once for every test of this package.

Loading the county renders every case's documents as PDF, which is most of a load's
minute; the tests here only read what was loaded, so they share one load: the rows are
written in a transaction that the package's end rolls back (``shared_rows``), and each
test runs in a savepoint inside it, so what a test writes is undone before the next.
``tests/conftest.py`` keeps this package on one xdist worker (one load per run).
"""

import pytest
from conftest import shared_rows
from django.test import override_settings

from sanxiang.demo import cases, county

# One case per scenario and a few more: every procedure and every state.
COUNT = len(cases.SCENARIOS) + 3


@pytest.fixture(scope="package")
def loaded_demo(django_db_setup, django_db_blocker):
    """``county.load(cases=COUNT)``'s result; ``.cases`` is what the case loader did."""
    # A speech engine is "installed" (the stand-in of the transcript tests), so the load
    # takes the path it takes with the sanxiang[asr] extra: the speech clip is queued.
    with shared_rows(django_db_blocker):
        with override_settings(SANXIANG_ASR_ENGINE="assist.voiced.VoicedSpans"):
            loaded = county.load(cases=COUNT)
        yield loaded
