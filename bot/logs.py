"""Logging with a correlation id per turn, and nothing personal: no tokens, names or text."""

from __future__ import annotations

import logging
import uuid
from contextvars import ContextVar

CORRELATION: ContextVar[str] = ContextVar("correlation_id", default="-")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"


def new_correlation_id() -> str:
    """A short random id that ties together every log line of one turn."""
    correlation_id = uuid.uuid4().hex[:12]
    CORRELATION.set(correlation_id)
    return correlation_id


class CorrelationFilter(logging.Filter):
    """Adds the turn's correlation id to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = CORRELATION.get()
        return True


def configure_logging(level: str) -> None:
    """Log to standard error with correlation ids (called by `eebot serve`)."""
    handler = logging.StreamHandler()
    handler.addFilter(CorrelationFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # readiness checks ask every time
