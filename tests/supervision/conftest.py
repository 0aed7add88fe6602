"""Two qualified officers in each of body A and body B, for cases in both bodies."""

import pytest
from conftest import qualified_officer


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


@pytest.fixture
def officers_b(officer_b1):
    return [officer_b1, qualified_officer(officer_b1.body, "王芳", ["SCJG"], "13010401002")]
