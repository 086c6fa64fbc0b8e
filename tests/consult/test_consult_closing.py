"""Closing, early or on time, is shown everywhere with the real date and time (UK time)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from consult_client import Service, post_form
from test_consult_corrections import BASE, _published

from townhall.consult.models import Consultation
from townhall.consult.report.content import report_subtitle
from townhall.consult.rules.closing import closing, closing_words
from townhall.consult.services.consultation_report import report_data

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_closing_in_words_in_winter_and_summer_time() -> None:
    # Open: responses are taken until 11:59pm UK time on the closing day.
    assert closing_words(closing("published", date(2026, 12, 2), None, NOW)) == (
        "Closes on 2 December 2026 at 11:59pm"
    )
    # Past its day without an officer closing it.
    assert closing_words(closing("published", date(2026, 11, 1), None, NOW)) == (
        "Closed on 1 November 2026 at 11:59pm"
    )
    # "Close now" at 10:15 UTC in November is 10:15am GMT.
    early = closing("closed", date(2026, 12, 2), datetime(2026, 11, 20, 10, 15, tzinfo=UTC), NOW)
    assert early.early and closing_words(early) == (
        "Closed early on 20 November 2026 at 10:15am "
        "(it was due to close on 2 December 2026 at 11:59pm)"
    )
    # In July 09:00 UTC is 10:00am BST; SQLite gives the time back without its zone.
    summer = closing("closed", date(2026, 7, 31), datetime(2026, 7, 1, 9, 0), NOW)
    assert closing_words(summer).startswith("Closed early on 1 July 2026 at 10:00am")
    # Closed by an officer after its day had ended: it really closed at the end of that day.
    late = closing("closed", date(2026, 7, 1), datetime(2026, 7, 3, 9, 0, tzinfo=UTC), NOW)
    assert not late.early and closing_words(late) == "Closed on 1 July 2026 at 11:59pm"


def test_close_now_is_shown_on_every_page(service: Service) -> None:
    officer = _published(service)
    public = service.client()
    slug = "/consultations/garden-waste-2027"
    assert "Closes on 31 March 2099 at 11:59pm" in public.get(slug).text
    assert post_form(officer, BASE, BASE + "/close", data={"confirm": "yes"}).status_code == 303  # type: ignore[attr-defined]
    pages = {
        "start page": public.get(slug).text,
        "list": public.get("/").text,
        "closed page": public.get(slug + "/respond/about").text,
        "officer page": officer.get(BASE).text,  # type: ignore[attr-defined]
        "dashboard": officer.get("/staff").text,  # type: ignore[attr-defined]
    }
    for name, page in pages.items():
        assert "losed early on " in page, name
        assert "due to close on 31 March 2099 at 11:59pm" in page, name
        assert "Closes on 31 March 2099" not in page, name
    with service.session() as session:
        consultation = session.get(Consultation, 1)
        assert consultation is not None
        assert "Closed early on " in report_subtitle(report_data(session, consultation))
