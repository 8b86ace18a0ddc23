import pytest

from tests.reports import world as world_mod


@pytest.fixture
def world(db):
    return world_mod.build()
