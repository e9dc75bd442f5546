"""Audit log, evaluation feedback and follow-up answers

Revision ID: 0005_admin_and_feedback
Revises: 0004_awards
Create Date: 2026-11-23 15:34:15.961950
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_admin_and_feedback"
down_revision = "0004_awards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("target_type", sa.String(length=50), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("target_label", sa.String(length=300), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_entries_action_created", ["action", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_entries_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entries_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_audit_entries_target", ["target_type", "target_id"], unique=False)

    op.create_table(
        "evaluation_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("is_skipped", sa.Boolean(), nullable=False),
        sa.Column("knowledge_before", sa.Integer(), nullable=True),
        sa.Column("knowledge_after", sa.Integer(), nullable=True),
        sa.Column("confidence_before", sa.Integer(), nullable=True),
        sa.Column("confidence_after", sa.Integer(), nullable=True),
        sa.Column("belonging", sa.Integer(), nullable=True),
        sa.Column("intends_to_stay_involved", sa.Boolean(), nullable=True),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(is_skipped AND knowledge_before IS NULL AND knowledge_after IS NULL"
            " AND confidence_before IS NULL AND confidence_after IS NULL AND belonging IS NULL"
            " AND intends_to_stay_involved IS NULL)"
            " OR (NOT is_skipped AND knowledge_before IS NOT NULL AND knowledge_after IS NOT NULL"
            " AND confidence_before IS NOT NULL AND confidence_after IS NOT NULL"
            " AND belonging IS NOT NULL AND intends_to_stay_involved IS NOT NULL)",
            name=op.f("ck_evaluation_feedback_answered_or_skipped"),
        ),
        sa.CheckConstraint(
            "belonging BETWEEN 1 AND 5", name=op.f("ck_evaluation_feedback_belonging_on_scale")
        ),
        sa.CheckConstraint(
            "confidence_after BETWEEN 1 AND 5",
            name=op.f("ck_evaluation_feedback_confidence_after_on_scale"),
        ),
        sa.CheckConstraint(
            "confidence_before BETWEEN 1 AND 5",
            name=op.f("ck_evaluation_feedback_confidence_before_on_scale"),
        ),
        sa.CheckConstraint(
            "knowledge_after BETWEEN 1 AND 5",
            name=op.f("ck_evaluation_feedback_knowledge_after_on_scale"),
        ),
        sa.CheckConstraint(
            "knowledge_before BETWEEN 1 AND 5",
            name=op.f("ck_evaluation_feedback_knowledge_before_on_scale"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_evaluation_feedback_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_feedback")),
        sa.UniqueConstraint(
            "user_id", "course_slug", name=op.f("uq_evaluation_feedback_user_id_course_slug")
        ),
    )
    with op.batch_alter_table("evaluation_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_feedback_course_slug"), ["course_slug"], unique=False
        )

    op.create_table(
        "follow_up_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("is_skipped", sa.Boolean(), nullable=False),
        sa.Column(
            "engagement",
            sa.Enum(
                "more",
                "same",
                "less",
                "none",
                name="engagement",
                native_enum=False,
                create_constraint=True,
                length=4,
            ),
            nullable=True,
        ),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "is_skipped = (engagement IS NULL)",
            name=op.f("ck_follow_up_answers_answered_or_skipped"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_follow_up_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_answers")),
        sa.UniqueConstraint(
            "user_id", "course_slug", name=op.f("uq_follow_up_answers_user_id_course_slug")
        ),
    )
    with op.batch_alter_table("follow_up_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_answers_course_slug"), ["course_slug"], unique=False
        )
    with op.batch_alter_table("section_reads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_section_reads_funnel", ["course_slug", "module_slug", "user_id"], unique=False
        )
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quiz_attempts_funnel",
            ["course_slug", "module_slug", "is_passed", "user_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_quiz_attempts_funnel")
    with op.batch_alter_table("section_reads", schema=None) as batch_op:
        batch_op.drop_index("ix_section_reads_funnel")
    with op.batch_alter_table("follow_up_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_answers_course_slug"))

    op.drop_table("follow_up_answers")
    with op.batch_alter_table("evaluation_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_feedback_course_slug"))

    op.drop_table("evaluation_feedback")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_target")
        batch_op.drop_index(batch_op.f("ix_audit_entries_created_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_actor_id"))
        batch_op.drop_index("ix_audit_entries_action_created")

    op.drop_table("audit_entries")
