"""Learner progress

Revision ID: 0003_learner_progress
Revises: 0002_signing_keys
Create Date: 2026-11-23 15:10:09.770224
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_learner_progress"
down_revision = "0002_signing_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("course_version", sa.String(length=64), nullable=False),
        sa.Column("module_versions", sa.JSON(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_course_completions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_completions")),
        sa.UniqueConstraint(
            "user_id", "course_slug", name=op.f("uq_course_completions_user_id_course_slug")
        ),
    )
    with op.batch_alter_table("course_completions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_course_completions_course_completed", ["course_slug", "completed_at"], unique=False
        )

    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_module_slug", sa.String(length=100), nullable=True),
        sa.Column("last_section_number", sa.Integer(), nullable=True),
        sa.Column("last_visited_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_enrolments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint(
            "user_id", "course_slug", name=op.f("uq_enrolments_user_id_course_slug")
        ),
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolments_course_slug"), ["course_slug"], unique=False
        )

    op.create_table(
        "module_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("module_slug", sa.String(length=100), nullable=False),
        sa.Column("module_version", sa.String(length=64), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_module_completions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_completions")),
        sa.UniqueConstraint(
            "user_id",
            "course_slug",
            "module_slug",
            name=op.f("uq_module_completions_user_id_course_slug_module_slug"),
        ),
    )
    with op.batch_alter_table("module_completions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_module_completions_course_completed", ["course_slug", "completed_at"], unique=False
        )

    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("module_slug", sa.String(length=100), nullable=False),
        sa.Column("module_version", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("wrong_questions", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("is_passed", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_quiz_attempts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_attempts")),
    )
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quiz_attempts_course_module", ["course_slug", "module_slug"], unique=False
        )
        batch_op.create_index(
            "ix_quiz_attempts_learner", ["user_id", "course_slug", "module_slug"], unique=False
        )

    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("module_slug", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("is_shared_as_evidence", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reflections_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint(
            "user_id",
            "course_slug",
            "module_slug",
            name=op.f("uq_reflections_user_id_course_slug_module_slug"),
        ),
    )
    op.create_table(
        "section_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("module_slug", sa.String(length=100), nullable=False),
        sa.Column("section_number", sa.Integer(), nullable=False),
        sa.Column("module_version", sa.String(length=64), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_section_reads_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section_reads")),
        sa.UniqueConstraint(
            "user_id",
            "course_slug",
            "module_slug",
            "section_number",
            name=op.f("uq_section_reads_user_id_course_slug_module_slug_section_number"),
        ),
    )
    with op.batch_alter_table("section_reads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_section_reads_course_module", ["course_slug", "module_slug"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("section_reads", schema=None) as batch_op:
        batch_op.drop_index("ix_section_reads_course_module")

    op.drop_table("section_reads")
    op.drop_table("reflections")
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_attempts_learner")
        batch_op.drop_index("ix_quiz_attempts_course_module")

    op.drop_table("quiz_attempts")
    with op.batch_alter_table("module_completions", schema=None) as batch_op:
        batch_op.drop_index("ix_module_completions_course_completed")

    op.drop_table("module_completions")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolments_course_slug"))

    op.drop_table("enrolments")
    with op.batch_alter_table("course_completions", schema=None) as batch_op:
        batch_op.drop_index("ix_course_completions_course_completed")

    op.drop_table("course_completions")
