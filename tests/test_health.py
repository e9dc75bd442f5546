"""The health endpoint tells a load balancer whether the database is reachable."""

import secrets

from app import create_app


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "reachable"}


def test_unreachable_database_answers_503(tmp_path):
    app = create_app(
        {
            "SECRET_KEY": secrets.token_hex(8),
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_a_new_instance_folder_is_created_for_the_embedded_database(tmp_path, monkeypatch):
    instance = tmp_path / "new" / "instance"
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": secrets.token_hex(8)})
    assert instance.is_dir()
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'coop.sqlite3'}"
    app.extensions["database"].kw["bind"].dispose()
