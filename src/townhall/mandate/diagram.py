"""The map as a diagram: bodies on the left, services on the right, a line for each role.

How a body is chosen is shown by its marker's shape and in its label, and a role by the line's dash
as well as its colour, so the diagram reads without colour; `diagram_sentences` is its text
alternative.
"""

from __future__ import annotations

from typing import Any

from townhall.mandate.lookup import who_decides
from townhall.mandate.register import Register
from townhall.mandate.vocabulary import DECIDING_ROLES, ROLES, SELECTIONS_SHORT, SERVICES

SHAPES = {
    "elected locally": "circle",
    "directly elected": "diamond",
    "indirectly elected": "square",
    "appointed nationally": "triangle-up",
    "board appointed": "cross",
    "part of another body": "triangle-down",
}
DASHES = {
    "decides": [1, 0],
    "commissions": [8, 3],
    "runs": [3, 3],
    "funds": [1, 4],
    "oversees": [10, 4, 2, 4],
}
ROW_HEIGHT = 26


def _positions(count: int, rows: int) -> list[float]:
    """`count` positions spread evenly over `rows` rows, so both columns fill the same height."""
    if count == 1:
        return [(rows - 1) / 2]
    return [index * (rows - 1) / (count - 1) for index in range(count)]


def map_chart(register: Register) -> Any:
    """An Altair layered chart of the register as a bipartite diagram of bodies and services."""
    import altair as alt

    order = list(SELECTIONS_SHORT)
    bodies = sorted(register.bodies, key=lambda b: (order.index(b.chosen), b.name))
    services = register.mapped_services()
    rows = max(len(bodies), len(services))
    body_y = dict(zip([b.id for b in bodies], _positions(len(bodies), rows), strict=True))
    service_y = dict(zip(services, _positions(len(services), rows), strict=True))
    nodes = [
        {
            "x": 0.0,
            "y": body_y[b.id],
            "label": f"{b.name} ({SELECTIONS_SHORT[b.chosen]})",
            "chosen": SELECTIONS_SHORT[b.chosen],
        }
        for b in bodies
    ]
    service_nodes = [{"x": 1.0, "y": service_y[s], "label": SERVICES[s]} for s in services]
    edges = []
    for index, role in enumerate(register.roles):
        for x, y in ((0.0, body_y[role.body]), (1.0, service_y[role.service])):
            edges.append({"edge": index, "x": x, "y": y, "role": role.role})
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.05, 1.05]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-0.5, rows - 0.5], reverse=True))
    lines = (
        alt.Chart(alt.Data(values=edges))
        .mark_line(strokeWidth=1.8, opacity=0.9)
        .encode(
            x=x,
            y=y,
            detail="edge:N",
            strokeDash=alt.StrokeDash(
                "role:N",
                title="Role (line)",
                scale=alt.Scale(domain=list(DASHES), range=list(DASHES.values())),
            ),
            color=alt.Color(
                "role:N",
                title="Role (line)",
                scale=alt.Scale(
                    domain=list(DASHES),
                    range=["#0b0c0c", "#1d70b8", "#00703c", "#b58840", "#6f72af"],
                ),
            ),
        )
    )
    body_points = (
        alt.Chart(alt.Data(values=nodes))
        .mark_point(filled=True, size=140, color="#0b0c0c")
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "chosen:N",
                title="How the body is chosen (marker)",
                scale=alt.Scale(domain=list(SHAPES), range=list(SHAPES.values())),
            ),
        )
    )
    body_labels = (
        alt.Chart(alt.Data(values=nodes))
        .mark_text(align="right", dx=-12, fontSize=12)
        .encode(x=x, y=y, text="label:N")
    )
    service_points = (
        alt.Chart(alt.Data(values=service_nodes))
        .mark_point(shape="square", size=90, filled=False, color="#0b0c0c", strokeWidth=1.5)
        .encode(x=x, y=y)
    )
    service_labels = (
        alt.Chart(alt.Data(values=service_nodes))
        .mark_text(align="left", dx=12, fontSize=12)
        .encode(x=x, y=y, text="label:N")
    )
    return (
        alt.layer(lines, body_points, body_labels, service_points, service_labels)
        .resolve_scale(color="independent", shape="independent", strokeDash="independent")
        .properties(
            width=360,
            height=rows * ROW_HEIGHT,
            title=f"Who has a part in each service in {register.place.name}",
            padding=10,
        )
        .configure_view(stroke=None)
        .configure_legend(orient="bottom", direction="vertical", columns=3)
    )


def diagram_sentences(register: Register) -> list[str]:
    """The diagram in words: for each service, who decides it and who else has a part."""
    sentences = []
    for service in register.mapped_services():
        answers = who_decides(register, service)
        deciding = [
            f"{a.body_name} ({SELECTIONS_SHORT[register.body(a.body_id).chosen]})"
            for a in answers
            if a.role in DECIDING_ROLES
        ]
        others = [
            f"{a.body_name} {ROLES[a.role].split(' (')[0]}"
            for a in answers
            if a.role not in DECIDING_ROLES
        ]
        text = f"{SERVICES[service]}: "
        text += "decided by " + " and ".join(deciding) if deciding else "no deciding body recorded"
        if others:
            text += "; " + ", ".join(others)
        sentences.append(text + ".")
    return sentences
