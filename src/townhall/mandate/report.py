"""A place's accountability map as one offline HTML report and an Excel workbook with the same tables."""

from __future__ import annotations

from pathlib import Path

from townhall.mandate.diagram import diagram_sentences, map_chart
from townhall.mandate.measures import Fragmentation, fragmentation
from townhall.mandate.register import Register
from townhall.mandate.tables import (
    MONEY,
    PERCENT,
    bodies_table,
    roles_table,
    services_table,
    spending_table,
    summary_table,
)
from townhall.mandate.vocabulary import SERVICES
from townhall.reports.excel import write_workbook
from townhall.reports.formats import millions, percent
from townhall.reports.html import HtmlReport


def summary_sentences(register: Register, measures: Fragmentation) -> list[str]:
    """The measures in plain English, each figure with what it is taken over."""
    spending = measures.spending
    busiest = ", ".join(SERVICES[s] for s in measures.busiest_services)
    sentences = [
        f"{len(register.bodies)} bodies have a part in {len(measures.per_service)} local services in "
        f"{register.place.name}: {measures.mean_bodies_per_service:.2f} bodies per service on average, "
        f"and {measures.max_bodies_per_service} for {busiest}.",
        f"{percent(measures.share_all_directly_elected)} of the services with a deciding body recorded are "
        f"decided only by bodies that local voters elect directly; "
        f"{percent(measures.share_any_directly_elected)} have at least one such body among those deciding.",
    ]
    if spending.share is None:
        sentences.append("No spending figure is recorded, so no spending share can be given.")
    else:
        sentences.append(
            f"Of the {millions(spending.total_pounds)} a year of recorded spending by deciding bodies, "
            f"{percent(spending.share)} is under directly elected local control. Only "
            f"{len(spending.counted)} of {len(spending.counted) + len(spending.missing)} deciding bodies "
            f"have a figure (coverage {percent(spending.coverage, 0)}); those without one are excluded: "
            f"{', '.join(register.body(b).name for b in spending.missing) or 'none'}."
        )
    if measures.unmapped_services:
        sentences.append(
            "Services not mapped here: "
            + ", ".join(SERVICES[s] for s in measures.unmapped_services)
            + "."
        )
    return sentences


def resident_summary(register: Register, measures: Fragmentation) -> list[str]:
    """The same measures for residents: no averages to two places, no 'coverage', and what is
    left out said in words."""
    spending = measures.spending
    busiest = " and ".join(SERVICES[s] for s in measures.busiest_services)
    typical = round(measures.mean_bodies_per_service)
    sentences = [
        f"{len(register.bodies)} organisations have a part in running {len(measures.per_service)} "
        f"local services in {register.place.name}. Most services involve "
        f"{'one' if typical <= 1 else 'one or two' if typical == 2 else f'about {typical}'} of them; "
        f"{busiest} {'involves' if len(measures.busiest_services) == 1 else 'each involve'} "
        f"{measures.max_bodies_per_service}.",
    ]
    if measures.share_all_directly_elected is not None:
        sentences.append(
            f"For {percent(measures.share_all_directly_elected, 0)} of the services where we know "
            "who decides, everyone deciding is elected directly by local voters; for "
            f"{percent(measures.share_any_directly_elected, 0)}, at least one of them is."
        )
    if spending.share is None:
        sentences.append(
            "We have no spending figures, so we cannot say how much of the money is decided by people local voters elect."
        )
    else:
        left_out = [register.body(b).name for b in spending.missing]
        sentences.append(
            f"Of the {millions(spending.total_pounds)} a year we know the deciding organisations "
            f"spend, {percent(spending.share, 0)} is decided by people local voters elect directly."
            + (
                f" This leaves out {len(left_out)} of the "
                f"{len(spending.counted) + len(left_out)} deciding organisations, whose spending "
                f"here is not published: {', '.join(left_out)}."
                if left_out
                else ""
            )
        )
    if measures.unmapped_services:
        sentences.append(
            "Not yet mapped here: "
            + ", ".join(SERVICES[s] for s in measures.unmapped_services)
            + "."
        )
    return sentences


def build_report(register: Register) -> HtmlReport:
    """The whole map: summary, who decides each service, the diagram, measures, spending, sources."""
    measures = fragmentation(register)
    place = register.place
    report = HtmlReport(
        title=f"Who answers for local services in {place.name}",
        subtitle=f"Accountability map; facts checked on {place.checked:%d %B %Y}",
    )
    report.add_heading("Summary")
    for sentence in summary_sentences(register, measures):
        report.add_paragraph(sentence)
    if place.note:
        report.add_paragraph(place.note)
    report.add_heading("Who decides each service")
    report.add_table(
        roles_table(register), "Each body's part in each service, deciding bodies first"
    )
    report.add_heading("The map")
    report.add_chart(
        map_chart(register),
        "Diagram: bodies on the left (marker shape and label say how each is chosen), services on the "
        "right, a line for each role (its dash says which). The same map in words follows.",
    )
    report.add_list(diagram_sentences(register))
    report.add_heading("Fragmentation")
    report.add_table(summary_table(measures), "Measures of fragmentation", percent=PERCENT)
    report.add_table(services_table(register, measures), "Bodies per service and who decides")
    report.add_heading("Spending")
    report.add_paragraph(
        "Only bodies that decide or commission a service count, so that money passed from a "
        "commissioner to a provider is not counted twice. Bodies with no published figure are listed "
        "as missing and excluded; figures cover each body's own area and year, as stated."
    )
    report.add_table(spending_table(register, measures), "Spending by body, £ a year", money=MONEY)
    report.add_heading("Bodies and sources")
    report.add_table(
        bodies_table(register).drop("sources"),
        "Every body, how it is chosen and whom it answers to",
    )
    report.add_definitions(
        {
            body.name: " ".join(filter(None, [body.chosen_detail, body.note]))
            + " Sources: "
            + "; ".join(f"{s.title} ({s.url})" for s in body.sources)
            for body in register.bodies
        }
    )
    report.add_paragraph(
        f"Facts were checked on {place.checked:%d %B %Y}. Governance changes over time: check the "
        "sources before relying on any line of this map."
    )
    return report


def write_excel(register: Register, path: str | Path) -> Path:
    """The same tables as the report, one sheet each, money in £ and shares as percentages."""
    measures = fragmentation(register)
    return write_workbook(
        path,
        {
            "measures": summary_table(measures),
            "services": services_table(register, measures),
            "roles": roles_table(register),
            "bodies": bodies_table(register),
            "spending": spending_table(register, measures),
        },
        money=MONEY,
        percent=PERCENT,
    )
