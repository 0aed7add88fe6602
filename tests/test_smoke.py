from django.conf import settings


def test_env_is_test():
    assert settings.SANXIANG_ENV == "test"
