"""Every table of the store; importing this package registers them all on ``Base.metadata``."""

from practice.models import audit, meta
from practice.models.base import Base

__all__ = ["Base", "audit", "meta"]
