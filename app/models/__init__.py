"""The database models; importing this package registers every table on `Base.metadata`."""

from app.models import reporting  # noqa: F401 (declares the reports' indexes)
from app.models.audit import AuditEntry
from app.models.award import Award, BadgeClassVersion, BadgeKind
from app.models.base import Base
from app.models.feedback import Engagement, EvaluationFeedback, FollowUpAnswer
from app.models.organisation import AssociateKind, MembershipCategory, Organisation
from app.models.progress import (
    CourseCompletion,
    Enrolment,
    ModuleCompletion,
    QuizAttempt,
    Reflection,
    SectionRead,
)
from app.models.signing_key import SigningKey
from app.models.throttle import ThrottleEvent
from app.models.user import AccountRole, CouncilRole, User

__all__ = [
    "AccountRole",
    "AssociateKind",
    "AuditEntry",
    "Award",
    "BadgeClassVersion",
    "BadgeKind",
    "Base",
    "CouncilRole",
    "CourseCompletion",
    "Engagement",
    "Enrolment",
    "EvaluationFeedback",
    "FollowUpAnswer",
    "MembershipCategory",
    "ModuleCompletion",
    "Organisation",
    "QuizAttempt",
    "Reflection",
    "SectionRead",
    "SigningKey",
    "ThrottleEvent",
    "User",
]
