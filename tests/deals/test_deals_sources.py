"""Sources a council would cite: no figure in the bundled deal register or accountability maps rests
on an essay mill, a document-dump site, a wiki mirror or a wiki, and none on a report about another
place (an Ipswich article once stood behind a Birmingham figure)."""

from __future__ import annotations

from urllib.parse import urlsplit

from townhall.deals.register import bundled_register, load_deals
from townhall.mandate.register import bundled_place_names, load_bundled

# Hosts that republish other people's documents or write essays to order: cite the publisher's
# own copy (GOV.UK, the council, the NAO, a committee) instead, or leave the figure unknown.
AGGREGATORS = (
    "docslib.org",
    "ukessays.com",
    "wikisum.wiki",
    "fdocuments.us",
    "fdocuments.in",
    "vdocuments.net",
    "dokumen.tips",
    "doczz.net",
    "paperzz.com",
    "docest.com",
    "businessdocbox.com",
    "careersdocbox.com",
    "liquisearch.com",
    "yesminister.org.uk",
    "wikipedia.org",
)


def _aggregated(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == name or host.endswith("." + name) for name in AGGREGATORS)


def test_no_deal_figure_rests_on_an_aggregator() -> None:
    cited = [
        (deal.id, source.url)
        for deal in load_deals(bundled_register())
        for source in deal.sources.values()
        if source.url
    ]
    assert len(cited) > 100
    assert [(deal, url) for deal, url in cited if _aggregated(url)] == []


def test_no_accountability_map_rests_on_an_aggregator() -> None:
    cited = []
    for place in bundled_place_names():
        register = load_bundled(place)
        for item in [*register.bodies, *register.overseers, *register.roles]:
            cited += [(place, source.url) for source in item.sources]
    assert cited and [(place, url) for place, url in cited if _aggregated(url)] == []


def test_birminghams_deal_cites_no_report_about_ipswich() -> None:
    birmingham = next(deal for deal in load_deals(bundled_register()) if deal.id == "birmingham")
    assert not any(
        "ipswich" in f"{source.url} {source.title}".lower()
        for source in birmingham.sources.values()
    )
