import pytest
from test_demo_cases import COUNT, load_cases, load_county

pytestmark = pytest.mark.django_db


def test_print_failures(monkeypatch):
    bodies, officers = load_county(monkeypatch)
    result = load_cases(bodies, officers, COUNT)
    with open("/tmp/sx_rules_demo_failures.txt", "w") as f:
        for line in result.failures:
            f.write(line + "\n")
