"""Awards: issued once per learner and badge, versioned classes, revocation, reissue, expiry."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.badges import awards
from app.badges.awards import AwardError, AwardStatus
from app.badges.classes import course_badge_spec, module_badge_spec, store_badge_class
from app.models import Award, BadgeClassVersion, Reflection


def test_completing_a_course_awards_each_module_badge_and_the_course_badge(make_user, complete):
    user = make_user("ada@example.org")
    made = complete(user)
    slugs = [award.badge_slug for award in made]
    assert slugs[-1] == "induction-welcome"
    assert len(slugs) == 5 and all(s.startswith("induction-welcome--") for s in slugs[:4])
    course_award = made[-1]
    assert course_award.recipient_identity == awards.hash_recipient(
        "ada@example.org", course_award.recipient_salt
    )
    assert course_award.recipient_identity.startswith("sha256$")
    assert len({award.recipient_salt for award in made}) == 5
    # The induction badges do not expire.
    assert course_award.expires_at is None


def test_an_award_is_made_once_per_learner_and_badge(
    db, make_user, complete, catalogue, definitions, now
):
    from app.models import CourseCompletion, ModuleCompletion

    user = make_user()
    complete(user)
    completions = [*db.scalars(select(ModuleCompletion)), *db.scalars(select(CourseCompletion))]
    assert awards.award_for_completions(db, catalogue, definitions, user, completions, now) == []
    assert db.scalar(select(func.count()).select_from(Award)) == 5


def test_the_unique_constraint_holds_in_the_database(db, make_user, complete):
    from sqlalchemy.exc import IntegrityError

    user = make_user()
    first = complete(user)[0]
    db.add(
        Award(
            public_id="x" * 36,
            user_id=user.id,
            badge_class_version_id=first.badge_class_version_id,
            badge_slug=first.badge_slug,
            recipient_identity=first.recipient_identity,
            recipient_salt="s",
            content_version="v",
            module_versions={},
            completed_at=first.completed_at,
            is_reissued=False,
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_micro_credentials_expire_after_their_validity(make_user, complete, now):
    made = complete(make_user(), "co-production")
    assert made[-1].expires_at.year == now.year + 3


def test_module_badges_are_derived_from_their_module(catalogue, definitions):
    course = catalogue.course("co-production")
    module = course.visible_modules()[0]
    spec = module_badge_spec(catalogue, definitions, course, module)
    assert spec.badge_slug == f"co-production--{module.slug}"
    assert spec.definition["name"] in (
        f"{course.title}: {module.title}",
        dict(module.badge_overrides).get("name"),
    )
    for outcome in module.outcomes:
        assert outcome in spec.definition["criteria"]
    assert f"pass mark of {module.quiz.pass_mark}%" in spec.definition["criteria"]
    assert [a["id"] for a in spec.definition["alignments"]] == list(module.principles)
    assert "#7b2a6e" in spec.image_svg and f"MODULE {module.number}" in spec.image_svg
    assert spec.image_png.startswith(b"\x89PNG")
    # Deterministic: the same module gives the same images and hash.
    again = module_badge_spec(catalogue, definitions, course, module)
    assert again.content_hash == spec.content_hash


def test_the_course_badge_names_the_module_badges_it_stacks(catalogue, definitions):
    course = catalogue.course("co-production")
    spec = course_badge_spec(catalogue, definitions, course)
    for module in course.visible_modules():
        name = module_badge_spec(catalogue, definitions, course, module).definition["name"]
        assert f"- {name}" in spec.definition["criteria"]


def test_a_changed_definition_is_a_new_version_and_old_awards_keep_theirs(
    db, catalogue, definitions, make_user, complete, now
):
    first = complete(make_user(), "co-production")[-1]
    course = catalogue.course("co-production")
    spec = course_badge_spec(catalogue, definitions, course)
    changed = type(spec)(**{**spec.__dict__, "definition": {**spec.definition, "name": "New"}})
    version = store_badge_class(db, changed, now)
    assert version.id != first.badge_class_version_id
    assert store_badge_class(db, spec, now).id == first.badge_class_version_id
    assert (
        db.scalar(
            select(func.count())
            .select_from(BadgeClassVersion)
            .where(BadgeClassVersion.badge_slug == "co-production")
        )
        == 2
    )
    assert first.badge_class.definition["name"] == spec.definition["name"]
    assert first.content_version == course.version


def test_award_pending_awards_completions_made_before_badges(
    db, make_user, complete, catalogue, definitions, now
):
    from app.models import ModuleCompletion

    user = make_user()
    module = catalogue.course("co-production").visible_modules()[0]
    db.add(
        ModuleCompletion(
            user_id=user.id,
            course_slug="co-production",
            module_slug=module.slug,
            module_version=module.version,
            completed_at=now - timedelta(days=3),
        )
    )
    db.flush()
    made = awards.award_pending(db, catalogue, definitions, now)
    assert [a.badge_slug for a in made] == [f"co-production--{module.slug}"]
    assert made[0].completed_at == now - timedelta(days=3)
    assert awards.award_pending(db, catalogue, definitions, now) == []


def test_award_manually_refuses_unknown_badges_and_duplicates(
    db, make_user, catalogue, definitions, now
):
    user = make_user()
    with pytest.raises(AwardError, match="no course awards"):
        awards.award_manually(db, catalogue, definitions, user, "no-such-badge", now)
    with pytest.raises(AwardError, match="has no module"):
        awards.award_manually(db, catalogue, definitions, user, "co-production--nope", now)
    awards.award_manually(db, catalogue, definitions, user, "co-production", now)
    with pytest.raises(AwardError, match="already has"):
        awards.award_manually(db, catalogue, definitions, user, "co-production", now)


def test_revoke_needs_a_reason_and_happens_once(make_user, complete, now):
    award = complete(make_user())[0]
    with pytest.raises(AwardError, match="Enter the reason"):
        awards.revoke_award(award, "   ", None, now)
    with pytest.raises(AwardError, match="500 characters"):
        awards.revoke_award(award, "x" * 501, None, now)
    awards.revoke_award(award, "Issued in error", None, now)
    assert awards.award_status(award, now) is AwardStatus.REVOKED
    with pytest.raises(AwardError, match="already been revoked"):
        awards.revoke_award(award, "again", None, now)


def test_status_expired_after_expiry(make_user, complete, now):
    award = complete(make_user(), "co-production")[0]
    assert awards.award_status(award, now) is AwardStatus.VALID
    assert awards.award_status(award, award.expires_at) is AwardStatus.EXPIRED


def test_reissue_after_an_email_change_revokes_the_old_and_links_back(db, make_user, complete, now):
    user = make_user("old@example.org")
    old = complete(user, "co-production", modules=None)
    assert awards.reissue_awards(db, user, now) == []
    user.email = "new@example.org"
    made = awards.reissue_awards(db, user, now)
    db.commit()
    assert len(made) == len(old)
    for new in made:
        original = new.reissued_from
        assert original.revocation_reason == "reissued" and original.is_reissued
        assert awards.is_recipient(new, "new@example.org")
        assert new.badge_class_version_id == original.badge_class_version_id
        assert new.expires_at == original.expires_at
    assert {a.id for a in awards.list_awards(db, user)} == {a.id for a in made}
    assert awards.reissue_awards(db, user, now) == []


def test_shared_reflection_is_evidence_only_with_consent(db, make_user, complete, catalogue):
    user = make_user()
    module = catalogue.course("induction-welcome").visible_modules()[0]
    award = complete(user, modules=[module])[0]
    reflection = Reflection(
        user_id=user.id,
        course_slug="induction-welcome",
        module_slug=module.slug,
        text="What I learnt",
        is_shared_as_evidence=False,
    )
    db.add(reflection)
    db.flush()
    assert awards.shared_reflection(db, award) is None
    reflection.is_shared_as_evidence = True
    db.flush()
    assert awards.shared_reflection(db, award) == "What I learnt"


def test_expiry_reminders_are_due_30_days_before_once(db, make_user, complete, now):
    award = complete(make_user(), "co-production")[-1]
    assert awards.list_due_expiry_reminders(db, now) == []
    soon = award.expires_at - timedelta(days=29)
    assert award in awards.list_due_expiry_reminders(db, soon)
    awards.record_expiry_reminder(award, soon)
    db.flush()
    assert award not in awards.list_due_expiry_reminders(db, soon)


def test_add_months_keeps_the_end_of_month(now):
    moment = now.replace(year=2026, month=1, day=31)
    assert awards.add_months(moment, 1).day == 28
    assert awards.add_months(moment, 36).year == 2029


def test_a_module_overrides_its_badge_in_front_matter(catalogue, definitions):
    from dataclasses import replace

    course = catalogue.course("co-production")
    module = replace(
        course.visible_modules()[0],
        badge_overrides=(("criteria", "Ran a co-production workshop."), ("name", "Co-producer")),
    )
    spec = module_badge_spec(catalogue, definitions, course, module)
    assert spec.definition["name"] == "Co-producer"
    assert spec.definition["criteria"] == "Ran a co-production workshop."
    assert "Co-producer" in spec.image_svg
