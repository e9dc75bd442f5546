"""Badge-class versions and awards

Revision ID: 0004_awards
Revises: 0003_learner_progress
Create Date: 2026-11-24 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_awards"
down_revision = "0003_learner_progress"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "badge_class_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("badge_slug", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "course",
                "module",
                name="badge_kind",
                native_enum=False,
                create_constraint=True,
                length=6,
            ),
            nullable=False,
        ),
        sa.Column("course_slug", sa.String(length=100), nullable=False),
        sa.Column("module_slug", sa.String(length=100), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("image_svg", sa.Text(), nullable=False),
        sa.Column("image_png", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_class_versions")),
        sa.UniqueConstraint(
            "badge_slug",
            "content_hash",
            name=op.f("uq_badge_class_versions_badge_slug_content_hash"),
        ),
    )
    with op.batch_alter_table("badge_class_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_badge_class_versions_badge_slug"), ["badge_slug"], unique=False
        )

    op.create_table(
        "awards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("badge_class_version_id", sa.Integer(), nullable=False),
        sa.Column("badge_slug", sa.String(length=200), nullable=False),
        sa.Column("recipient_identity", sa.String(length=80), nullable=False),
        sa.Column("recipient_salt", sa.String(length=64), nullable=False),
        sa.Column("content_version", sa.String(length=64), nullable=False),
        sa.Column("module_versions", sa.JSON(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evidence_narrative", sa.Text(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.String(length=500), nullable=True),
        sa.Column("is_reissued", sa.Boolean(), nullable=False),
        sa.Column("reissued_from_id", sa.Integer(), nullable=True),
        sa.Column("expiry_reminder_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (revocation_reason IS NULL)",
            name=op.f("ck_awards_revocation_has_reason"),
        ),
        sa.CheckConstraint(
            "NOT is_reissued OR revoked_at IS NOT NULL", name=op.f("ck_awards_reissued_is_revoked")
        ),
        sa.ForeignKeyConstraint(
            ["badge_class_version_id"],
            ["badge_class_versions.id"],
            name=op.f("fk_awards_badge_class_version_id_badge_class_versions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reissued_from_id"],
            ["awards.id"],
            name=op.f("fk_awards_reissued_from_id_awards"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_awards_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_awards")),
        sa.UniqueConstraint("public_id", name=op.f("uq_awards_public_id")),
    )
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_awards_badge_class_version_id"), ["badge_class_version_id"], unique=False
        )
        batch_op.create_index(
            "ix_awards_one_per_learner_and_badge",
            ["user_id", "badge_slug"],
            unique=True,
            sqlite_where=sa.text("NOT is_reissued"),
            postgresql_where=sa.text("NOT is_reissued"),
        )
        batch_op.create_index(
            batch_op.f("ix_awards_reissued_from_id"), ["reissued_from_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_awards_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_awards_user_id"))
        batch_op.drop_index(batch_op.f("ix_awards_reissued_from_id"))
        batch_op.drop_index("ix_awards_one_per_learner_and_badge")
        batch_op.drop_index(batch_op.f("ix_awards_badge_class_version_id"))

    op.drop_table("awards")
    with op.batch_alter_table("badge_class_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_badge_class_versions_badge_slug"))

    op.drop_table("badge_class_versions")
