"""Time the network's report queries on synthetic data, against a baseline from the same run.

    .venv/bin/python -m bench.reports                       # 2,000 learners on SQLite (quick)
    .venv/bin/python -m bench.reports --learners 100000     # the whole family: ~2,000,000 records
    .venv/bin/python -m bench.reports --database-url postgresql://postgres@127.0.0.1:5432/test

The baseline is a plain COUNT(*) over every progress table, so the ratios say how much more each
report costs than merely touching the rows, whatever the machine.
"""

import argparse
import json
import random
import secrets
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.orm import Session

from app import migrations, reports
from app.config import PROJECT_ROOT, normalise_database_url
from app.courses.loader import load_catalogue
from app.directory import load_directory
from app.extensions import make_engine
from app.models import (
    Award,
    BadgeClassVersion,
    BadgeKind,
    CouncilRole,
    CourseCompletion,
    Engagement,
    Enrolment,
    EvaluationFeedback,
    FollowUpAnswer,
    ModuleCompletion,
    Organisation,
    QuizAttempt,
    SectionRead,
    User,
)
from app.reports import Grouping, ReportFilters

PROGRESS_TABLES = (Enrolment, SectionRead, QuizAttempt, ModuleCompletion, CourseCompletion)
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
START = NOW - timedelta(days=730)
BATCH = 20_000
RESULTS = Path(__file__).with_name("results")


class Writer:
    """Buffers rows per table and inserts them in large executemany batches."""

    def __init__(self, session: Session):
        self.session = session
        self.buffers: dict = {}
        self.counts: dict[str, int] = {}

    def add(self, model, row: dict) -> None:
        buffer = self.buffers.setdefault(model, [])
        buffer.append(row)
        if len(buffer) >= BATCH:
            self.flush()  # every table, users first, so foreign keys always find their row

    def flush(self) -> None:
        for each in list(self.buffers):  # in the order first seen: users before their progress
            rows = self.buffers.get(each)
            if rows:
                self.session.execute(insert(each), rows)
                name = each.__tablename__
                self.counts[name] = self.counts.get(name, 0) + len(rows)
                self.buffers[each] = []


def moment(rng: random.Random, after: datetime, within_days: float) -> datetime:
    latest = min(NOW, after + timedelta(days=within_days))
    span = max((latest - after).total_seconds(), 1)
    return after + timedelta(seconds=rng.uniform(0, span))


