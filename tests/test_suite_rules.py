"""Rules the root conftest.py applies to every test of the suite."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_restores_the_migrated_rows_it_flushes(request):
    assert request.node.get_closest_marker("django_db").kwargs["serialized_rollback"] is True
