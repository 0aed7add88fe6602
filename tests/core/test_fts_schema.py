"""One set-up of the database's full-text index (core.fts_schema), used by the portal's
public index and the similar-case index: the same statements up to the names, and only
plain names ever go into them. That each index works is proved by their own search tests
(tests/core/test_search.py, tests/assist/)."""

import pytest

from sanxiang.assist import similar_schema
from sanxiang.core import search_schema
from sanxiang.core.fts_schema import FullTextIndex


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
@pytest.mark.parametrize("install", [True, False])
def test_both_indexes_are_built_by_the_one_helper(vendor, install):
    for schema in (search_schema, similar_schema):
        assert isinstance(schema.INDEX, FullTextIndex)
        statements = schema._statements(vendor, install)
        assert statements == schema.INDEX.statements(vendor, install)
        assert all(schema.TABLE in s for s in statements)
    public = search_schema._statements(vendor, install)
    cases = similar_schema._statements(vendor, install)
    assert len(public) == len(cases)


def test_postgresql_vector_weights_only_where_given():
    public = "\n".join(search_schema.INDEX.postgresql_install())
    assert "setweight(to_tsvector('simple', coalesce(NEW.title_tokens, '')), 'A')" in public
    cases = "\n".join(similar_schema.INDEX.postgresql_install())
    assert "NEW.search_vector := to_tsvector('simple', coalesce(NEW.tokens, ''));" in cases
    assert "setweight" not in cases
    assert "content_rowid='case_id'" in similar_schema.INDEX.sqlite_install()[0]


def test_only_plain_names_go_into_the_statements():
    with pytest.raises(ValueError):
        FullTextIndex(table="x; DROP TABLE y", rowid="id", columns=(("tokens", None),))
    with pytest.raises(ValueError):
        FullTextIndex(table="t", rowid="id", columns=(("to'kens", None),))
