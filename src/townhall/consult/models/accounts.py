"""Staff accounts (admin, officer, councillor), the wards a councillor represents, their sessions
and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from townhall.consult.models.base import Base, utc_now
from townhall.consult.models.wards import Ward

Role = Literal["admin", "officer", "councillor"]
ROLES: tuple[Role, ...] = ("admin", "officer", "councillor")

councillor_wards = Table(
    "consult_councillor_wards",
    Base.metadata,
    Column("user_id", ForeignKey("consult_users.id", ondelete="CASCADE"), primary_key=True),
    Column("ward_id", ForeignKey("consult_wards.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A signed-in member of staff; residents never have accounts."""

    __tablename__ = "consult_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    wards: Mapped[list[Ward]] = relationship(secondary=councillor_wards, lazy="selectin")


class StaffSession(Base):
    """A signed-in browser: the cookie holds a random id, the table only its SHA-256 digest.

    Deleting the row ends the session: at sign-out, on a password change or reset, when the
    account is deactivated, and once it has been idle or alive too long (see access.py).
    """

    __tablename__ = "consult_staff_sessions"

    id_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("consult_users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """One thing a member of staff did: who, when, what, to which record."""

    __tablename__ = "consult_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("consult_users.id"))
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
