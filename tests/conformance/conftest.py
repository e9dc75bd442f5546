"""The official Open Badges validator in a virtual environment of its own, and the app under
gunicorn with a learner whose badges it checks."""

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db as database
from tests.conftest import fresh_database
from tests.live_server import PROJECT_ROOT, LiveServer

VALIDATOR_VENV = PROJECT_ROOT / ".venv-validator"
VALIDATOR_PYTHON = VALIDATOR_VENV / "bin" / "python"
# Its own pins clash with openbadges-bakery 2.0; python-jose after 3.2.0 cannot read its keys.
VALIDATOR_PACKAGES = [
    ["openbadges==1.1.2"],
    ["-U", "pycryptodome", "pytz", "python-jose[pycryptodome]==3.2.0"],
]
RECIPIENT = "learner@example.org"

pytestmark = pytest.mark.conformance


def build_validator() -> None:
    subprocess.run(["python3", "-m", "venv", str(VALIDATOR_VENV)], check=True)
    for packages in VALIDATOR_PACKAGES:
        subprocess.run(
            [str(VALIDATOR_VENV / "bin" / "pip"), "install", "--quiet", *packages],
            check=True,
            capture_output=True,
            text=True,
        )


@pytest.fixture(scope="session")
def validator_python() -> Path:
    """.venv-validator's Python with openbadges 1.1.2, built the first time it is needed."""
    ready = (
        VALIDATOR_PYTHON.exists()
        and subprocess.run(
            [str(VALIDATOR_PYTHON), "-c", "import openbadges, jose"], capture_output=True
        ).returncode
        == 0
    )
    if not ready:
        try:
            build_validator()
        except (OSError, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", "") or str(error)
            pytest.skip(f"the Open Badges validator venv could not be built: {detail[-500:]}")
    return VALIDATOR_PYTHON


@pytest.fixture(scope="module")
def conformance_database(tmp_path_factory, postgresql_schema):
    with fresh_database(tmp_path_factory.mktemp("conformance"), postgresql_schema) as url:
        yield url


@pytest.fixture(scope="module")
def badge_server(conformance_database, tmp_path_factory):
    """The app under gunicorn; a learner with every badge of a course, two of them revoked.

    Two revocations, not one: the validator misreads a revocation list of exactly one entry.
    """
    from app.badges.awards import award_for_completions, revoke_award
    from app.badges.keys import generate_signing_key
    from app.badges.store import current_badge_definitions
    from app.courses.store import current_catalogue
    from app.models import CourseCompletion, ModuleCompletion, User
    from tests import factories

    instance = tmp_path_factory.mktemp("instance")
    server = LiveServer(conformance_database, instance)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "conformance",
            "DATABASE_URL": conformance_database,
            "PUBLIC_BASE_URL": server.url,
            "MAIL_URL": "",
        }
    )
    app.instance_path = str(instance)
    now = datetime.now(UTC)
    with app.app_context():
        session = database.session
        generate_signing_key(session, instance / "keys", now)
        user = factories.user_factory(session, factories.organisation_factory(session))(RECIPIENT)
        course = current_catalogue().course("co-production")
        completions = [
            ModuleCompletion(
                user_id=user.id,
                course_slug=course.slug,
                module_slug=module.slug,
                module_version=module.version,
                completed_at=now,
            )
            for module in course.visible_modules()
        ]
        completions.append(
            CourseCompletion(
                user_id=user.id,
                course_slug=course.slug,
                course_version=course.version,
                module_versions={m.slug: m.version for m in course.visible_modules()},
                completed_at=now,
            )
        )
        session.add_all(completions)
        session.flush()
        made = award_for_completions(
            session, current_catalogue(), current_badge_definitions(), user, completions, now
        )
        for award in made[:2]:
            revoke_award(award, "Issued in error", None, now)
        session.commit()
        server.valid_id = made[-1].public_id
        server.revoked_id = made[0].public_id
        assert session.scalar(select(User.email)) == RECIPIENT
    app.extensions["database"].kw["bind"].dispose()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def validate(validator_python):
    """Run the validator on a URL, a JWS or an image file; return its report."""
    import json

    def run(kind: str, value: str) -> dict:
        result = subprocess.run(
            [
                str(validator_python),
                str(Path(__file__).with_name("validate.py")),
                kind,
                value,
                RECIPIENT,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=PROJECT_ROOT,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run
