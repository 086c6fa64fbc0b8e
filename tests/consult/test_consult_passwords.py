"""Staff passwords: changing your own, an admin's reset, old sessions ending, CSRF, the CLI."""

from __future__ import annotations

import pytest
from consult_client import PASSWORD, Service, csrf_from, post_form
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.models import AuditEntry, User
from townhall.consult.services.accounts import authenticate

NEW_PASSWORD = "a brand new passphrase here"
runner = CliRunner()


def user_id(service: Service, email: str) -> int:
    with service.session() as session:
        found = session.scalar(select(User.id).where(User.email == email))
        assert found is not None
        return found


def audit(service: Service) -> list[tuple[str, str, str]]:
    """(actor, action, target) of every audit entry, oldest first."""
    with service.session() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.target).order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def sign_in(service: Service, email: str, password: str) -> int:
    """The status of a sign-in attempt on a fresh client."""
    response = post_form(
        service.client(), "/staff/sign-in", data={"email": email, "password": password}
    )
    return response.status_code  # type: ignore[attr-defined,no-any-return]


def change(client: TestClient, current: str, new: str, confirm: str | None = None) -> object:
    return post_form(
        client,
        "/staff/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
    )


def test_a_member_of_staff_changes_their_own_password(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    elsewhere = service.signed_in("officer@example.org")
    page = officer.get("/staff/password")
    assert page.status_code == 200 and 'href="/staff/password"' in page.text
    assert page.headers["cache-control"] == "no-store"

    wrong = change(officer, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "Your current password is not correct" in wrong.text  # type: ignore[attr-defined]
    mismatch = change(officer, PASSWORD, NEW_PASSWORD, "something else entirely")
    assert mismatch.status_code == 400  # type: ignore[attr-defined]
    assert "Enter the same new password again" in mismatch.text  # type: ignore[attr-defined]
    short = change(officer, PASSWORD, "too short")
    assert short.status_code == 400  # type: ignore[attr-defined]
    assert "Password must be 12 characters or more" in short.text  # type: ignore[attr-defined]
    same = change(officer, PASSWORD, PASSWORD)
    assert "must be different from your current one" in same.text  # type: ignore[attr-defined]
    blank = change(officer, "", "")
    assert "Enter your current password" in blank.text  # type: ignore[attr-defined]
    assert "Enter a new password" in blank.text  # type: ignore[attr-defined]
    assert sign_in(service, "officer@example.org", PASSWORD) == 303  # nothing changed yet

    done = change(officer, PASSWORD, NEW_PASSWORD)
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert done.headers["location"] == "/staff/password"  # type: ignore[attr-defined]
    assert "Your password has been changed" in officer.get("/staff/password").text
    assert officer.get("/staff", follow_redirects=False).status_code == 200  # still signed in
    # The session signed in with the old password elsewhere has ended.
    assert elsewhere.get("/staff", follow_redirects=False).headers["location"] == "/staff/sign-in"
    assert sign_in(service, "officer@example.org", PASSWORD) == 400
    assert sign_in(service, "officer@example.org", NEW_PASSWORD) == 303
    actions = [action for _, action, _ in audit(service)]
    assert actions.count("password change failed") == 1
    assert actions.count("change password") == 1


def test_a_councillor_can_change_their_password_too(demo_service: Service) -> None:
    councillor = demo_service.signed_in("aston@example.org")
    assert 'href="/staff/password"' in councillor.get("/councillor").text
    assert change(councillor, PASSWORD, NEW_PASSWORD).status_code == 303  # type: ignore[attr-defined]
    assert councillor.get("/councillor", follow_redirects=False).status_code == 200


def test_an_admin_resets_someone_elses_password(demo_service: Service) -> None:
    officer_id = user_id(demo_service, "officer@example.org")
    admin_id = user_id(demo_service, "admin@example.org")
    page = f"/staff/users/{officer_id}/password"
    officer = demo_service.signed_in("officer@example.org")
    assert officer.get(page).status_code == 403
    assert (
        officer.post(page, data={"csrf_token": csrf_from(officer.get("/staff").text)}).status_code
        == 403
    )
    admin = demo_service.signed_in("admin@example.org")
    assert f'href="{page}"' in admin.get("/staff/users").text
    assert admin.get(f"/staff/users/{admin_id}/password").status_code == 403  # use /staff/password
    assert admin.get("/staff/users/999/password").status_code == 404

    mismatch = post_form(
        admin, page, data={"new_password": NEW_PASSWORD, "confirm_password": "another one here"}
    )
    assert mismatch.status_code == 400  # type: ignore[attr-defined]
    done = post_form(
        admin, page, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert "has been reset" in admin.get(page).text
    assert (
        "admin@example.org",
        "reset password",
        f"user {officer_id}",
    ) in audit(demo_service)
    # The officer's session ends; the admin's does not; the new password signs in.
    assert officer.get("/staff", follow_redirects=False).headers["location"] == "/staff/sign-in"
    assert admin.get("/staff/users").status_code == 200
    assert sign_in(demo_service, "officer@example.org", PASSWORD) == 400
    assert sign_in(demo_service, "officer@example.org", NEW_PASSWORD) == 303


@pytest.mark.parametrize("token", [None, "forged.token.value"])
def test_both_password_forms_need_a_valid_csrf_token(
    demo_service: Service, token: str | None
) -> None:
    officer_id = user_id(demo_service, "officer@example.org")
    admin = demo_service.signed_in("admin@example.org")
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    form["confirm_password"] = NEW_PASSWORD
    if token is not None:
        form["csrf_token"] = token
    for path in ("/staff/password", f"/staff/users/{officer_id}/password"):
        response = admin.post(path, data=form, follow_redirects=False)
        assert response.status_code == 403, path
        assert "did not come from this site" in response.text
    assert sign_in(demo_service, "admin@example.org", PASSWORD) == 303
    assert sign_in(demo_service, "officer@example.org", PASSWORD) == 303


def test_a_form_token_from_before_a_change_no_longer_works(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    old_token = csrf_from(officer.get("/staff/password").text)
    assert change(officer, PASSWORD, NEW_PASSWORD).status_code == 303  # type: ignore[attr-defined]
    replay = officer.post(
        "/staff/password",
        data={
            "csrf_token": old_token,
            "current_password": NEW_PASSWORD,
            "new_password": "yet another new passphrase",
            "confirm_password": "yet another new passphrase",
        },
        follow_redirects=False,
    )
    assert replay.status_code == 403


def test_set_password_on_the_command_line(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    url = service.settings.database_url
    signed = service.signed_in("officer@example.org")
    made = runner.invoke(
        app,
        ["consult", "set-password", "--email", "Officer@example.org", "--database-url", url],
        input=f"{NEW_PASSWORD}\n",
    )
    assert made.exit_code == 0, made.output
    assert "Set the password for Officer@example.org" in made.output
    with service.session() as session:
        assert authenticate(session, "officer@example.org", NEW_PASSWORD) is not None
        assert authenticate(session, "officer@example.org", PASSWORD) is None
    assert (
        "command line",
        "reset password",
        f"user {user_id(service, 'officer@example.org')}",
    ) in (audit(service))
    assert signed.get("/staff", follow_redirects=False).headers["location"] == "/staff/sign-in"

    short = runner.invoke(
        app,
        ["consult", "set-password", "--email", "officer@example.org", "--database-url", url],
        input="short\n",
    )
    assert short.exit_code == 1 and "12 characters or more" in short.output
    unknown = runner.invoke(
        app,
        ["consult", "set-password", "--email", "nobody@example.org", "--database-url", url],
        input=f"{NEW_PASSWORD}\n",
    )
    assert unknown.exit_code == 1
    assert "no staff account with the e-mail address 'nobody@example.org'" in unknown.output
    assert isinstance(unknown.exception, SystemExit) and "Traceback" not in unknown.output
