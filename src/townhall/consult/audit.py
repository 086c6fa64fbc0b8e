"""The audit log: every action a member of staff takes is recorded with who, what and when."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.models import AuditEntry, User


def record(
    session: Session,
    user: User | None,
    action: str,
    target: str = "",
    detail: str = "",
    actor: str = "",
) -> None:
    """Add an audit entry in the caller's transaction, so it is kept exactly when the action is."""
    session.add(
        AuditEntry(
            user_id=user.id if user else None,
            actor=user.email if user else actor,
            action=action,
            target=target[:200],
            detail=detail[:4000],
        )
    )


def record_separately(
    factory: sessionmaker[Session], user: User, action: str, target: str = "", detail: str = ""
) -> None:
    """Audit a page view in a short writing transaction of its own.

    Pages that only read (results, exports, ward views) use read sessions; on SQLite a read
    transaction cannot safely turn into a write, so their audit entry is written apart.
    """
    with factory() as session, session.begin():
        record(session, user, action, target, detail)
