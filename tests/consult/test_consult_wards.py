"""Wards managed: listed, added once whatever the case or spacing, renamed, merged (keeping what
refers to them) and removed; a councillor's wards changed; only admins do any of it."""

from __future__ import annotations

from consult_client import Service, post_form
from sqlalchemy import func, select
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.models import AuditEntry, Response, User, Ward

runner = CliRunner()


def _cli(service: Service, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["consult", *args, "--database-url", service.settings.database_url])
    return result.exit_code, result.output


def test_ward_commands(demo_service: Service) -> None:
    code, output = _cli(demo_service, "add-ward", " aston ", "Abbey", " abbey  ")
    assert code == 0 and "Already there: Aston" in output and output.count("Added: Abbey") == 1
    code, output = _cli(demo_service, "wards")
    assert "Abbey: 0 consultation(s)" in output and "Aston: 1 consultation(s)" in output
    code, output = _cli(demo_service, "rename-ward", "abbey", "Ladywood")
    assert code == 1 and "There is already a ward called Ladywood" in output
    code, output = _cli(demo_service, "rename-ward", "abbey", "Abbey Fields")
    assert code == 0
    code, output = _cli(demo_service, "remove-ward", "nowhere")
    assert code == 1 and "there is no ward called 'nowhere'" in output
    assert _cli(demo_service, "remove-ward", "ABBEY FIELDS")[0] == 0
    with demo_service.session() as session:
        names = session.scalars(select(Ward.name).order_by(Ward.name)).all()
    assert "Abbey" not in names and "Abbey Fields" not in names and len(names) == 6


def test_admins_rename_merge_and_remove_wards_and_set_councillors(demo_service: Service) -> None:
    officer = demo_service.signed_in("officer@example.org")
    assert officer.get("/staff/wards").status_code == 403
    admin = demo_service.signed_in("admin@example.org")
    page = admin.get("/staff/wards").text
    assert "Aston" in page and "aston@example.org" in page
    added = post_form(admin, "/staff/wards", data={"name": "  nechells "})
    assert added.status_code == 303  # type: ignore[attr-defined]
    again = post_form(admin, "/staff/wards", data={"name": "NECHELLS"})
    assert again.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        wards = {w.name: w.id for w in session.scalars(select(Ward))}
        session.add(
            Response(
                consultation_id=1,
                journey_token="t1",
                reference="AAAA-BBBB",
                respondent_type="resident",
                ward_id=wards["nechells"],
            )
        )
        session.commit()
    assert "nechells" in wards and "NECHELLS" not in wards
    nechells, aston = wards["nechells"], wards["Aston"]
    base = f"/staff/wards/{nechells}"
    taken = post_form(admin, base + "/rename", data={"name": "ASTON"})
    assert "There is already a ward called Aston" in taken.text  # type: ignore[attr-defined]
    post_form(admin, base + "/rename", data={"name": "Nechells"})
    used = post_form(admin, base + "/remove")
    assert "merge it into another ward instead" in used.text  # type: ignore[attr-defined]
    merged = post_form(admin, base + "/merge", data={"into": str(aston)})
    assert merged.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        assert session.get(Ward, nechells) is None
        moved = session.scalar(select(Response.ward_id).where(Response.reference == "AAAA-BBBB"))
        assert moved == aston
        councillor = session.scalars(select(User).where(User.role == "councillor")).one()
        edgbaston = session.scalar(select(Ward.id).where(Ward.name == "Edgbaston"))
    post_form(
        admin,
        f"/staff/users/{councillor.id}/wards",
        data={"ward": [str(aston), str(edgbaston)]},
    )
    with demo_service.session() as session:
        councillor = session.scalars(select(User).where(User.role == "councillor")).one()
        assert sorted(w.name for w in councillor.wards) == ["Aston", "Edgbaston"]
        details = dict(
            session.execute(
                select(AuditEntry.action, AuditEntry.detail).where(
                    AuditEntry.action.in_(("rename ward", "merge wards", "set councillor wards"))
                )
            ).all()
        )
        assert session.scalar(select(func.count()).select_from(Ward)) == 6
    assert details["rename ward"] == "nechells -> Nechells"
    assert details["merge wards"] == "Nechells merged into Aston"
    assert details["set councillor wards"] == "aston@example.org: Aston -> Aston, Edgbaston"
