"""Staff accounts: creating them (with argon2 hashes), new passwords and checking a sign-in."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townhall.consult.models import ROLES, User, Ward
from townhall.consult.rules.respondents import email_problem
from townhall.consult.security.passwords import hash_password, password_problem, verify_password
from townhall.consult.services.staff_sessions import end_user_sessions
from townhall.problems import InvalidInputError, Problem


def normalise_email(email: str) -> str:
    """E-mail addresses compared without case or surrounding space."""
    return email.strip().lower()


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    name: str = "",
    ward_names: tuple[str, ...] = (),
) -> User:
    """Add a member of staff; every problem (e-mail, password, role, wards) reported at once."""
    email = normalise_email(email)
    problems = []
    if not email or email_problem(email):
        problems.append(
            Problem("account", "email", email, "an e-mail address like name@example.com")
        )
    elif session.scalar(select(User).where(User.email == email)) is not None:
        problems.append(Problem("account", "email", email, "an e-mail address not already used"))
    if password_error := _password_problem(password):
        problems.append(password_error)
    if role not in ROLES:
        problems.append(Problem("account", "role", role, f"one of {', '.join(ROLES)}"))
    wards = []
    for ward_name in ward_names:
        ward = session.scalar(
            select(Ward).where(func.lower(Ward.name) == ward_name.strip().lower())
        )
        if ward is None:
            problems.append(
                Problem("account", "ward", ward_name, "the name of a ward in the database")
            )
        else:
            wards.append(ward)
    if role == "councillor" and not ward_names:
        problems.append(Problem("account", "ward", "(none)", "at least one ward for a councillor"))
    if problems:
        raise InvalidInputError(problems)
    user = User(
        email=email,
        name=name or email,
        password_hash=hash_password(password),
        role=role,
        wards=wards,
    )
    session.add(user)
    session.flush()
    return user


def _password_problem(password: str) -> Problem | None:
    """The account rules' objection to `password`, as a problem to report, or None."""
    message = password_problem(password)
    return Problem("account", "password", "(hidden)", message.lower()) if message else None


def set_password(session: Session, user: User, password: str) -> None:
    """Give `user` a new password under the same rules as a new account (InvalidInputError if not),
    and end every session they have (the caller commits)."""
    if problem := _password_problem(password):
        raise InvalidInputError([problem])
    user.password_hash = hash_password(password)
    end_user_sessions(session, user.id)


def user_by_email(session: Session, email: str) -> User | None:
    """The account (active or not) with this e-mail address, if there is one."""
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same work either way)."""
    user = user_by_email(session, email)
    valid = verify_password(user.password_hash if user else None, password)
    return user if valid and user is not None and user.active else None
