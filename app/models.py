"""Every model, imported in one place so the metadata (and `flask db check`) sees them all."""
from app.accounts.models import AccountLog, LoginSession, NotificationSettings, PasswordResetToken, Role, User  # noqa: F401
from app.courses.models import Course, Lesson, Module, Question, Quiz, Topic  # noqa: F401
from app.learning.models import (
    Certificate,
    Enrollment,
    LearningEvent,
    LessonProgress,
    QuizAttempt,
    QuizResponse,
)
from app.billing.models import Order, StripeEvent  # noqa: F401
from app.core.models import OutgoingMail, TaskDone, TaskRun  # noqa: F401
from app.crm.models import CrmSync  # noqa: F401
from app.scoring.models import LeadAlert, LeadScore, SalesDigest, ScoreItem, ScoringModelVersion  # noqa: F401
from app.site.models import BrandImage, Branding  # noqa: F401
from app.library.models import ItemCompletion, ItemTransition, LibraryDocument, LibraryItem, LinkCheck  # noqa: F401
