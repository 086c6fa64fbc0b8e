"""The consultation service's tables (SQLAlchemy 2.0 typed models), one module per subject."""

from townhall.consult.models.accounts import (
    ROLES,
    AuditEntry,
    Role,
    StaffSession,
    User,
    councillor_wards,
)
from townhall.consult.models.base import Base, in_utc, utc_now
from townhall.consult.models.consultations import (
    Alternative,
    Choice,
    Consultation,
    Document,
    LinkedScheme,
    Question,
    Section,
    StatusChange,
    consultation_owners,
    consultation_wards,
    question_conditions,
    question_sections,
)
from townhall.consult.models.council import CouncilSettings
from townhall.consult.models.equality import (
    EQUALITY_FIELDS,
    EqualityRecord,
    PendingEqualityRecord,
)
from townhall.consult.models.knowledge import CommunityGroup, Engagement, WardNote
from townhall.consult.models.limits import RateEvent
from townhall.consult.models.participation import (
    Idea,
    IdeaComment,
    IdeaSupport,
    Statement,
    StatementVote,
)
from townhall.consult.models.postcodes import Postcode
from townhall.consult.models.responses import Answer, Journey, Response, ResumeLink
from townhall.consult.models.themes import (
    AnswerStance,
    ThemeAssignment,
    ThemeCorrection,
    ThemeSetRecord,
)
from townhall.consult.models.versions import Version
from townhall.consult.models.wards import Ward

__all__ = [
    "EQUALITY_FIELDS",
    "ROLES",
    "Alternative",
    "Answer",
    "AnswerStance",
    "AuditEntry",
    "Base",
    "Choice",
    "CommunityGroup",
    "Consultation",
    "CouncilSettings",
    "Document",
    "Engagement",
    "EqualityRecord",
    "Idea",
    "IdeaComment",
    "IdeaSupport",
    "Journey",
    "LinkedScheme",
    "PendingEqualityRecord",
    "Postcode",
    "Question",
    "RateEvent",
    "Response",
    "ResumeLink",
    "Role",
    "Section",
    "StaffSession",
    "Statement",
    "StatementVote",
    "StatusChange",
    "ThemeAssignment",
    "ThemeCorrection",
    "ThemeSetRecord",
    "User",
    "Version",
    "Ward",
    "WardNote",
    "consultation_owners",
    "consultation_wards",
    "councillor_wards",
    "in_utc",
    "question_conditions",
    "question_sections",
    "utc_now",
]
