"""What the consultation report says, section by section, as blocks (no I/O: the data is given)."""

from __future__ import annotations

from datetime import date

from townhall.consult.formatting import plain_blocks
from townhall.consult.report.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    Paragraph,
    Table,
    Value,
)
from townhall.consult.report.charts import tally_spec
from townhall.consult.rules.closing import closing_words
from townhall.consult.rules.equality import SUPPRESSION_THRESHOLD
from townhall.consult.services.consultation_report import ReportData, TextQuestion, stance_method

FEWER = f"fewer than {SUPPRESSION_THRESHOLD}"


def report_title(data: ReportData) -> str:
    """The report's title."""
    return f"Consultation report: {data.consultation.title}"


def report_subtitle(data: ReportData) -> str:
    """Dates and the number of responses, under the title."""
    c = data.consultation
    return (
        f"Opened on {_day(c.opens_on)}. {closing_words(data.closing)}. "
        f"{data.total} response{'s' if data.total != 1 else ''}."
    )


def report_blocks(data: ReportData) -> list[Block]:
    """Every section of the report in reading order."""
    return [
        *_summary(data),
        *_choices(data),
        *_who(data),
        *_closed(data),
        *_written(data),
        *_method(data),
    ]


def _share(part: int, whole: int) -> float:
    """`part` as a fraction of `whole` (0 when there is no whole)."""
    return part / whole if whole else 0.0


def _day(value: object) -> str:
    return f"{value.day} {value:%B %Y}" if isinstance(value, date) else str(value)


def _summary(data: ReportData) -> list[Block]:
    blocks: list[Block] = [Heading("Summary"), Paragraph(data.consultation.summary)]
    blocks.append(
        Paragraph(
            f"{data.total} response{'s' if data.total != 1 else ''} were received. Every figure "
            "below counts responses; percentages are of those who answered each question."
        )
    )
    blocks.extend(_corrections(data))
    for text in data.text_questions:
        if text.stances:
            readings = ", ".join(f"{n} {name}" for name, n in text.stances.items())
            blocks.append(
                Paragraph(
                    f"Of the {text.answered} written answers to “{text.question.prompt}”, "
                    f"read for their stance toward the proposal: {readings}."
                )
            )
    return blocks


def _corrections(data: ReportData) -> list[Block]:
    """Corrections made after publishing, and how many responses were sent under each version."""
    if len(data.by_version) < 2:
        return []
    return [
        Paragraph(
            "The consultation was corrected after it was published. Each response is counted "
            "under the version in force when it was sent."
        ),
        Table(
            "Responses by the version they saw",
            ["Version", "From", "What changed and why", "Responses"],
            [
                [
                    version.number,
                    _day(version.made_at.date()),
                    f"{version.reason} (changed: {version.changes})"
                    if version.reason
                    else "As published",
                    count,
                ]
                for version, count in data.by_version
            ],
        ),
    ]


def _choices(data: ReportData) -> list[Block]:
    blocks: list[Block] = [
        Heading("The proposal and the alternatives consulted on"),
        Paragraph(
            "What the council proposed, the alternatives it put to residents with its reasons for "
            "not preferring them, and how respondents answered the options that speak to each."
        ),
    ]
    for choice in data.choices:
        blocks.append(Heading(choice.title, 3))
        blocks.extend(_formatted(choice.description))
        if choice.reason_not_preferred:
            reason = _formatted(choice.reason_not_preferred)
            first = reason[0] if reason else Paragraph("")
            if isinstance(first, Paragraph):  # "Why …: <its first paragraph>", then the rest
                reason[0] = Paragraph(f"Why the council does not prefer it: {first.text}")
            else:
                reason.insert(0, Paragraph("Why the council does not prefer it:"))
            blocks.extend(reason)
        if choice.responses:
            ranked = any(r.mean_rank is not None for r in choice.responses)
            columns = ["Question", "Option", "Count", "Share of those who answered"]
            rows: list[list[Value]] = []
            for r in choice.responses:
                row: list[Value] = [r.prompt, r.option, r.count, r.percent / 100]
                if ranked:
                    row.append(f"{r.mean_rank:.2f}" if r.mean_rank is not None else "–")
                rows.append(row)
            name = "the proposal" if choice.title == "The proposal" else choice.title
            blocks.append(
                Table(
                    f"Responses to {name}",
                    [*columns, "Average rank"] if ranked else columns,
                    rows,
                    (columns[3],),
                )
            )
            if ranked:
                blocks.append(
                    Paragraph(
                        "For ranking questions the count is of first preferences; rank 1 is the most preferred."
                    )
                )
        elif not choice.written:
            blocks.append(
                Paragraph("No question was linked to this by officers; see what people wrote.")
            )
        for question in choice.written:
            blocks.append(
                Paragraph(
                    f"Written answers to question {question.position}, “{question.prompt}”, speak "
                    "to this: see what people wrote."
                )
            )
    blocks.extend(_unlinked(data))
    return blocks