def generate(session: Session, learners: int, seed: int) -> dict[str, int]:
    """Learners across the network's organisations, each with a realistic journey."""
    rng = random.Random(seed)
    load_directory(session)
    session.flush()
    organisation_ids = list(session.scalars(select(Organisation.id)))
    catalogue = load_catalogue(PROJECT_ROOT / "courses", PROJECT_ROOT / "badges")
    courses = [course for course in catalogue.courses if course.is_published]
    badge_ids = {}
    for course in courses:
        for module in (None, *course.modules):
            badge = BadgeClassVersion(
                badge_slug=course.badge_slug + (f"--{module.slug}" if module else ""),
                kind=BadgeKind.MODULE if module else BadgeKind.COURSE,
                course_slug=course.slug,
                module_slug=module.slug if module else None,
                content_hash=secrets.token_hex(32),
                definition={"name": course.title},
                image_svg="<svg/>",
                image_png=b"png",
            )
            session.add(badge)
            session.flush()
            badge_ids[(course.slug, module.slug if module else None)] = badge.id
    writer = Writer(session)
    password_hash = "scrypt:32768:8:1$benchmark$" + "0" * 64
    first_id = (session.scalar(select(func.max(User.id))) or 0) + 1
    award_number = 0
    for user_id in range(first_id, first_id + learners):
        created = moment(rng, START, 730)
        writer.add(
            User,
            {
                "id": user_id,
                "email": f"learner{user_id}@bench.example",
                "name": f"Learner {user_id}",
                "council_role": rng.choice(list(CouncilRole)),
                "organisation_id": None if rng.random() < 0.1 else rng.choice(organisation_ids),
                "unlisted_organisation": None,
                "is_author": False,
                "is_admin": False,
                "password_hash": password_hash,
                "created_at": created,
                "last_seen_at": moment(rng, created, 400),
                "password_changed_at": created,
            },
        )
        for course in rng.sample(courses, rng.choice((1, 1, 2, 2, 3))):
            enrolled = moment(rng, created, 60)
            writer.add(
                Enrolment,
                {"user_id": user_id, "course_slug": course.slug, "enrolled_at": enrolled},
            )
            when, completed_all = enrolled, True
            for module in course.modules:
                if rng.random() < 0.2:
                    completed_all = False
                    break
                for section in module.sections[: rng.randint(1, len(module.sections))]:
                    when = moment(rng, when, 3)
                    writer.add(
                        SectionRead,
                        {
                            "user_id": user_id,
                            "course_slug": course.slug,
                            "module_slug": module.slug,
                            "section_number": section.number,
                            "module_version": module.version,
                            "read_at": when,
                        },
                    )
                passed = False
                for _attempt in range(rng.choice((1, 1, 2))):
                    questions = module.quiz.questions if module.quiz else ()
                    wrong = [q.number for q in questions if rng.random() < 0.2]
                    passed = len(wrong) <= 1
                    when = moment(rng, when, 2)
                    writer.add(
                        QuizAttempt,
                        {
                            "user_id": user_id,
                            "course_slug": course.slug,
                            "module_slug": module.slug,
                            "module_version": module.version,
                            "answers": {},
                            "wrong_questions": wrong,
                            "score": len(questions) - len(wrong),
                            "question_count": len(questions),
                            "is_passed": passed,
                            "submitted_at": when,
                        },
                    )
                    if passed:
                        break
                if not passed:
                    completed_all = False
                    break
                writer.add(
                    ModuleCompletion,
                    {
                        "user_id": user_id,
                        "course_slug": course.slug,
                        "module_slug": module.slug,
                        "module_version": module.version,
                        "completed_at": when,
                    },
                )
            if not completed_all:
                continue
            writer.add(
                CourseCompletion,
                {
                    "user_id": user_id,
                    "course_slug": course.slug,
                    "course_version": course.version,
                    "module_versions": {},
                    "completed_at": when,
                },
            )
            award_number += 1
            revoked = when + timedelta(days=3) if rng.random() < 0.02 else None
            writer.add(
                Award,
                {
                    "public_id": f"bench-{award_number}",
                    "user_id": user_id,
                    "badge_class_version_id": badge_ids[(course.slug, None)],
                    "badge_slug": course.badge_slug,
                    "recipient_identity": "sha256$bench",
                    "recipient_salt": "salt",
                    "content_version": course.version,
                    "module_versions": {},
                    "completed_at": when,
                    "issued_at": when,
                    "expires_at": when + timedelta(days=365),
                    "revoked_at": revoked,
                    "revocation_reason": "Benchmark" if revoked else None,
                    "is_reissued": False,
                },
            )
            if rng.random() < 0.6:
                skipped = rng.random() < 0.2
                before = rng.randint(1, 4)
                writer.add(
                    EvaluationFeedback,
                    {
                        "user_id": user_id,
                        "course_slug": course.slug,
                        "is_skipped": skipped,
                        "knowledge_before": None if skipped else before,
                        "knowledge_after": None if skipped else rng.randint(before, 5),
                        "confidence_before": None if skipped else before,
                        "confidence_after": None if skipped else rng.randint(before, 5),
                        "belonging": None if skipped else rng.randint(1, 5),
                        "intends_to_stay_involved": None if skipped else rng.random() < 0.8,
                        "comments": None if skipped or rng.random() < 0.7 else "Useful.",
                        "submitted_at": when,
                    },
                )
            if NOW - when > timedelta(days=91) and rng.random() < 0.4:
                engagement = rng.choice([*Engagement, None])
                writer.add(
                    FollowUpAnswer,
                    {
                        "user_id": user_id,
                        "course_slug": course.slug,
                        "is_skipped": engagement is None,
                        "engagement": engagement,
                        "comments": None,
                        "submitted_at": when + timedelta(days=95),
                    },
                )
    writer.flush()
    return writer.counts


