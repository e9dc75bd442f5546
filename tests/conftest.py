"""Fixtures: a fresh database per test (SQLite, or PostgreSQL when DATABASE_URL says so)."""

import os
import re
import secrets
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from app.config import normalise_database_url
from app.extensions import db as database
from app.models import Base
from tests import factories

SERVER_URL = normalise_database_url(os.environ.get("DATABASE_URL", ""))
ON_POSTGRESQL = SERVER_URL.startswith("postgresql")


def postgresql_schema_url(schema: str) -> str:
    separator = "&" if "?" in SERVER_URL else "?"
    return f"{SERVER_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgresql_schema():
    """A schema of its own for this test run, dropped at the end."""
    if not ON_POSTGRESQL:
        yield None
        return
    schema = f"test_{secrets.token_hex(6)}"
    admin_engine = create_engine(SERVER_URL)
    with admin_engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(postgresql_schema_url(schema))
    Base.metadata.create_all(engine)
    engine.dispose()
    yield schema
    with admin_engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin_engine.dispose()


@contextmanager
def fresh_database(folder: Path, postgresql_schema: str | None):
    """The URL of an empty database with every table: a SQLite file in `folder`, or the run's
    PostgreSQL schema, emptied afterwards."""
    if postgresql_schema is None:
        url = f"sqlite:///{folder / 'test.sqlite3'}"
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield url
        return
    url = postgresql_schema_url(postgresql_schema)
    try:
        yield url
    finally:
        engine = create_engine(url)
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()


@pytest.fixture
def database_url(tmp_path, postgresql_schema):
    """An empty database with every table, for one test."""
    with fresh_database(tmp_path, postgresql_schema) as url:
        yield url


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "DATABASE_URL": database_url,
            "PUBLIC_BASE_URL": "http://coop.test",
            "MAIL_URL": "",
        }
    )
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        yield app
    app.extensions["database"].kw["bind"].dispose()


@pytest.fixture
def db(app):
    return database.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def now():
    return datetime.now(UTC)


@pytest.fixture
def make_organisation(db):
    return factories.organisation_factory(db)


@pytest.fixture
def make_user(db, make_organisation):
    return factories.user_factory(db, make_organisation)


CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


class FormClient:
    """Submits forms as a browser does: fetch the page, then post with its CSRF token."""

    def __init__(self, client):
        self.client = client

    def submit(self, url: str, data: dict, *, page: str | None = None, **kwargs):
        token = csrf_token_from(self.client.get(page or url).get_data(as_text=True))
        return self.client.post(url, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def forms(client):
    return FormClient(client)


@pytest.fixture
def login(forms):
    """Sign `user` in through the real sign-in form."""

    def sign_in(user, password: str = factories.DEFAULT_PASSWORD):
        response = forms.submit("/sign-in", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in
