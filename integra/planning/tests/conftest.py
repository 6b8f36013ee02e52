import pytest


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """Two-factor sign-in is core's concern (tested there); planning's tests sign in with force_login."""
    settings.INTEGRA_TWO_FACTOR_REQUIRED = False
