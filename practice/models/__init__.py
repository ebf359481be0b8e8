"""The store's tables; importing this package registers every one of them on ``Base.metadata``."""

from practice.models import (
    audit,
    billing,
    billing_coverage,
    clients,
    letter_drafts,
    letters,
    measures,
    meta,
    notes,
    plans,
    providers,
    psychotherapy,
    releases,
    schedule,
    units,
)
from practice.models.base import Base

__all__ = [
    "Base",
    "audit",
    "billing",
    "billing_coverage",
    "clients",
    "letter_drafts",
    "letters",
    "measures",
    "meta",
    "notes",
    "plans",
    "providers",
    "psychotherapy",
    "releases",
    "schedule",
    "units",
]