def _formatted(text: str) -> list[Block]:
    """An officer's Markdown as the report's paragraphs and bulleted lists (links as "words
    (address)"), read the same way as on the web pages."""
    return [
        Bullets(list(block.items)) if block.items else Paragraph(block.text)
        for block in plain_blocks(text)
    ]


def _unlinked(data: ReportData) -> list[Block]:
    """The questions and options officers linked to neither the proposal nor an alternative."""
    if not data.unlinked:
        return [
            Paragraph(
                "Officers linked every question and option to the proposal or an alternative."
            )
        ]
    items = [
        f"Question {item.question.position}, “{item.question.prompt}”"
        + (": options " + "; ".join(f"“{label}”" for label in item.options) if item.options else "")
        for item in data.unlinked
    ]
    return [
        Heading("Not linked to the proposal or an alternative", 3),
        Paragraph(
            "Officers did not link these to the proposal or to any alternative, so they are not "
            "shown above; their results are in the sections that follow."
        ),
        Bullets(items),
    ]


def _who(data: ReportData) -> list[Block]:
    blocks: list[Block] = [
        Heading("Who responded"),
        Table(
            "Responses by ward",
            ["Ward", "Responses", "Share of responses"],
            [[name, n, _share(n, data.total)] for name, n in data.by_ward],
            ("Share of responses",),
        ),
        Table(
            "Responses by kind of respondent",
            ["Responding as", "Responses", "Share of responses"],
            [[name, n, _share(n, data.total)] for name, n in data.by_type],
            ("Share of responses",),
        ),
        Heading("Equality monitoring", 3),
        Paragraph(
            "Equality answers were optional and are stored apart from responses. Counts under "
            f"{SUPPRESSION_THRESHOLD} are shown as “{FEWER}”; where only one count would be hidden, "
            "the next smallest is hidden too, so it cannot be worked out from the total."
        ),
    ]
    for table in data.equality:
        given = str(table.total_shown) if table.total_shown is not None else FEWER
        blocks.append(
            Table(
                f"{table.prompt} ({given} gave equality answers)",
                ["Answer", "Count"],
                [
                    [cell.label, cell.shown if cell.shown is not None else FEWER]
                    for cell in table.cells
                ],
            )
        )
    return blocks


def _sectioned(data: ReportData, parts: dict[int, list[Block]]) -> list[Block]:
    """Each question's blocks in the consultation's order, under its section's heading."""
    blocks: list[Block] = []
    current = None
    for question in data.consultation.questions:
        if question.id not in parts:
            continue
        if question.section is not None and question.section is not current:
            blocks.append(Heading(question.section.title, 3))
        current = question.section
        blocks.extend(parts[question.id])
    return blocks


def _question_level(data: ReportData) -> int:
    """Questions sit under their section's heading when there are sections."""
    return 4 if data.consultation.sections else 3


def _answered(data: ReportData, question_id: int, answered: int, what: str = "answered") -> str:
    """ "12 answered", with "of 20 asked" and the routing for a question not everyone was asked."""
    if question_id not in data.asked:
        return f"{answered} {what}."
    return f"{answered} {what}, of {data.asked[question_id]} asked. {data.routing[question_id]}."


def _closed(data: ReportData) -> list[Block]:
    level = _question_level(data)
    parts: dict[int, list[Block]] = {}
    for result in data.closed:
        question, tally = result.question, result.tally
        blocks: list[Block] = [Heading(f"{question.position}. {question.prompt}", level)]
        parts[question.id] = blocks
        note = (
            " People could choose more than one option, so percentages can add up to more than 100."
            if question.kind == "multiple"
            else ""
        )
        if result.ranking:
            note = " The chart shows first preferences."
        blocks.append(Paragraph(_answered(data, question.id, tally.answered) + note))
        if tally.answered:
            blocks.append(
                Chart(
                    tally_spec(tally, f"{question.position}. {question.prompt}"),
                    f"Bar chart of the answers to question {question.position}: "
                    + "; ".join(f"{o.label} {o.percent:.1f}%" for o in tally.options)
                    + ". The same figures are in the table that follows.",
                )
            )
        rows: list[list[Value]] = []
        for index, option in enumerate(tally.options):
            row: list[Value] = [option.label, option.count, option.percent / 100]
            if result.ranking:
                mean = result.ranking[index].mean_rank
                row.append(f"{mean:.2f}" if mean is not None else "–")
            rows.append(row)
        columns = ["Option", "First preferences" if result.ranking else "Count", "Share"]
        blocks.append(
            Table(
                f"Answers to question {question.position}",
                [*columns, "Average rank"] if result.ranking else columns,
                rows,
                ("Share",),
            )
        )
        if others := data.others.get(question.id):
            blocks.append(
                Paragraph(
                    f"What those who chose “Other (please specify)” wrote ({len(others)}), "
                    "with personal details masked:"
                )
            )
            blocks.append(Bullets(others))
    for typed in data.typed:
        question = typed.question
        blocks = [
            Heading(f"{question.position}. {question.prompt}", level),
            Paragraph(_answered(data, question.id, typed.answered)),
        ]
        parts[question.id] = blocks
        if typed.rows:
            blocks.append(
                Table(
                    f"Answers to question {question.position}",
                    ["", "Answers" if question.kind == "postcode" else "Value"],
                    [list(row) for row in typed.rows],
                )
            )
    found: list[Block] = [Heading("Results of the closed questions")]
    if not data.closed:
        found.append(Paragraph("The consultation asked no closed questions."))
    return [*found, *_sectioned(data, parts)]


