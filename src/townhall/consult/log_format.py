"""How the service's log lines look: plain text by default, one JSON object a line on request
(`TOWNHALL_LOG_FORMAT=json`), times in UTC; the same format for uvicorn's own messages."""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Literal

LogFormat = Literal["plain", "json"]
# Fields a record may carry (`extra=`) that the JSON form writes as fields of their own.
FIELDS = ("method", "path", "status", "duration_ms", "reference")
PLAIN = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE = "%Y-%m-%dT%H:%M:%SZ"


def utc(seconds: float | None) -> time.struct_time:
    """A log record's time in UTC (the servers' local time is no one's business)."""
    return time.gmtime(seconds)


class UtcFormatter(logging.Formatter):
    """Plain lines, timed in UTC as ISO 8601."""

    def __init__(self) -> None:
        super().__init__(PLAIN, DATE)
        self.converter = utc


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the request's fields, any traceback."""

    def __init__(self) -> None:
        super().__init__()
        self.converter = utc

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, DATE),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            if name in record.__dict__:
                entry[name] = record.__dict__[name]
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(
    log_format: LogFormat, level: str = "info", access_log: bool = True
) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the service (uvicorn applies it in every worker).

    uvicorn's own access log is off: it writes the concrete path and query string, which can hold
    tokens; `townhall.access` writes the route's template instead.
    """
    formatter = "json" if log_format == "json" else "plain"
    handler = {
        "class": "logging.StreamHandler",
        "formatter": formatter,
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"()": f"{__name__}.UtcFormatter"},
            "json": {"()": f"{__name__}.JsonFormatter"},
        },
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "townhall": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "townhall.access": {
                "level": level.upper() if access_log else "WARNING",
            },
        },
    }
