"""Indexes the network's reports need on other areas' tables (created by migration 0005).

The course funnel counts distinct learners per module among a cohort: with the learner last in
the index, the database answers from the index alone, without reading the table's rows.
"""

from sqlalchemy import Index

from app.models.progress import QuizAttempt, SectionRead

SECTION_READS_FUNNEL = Index(
    "ix_section_reads_funnel",
    SectionRead.course_slug,
    SectionRead.module_slug,
    SectionRead.user_id,
)
QUIZ_ATTEMPTS_FUNNEL = Index(
    "ix_quiz_attempts_funnel",
    QuizAttempt.course_slug,
    QuizAttempt.module_slug,
    QuizAttempt.is_passed,
    QuizAttempt.user_id,
)