def timed(callable_, repeat: int) -> float:
    """The median wall time of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        callable_()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run_reports(session: Session, repeat: int) -> tuple[float, dict[str, float]]:
    catalogue = load_catalogue(PROJECT_ROOT / "courses", PROJECT_ROOT / "badges")
    course = catalogue.course("induction-welcome") or catalogue.courses[0]
    organisation_id = session.scalar(
        select(User.organisation_id)
        .where(User.organisation_id.is_not(None))
        .group_by(User.organisation_id)
        .order_by(func.count().desc())
        .limit(1)
    )
    everything = ReportFilters()
    year = ReportFilters(start=date(2026, 1, 1), end=date(2026, 10, 31))
    narrow = ReportFilters(
        group="full", council_role=CouncilRole.COUNCILLOR, course_slug=course.slug
    )

    def baseline():
        for model in PROGRESS_TABLES:
            session.scalar(select(func.count()).select_from(model))

    cases = {
        "overview": lambda: reports.overview(session, everything, NOW),
        "overview, one year": lambda: reports.overview(session, year, NOW),
        "overview, category + role + course": lambda: reports.overview(session, narrow, NOW),
        "overview, one organisation": lambda: reports.overview(
            session, ReportFilters(organisation_id=organisation_id), NOW
        ),
        "by organisation": lambda: reports.by_organisation(session, everything, NOW),
        "by course": lambda: reports.by_course(session, everything, NOW, catalogue.courses),
        "course funnel": lambda: reports.course_funnel(session, everything, course),
        "hardest questions": lambda: reports.hardest_questions(session, everything, course),
        "engagement by month": lambda: reports.engagement_by_month(session, year, NOW),
        "evaluation by category": lambda: reports.evaluation_table(
            session, everything, Grouping.CATEGORY
        ),
        "evaluation by course": lambda: reports.evaluation_table(
            session, everything, Grouping.COURSE, catalogue.courses
        ),
    }
    baseline()  # warm the cache, as a running server would be
    base = timed(baseline, repeat)
    return base, {name: timed(case, repeat) for name, case in cases.items()}


def prepare(url: str | None, directory: Path) -> tuple[str, Callable[[], None]]:
    """A fresh database: a SQLite file, or a new schema on the PostgreSQL server given."""
    if not url:
        return f"sqlite:///{directory / 'bench.sqlite3'}", lambda: None
    url = normalise_database_url(url)
    schema = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in url else "?"

    def drop():
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    return f"{url}{separator}options=-csearch_path%3D{schema}", drop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=2000, help="how many (default 2000)")
    parser.add_argument("--database-url", help="PostgreSQL server URL (default: SQLite file)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (median kept)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--save", action="store_true", help="write the results to bench/results")
    args = parser.parse_args(argv)
    with TemporaryDirectory() as directory:
        url, cleanup = prepare(args.database_url, Path(directory))
        engine = make_engine(url)
        try:
            migrations.upgrade(engine)
            started = time.perf_counter()
            with Session(engine) as session:
                counts = generate(session, args.learners, args.seed)
                session.commit()
                session.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would give
                session.commit()
                generated = time.perf_counter() - started
                base, timings = run_reports(session, args.repeat)
        finally:
            engine.dispose()
            cleanup()
    progress_rows = sum(counts.get(model.__tablename__, 0) for model in PROGRESS_TABLES)
    result = {
        "database": engine.dialect.name,
        "learners": args.learners,
        "progress_records": progress_rows,
        "rows": counts,
        "generated_seconds": round(generated, 1),
        "baseline_ms": round(base, 1),
        "reports_ms": {name: round(ms, 1) for name, ms in timings.items()},
        "ratio_to_baseline": {name: round(ms / base, 2) for name, ms in timings.items()},
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(report_text(result))
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        name = f"{result['database']}-{args.learners}-learners"
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(f"Saved bench/results/{name}.json")


def report_text(result: dict) -> str:
    lines = [
        f"{result['database']}: {result['learners']:,} learners, "
        f"{result['progress_records']:,} progress records "
        f"(generated in {result['generated_seconds']} s)",
        f"Baseline, COUNT(*) over the progress tables: {result['baseline_ms']} ms",
        f"{'Report':40} {'ms':>10} {'x baseline':>11}",
    ]
    for name, ms in result["reports_ms"].items():
        lines.append(f"{name:40} {ms:>10.1f} {result['ratio_to_baseline'][name]:>11.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
