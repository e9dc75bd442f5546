"""Fixtures for Open Badges: a throwaway signing key, never one from the instance folder."""

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app.badges.keys import KEY_SIZE, generate_signing_key, load_private_key


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    """One RSA key pair for the whole run: generating one takes about a second."""
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


@pytest.fixture
def keys_dir(tmp_path):
    return tmp_path / "keys"


@pytest.fixture
def signing_key(db, keys_dir, now, rsa_key):
    """A current signing key whose private half lives in this test's temporary folder."""
    return generate_signing_key(db, keys_dir, now, private_key=rsa_key)


@pytest.fixture
def private_key(signing_key, keys_dir):
    return load_private_key(keys_dir, signing_key.kid)


@pytest.fixture
def issuer_key(app, db, now, rsa_key):
    """A current signing key in the app's own instance folder, where the views look for it."""
    from pathlib import Path

    key = generate_signing_key(db, Path(app.instance_path) / "keys", now, private_key=rsa_key)
    db.commit()
    return key


@pytest.fixture
def catalogue(app):
    from app.courses.store import current_catalogue

    return current_catalogue()


@pytest.fixture
def definitions(app):
    from app.badges.store import current_badge_definitions

    return current_badge_definitions()


@pytest.fixture
def complete(db, catalogue, definitions, now):
    """Complete modules (all of them by default) of a real course for a learner, with badges."""
    from app.badges.awards import award_for_completions
    from app.models import CourseCompletion, ModuleCompletion

    def run(user, course_slug="induction-welcome", modules=None, when=None):
        course = catalogue.course(course_slug)
        when = when or now
        chosen = course.visible_modules() if modules is None else modules
        completions = []
        for module in chosen:
            completion = ModuleCompletion(
                user_id=user.id,
                course_slug=course.slug,
                module_slug=module.slug,
                module_version=module.version,
                completed_at=when,
            )
            db.add(completion)
            completions.append(completion)
        if modules is None:
            completions.append(
                CourseCompletion(
                    user_id=user.id,
                    course_slug=course.slug,
                    course_version=course.version,
                    module_versions={m.slug: m.version for m in course.visible_modules()},
                    completed_at=when,
                )
            )
            db.add(completions[-1])
        db.flush()
        awards = award_for_completions(db, catalogue, definitions, user, completions, when)
        db.commit()
        return awards

    return run
