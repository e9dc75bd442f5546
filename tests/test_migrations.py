"""Migrations build exactly the models' schema, and go down and up again, on either database."""

import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app import migrations
from app.extensions import make_engine
from app.models import Base
from tests.conftest import ON_POSTGRESQL, SERVER_URL, postgresql_schema_url


@pytest.fixture
def empty_engine(tmp_path):
    if not ON_POSTGRESQL:
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
        yield engine
        engine.dispose()
        return
    schema = f"migrations_{secrets.token_hex(6)}"
    admin = create_engine(SERVER_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(postgresql_schema_url(schema))
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def schema_differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_upgrade_from_empty_gives_exactly_the_models_schema(empty_engine):
    migrations.upgrade(empty_engine)
    assert schema_differences(empty_engine) == []


def test_downgrade_to_base_and_upgrade_again(empty_engine):
    migrations.upgrade(empty_engine)
    migrations.downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(empty_engine)
    assert schema_differences(empty_engine) == []