def _written(data: ReportData) -> list[Block]:
    blocks: list[Block] = [
        Heading("What people wrote"),
        Paragraph(
            "Quotes are residents' own words with names, e-mail addresses, phone numbers, "
            "addresses and postcodes masked, such as [name] or [postcode]."
        ),
    ]
    blocks.extend(
        _sectioned(
            data,
            {
                text.question.id: _text_question(text, data, _question_level(data))
                for text in data.text_questions
            },
        )
    )
    if not data.text_questions:
        blocks.append(Paragraph("The consultation asked no free-text questions."))
    return blocks


def _text_question(text: TextQuestion, data: ReportData, level: int) -> list[Block]:
    question = text.question
    blocks: list[Block] = [
        Heading(f"{question.position}. {question.prompt}", level),
        Paragraph(
            _answered(
                data,
                question.id,
                text.answered,
                f"written answer{'s' if text.answered != 1 else ''}",
            )
        ),
    ]
    if not text.curated or not text.assigned:
        blocks.append(
            Paragraph(
                "The answers have not yet been themed by officers, so no theme counts are given."
            )
        )
    else:
        blocks.append(
            Table(
                "Themes, most common first (an answer can raise more than one)",
                ["Theme", "Answers", "Share of written answers"],
                [[t.label, t.count, _share(t.count, text.answered)] for t in text.themes],
                ("Share of written answers",),
            )
        )
        for theme in text.themes:
            if theme.quotes:
                blocks.append(Heading(f"{theme.label}: what people said", level + 1))
                blocks.append(Bullets(theme.quotes))
    if text.stances:
        blocks.append(
            Table(
                "Stance toward the proposal",
                ["Stance", "Answers"],
                [[name.capitalize(), n] for name, n in text.stances.items()],
            )
        )
    blocks.append(Heading("Campaigns and near-duplicates", level + 1))
    if text.campaign_groups:
        blocks.append(
            Paragraph(
                f"{text.in_campaigns} of the {text.answered} answers are in {text.campaign_groups} "
                "group(s) of the same or nearly the same text, such as organised campaigns. They "
                "are counted separately here and every one is kept and counted above."
            )
        )
        blocks.append(
            Table(
                "Groups of (nearly) identical answers, largest first",
                ["Answers", "Exact copies", "Text"],
                [[c.answers, c.exact_copies, c.text] for c in text.campaigns],
            )
        )
    else:
        blocks.append(Paragraph("No groups of identical or nearly identical answers were found."))
    return blocks


def _method(data: ReportData) -> list[Block]:
    c = data.consultation
    corrections = sum(t.corrections for t in data.text_questions)
    stance_corrections = sum(t.stance_corrections for t in data.text_questions)
    return [
        Heading("Method"),
        Bullets(
            [
                f"The consultation opened on {_day(c.opens_on)} on the council's consultation "
                f"website. {closing_words(data.closing)}. Each response was counted once.",
                "Closed questions are counted over the respondents who answered each one.",
                "Themes in written answers were first suggested by topic modelling of the answers "
                "(TF-IDF with non-negative matrix factorisation), then named, merged, split, deleted "
                "or added by officers. Each answer was then given zero or more themes by a classifier "
                "trained on the officers' themes, seed terms and examples, with a confidence for "
                f"each. Officers read and corrected {corrections} answer(s); their reading stands.",
                "Stance toward the proposal was read by " + stance_method(stance_corrections) + ".",
                "Near-duplicates: answers whose character 5-gram sets have a Jaccard similarity of "
                f"at least {data.duplicate_threshold:.2f} are grouped; nothing is removed.",
                "Personal details in quotes are masked by pattern rules; officers should still read "
                "quotes before publication.",
                f"Equality counts under {SUPPRESSION_THRESHOLD} are suppressed.",
                "Officers linked each question, or each option of a question, to the proposal or "
                "to an alternative when they built the consultation; answers are shown under what "
                "they were linked to, and anything not linked is listed as such.",
            ]
        ),
    ]
