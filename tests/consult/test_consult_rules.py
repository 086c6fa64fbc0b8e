"""The consultation's pure rules: valid answers, counting, suppression, dates, uploads, forms."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from townhall.consult.rules.availability import availability
from townhall.consult.rules.counting import compare_with_area, rank_summary, tally
from townhall.consult.rules.details import consultation_details, question_details
from townhall.consult.rules.equality import equality_problems, suppress
from townhall.consult.rules.questions import AnswerValue, QuestionSpec, answer_problem, read_answer
from townhall.consult.rules.references import is_reference, new_reference
from townhall.consult.rules.respondents import email_problem
from townhall.consult.rules.uploads import document_problem, safe_filename

SINGLE = QuestionSpec("single", required=True, max_length=0, choice_ids=(1, 2, 3))
RANKING = QuestionSpec("ranking", required=True, max_length=0, choice_ids=(7, 8, 9))
TEXT = QuestionSpec("text", required=False, max_length=10)


def test_a_required_single_choice_must_be_answered_with_one_shown_option() -> None:
    assert answer_problem(SINGLE, AnswerValue()) == "Select an option"
    assert answer_problem(SINGLE, AnswerValue(choice_ids=(2,))) is None
    assert answer_problem(SINGLE, AnswerValue(choice_ids=(4,))) == "Select one of the options shown"
    assert answer_problem(SINGLE, AnswerValue(choice_ids=(1, 2))) == "Select only one option"


def test_free_text_over_its_limit_says_how_long_it_is() -> None:
    assert answer_problem(TEXT, AnswerValue(text="x" * 10)) is None
    assert answer_problem(TEXT, AnswerValue(text="x" * 11)) == (
        "Your answer must be 10 characters or fewer (it has 11)"
    )
    assert answer_problem(TEXT, AnswerValue()) is None  # optional
    assert "cannot be stored" in (answer_problem(TEXT, AnswerValue(text="a\x00b")) or "")


def test_ranking_needs_each_number_once() -> None:
    form = {"rank-7": ["2"], "rank-8": ["1"], "rank-9": ["3"]}
    assert answer_problem(RANKING, read_answer(RANKING, form)) is None
    repeated = read_answer(RANKING, {"rank-7": ["1"], "rank-8": ["1"], "rank-9": ["3"]})
    assert answer_problem(RANKING, repeated) == "Use each number only once"
    out_of_range = read_answer(RANKING, {"rank-7": ["1"], "rank-8": ["2"], "rank-9": ["4"]})
    assert answer_problem(RANKING, out_of_range) == "Use whole numbers from 1 to 3"
    partial = read_answer(RANKING, {"rank-7": ["1"]})
    assert answer_problem(RANKING, partial) == "Put a number next to each option"


def test_reading_a_form_keeps_what_was_typed_for_showing_again() -> None:
    answer = read_answer(TEXT, {"answer": ["  line one\r\nline two  "]})
    assert answer.text == "line one\nline two"
    assert AnswerValue.from_data(answer.to_data()) == answer
    ranked = read_answer(RANKING, {"rank-7": ["x"]})
    assert ranked.rank_of(7) == "x"


def test_tally_counts_respondents_and_percentages_of_those_who_answered() -> None:
    # Four responses: two chose A, one chose A and B (multiple choice), one did not answer.
    result = tally([(1, "A"), (2, "B")], [{1}, {1}, {1, 2}, set()])
    assert result.answered == 3
    assert [(o.label, o.count, round(o.percent, 1)) for o in result.options] == [
        ("A", 3, 100.0),
        ("B", 1, 33.3),
    ]


def test_rank_summary_first_preferences_and_mean_rank() -> None:
    summaries = rank_summary([(1, "A"), (2, "B")], [{1: 1, 2: 2}, {1: 2, 2: 1}, {1: 1, 2: 2}])
    assert [(s.label, s.first_preferences, s.mean_rank) for s in summaries] == [
        ("A", 2, 4 / 3),
        ("B", 1, 5 / 3),
    ]


def test_a_ward_is_compared_with_the_whole_area_in_percentage_points() -> None:
    ward = tally([(1, "Agree"), (2, "Disagree")], [{1}, {2}, {2}, {2}])  # 25% agree
    area = tally([(1, "Agree"), (2, "Disagree")], [{1}] * 6 + [{2}] * 4)  # 60% agree
    rows = compare_with_area(ward, area)
    assert [(r.label, r.ward_count, r.difference_points) for r in rows] == [
        ("Agree", 1, -35.0),
        ("Disagree", 3, 35.0),
    ]


def test_small_counts_are_suppressed_with_a_second_cell_when_only_one_would_be() -> None:
    cells = suppress([("Yes", 12), ("No", 3), ("Prefer not to say", 7)])
    assert [cell.shown for cell in cells] == [12, None, None]
    cells = suppress([("Yes", 12), ("No", 3), ("Prefer not to say", 0)])
    assert [cell.shown for cell in cells] == [12, None, None]
    assert [c.shown for c in suppress([("Yes", 5), ("No", 9)])] == [5, 9]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8))
def test_no_small_count_is_shown_and_no_hidden_count_can_be_derived(counts: list[int]) -> None:
    cells = suppress([(str(index), count) for index, count in enumerate(counts)])
    assert all(cell.shown is None for cell in cells if cell.count < 5)
    assert all(cell.shown in (None, cell.count) for cell in cells)
    hidden = [cell for cell in cells if cell.shown is None]
    assert len(hidden) != 1  # one hidden cell could be worked out as the total less the others


def test_equality_answers_need_consent_and_known_options() -> None:
    assert equality_problems({"sex": "", "age_band": ""}, consent=False) == {}
    assert "consent" in equality_problems({"sex": "Female"}, consent=False)
    assert equality_problems({"sex": "Female"}, consent=True) == {}
    assert "sex" in equality_problems({"sex": "Robot"}, consent=True)


def test_a_consultation_takes_responses_only_when_published_and_within_its_dates() -> None:
    opens, closes = date(2012, 9, 3), date(2012, 12, 2)
    assert availability("published", opens, closes, date(2012, 12, 2)) == "open"  # the last day
    assert availability("published", opens, closes, date(2012, 12, 3)) == "closed"
    assert availability("published", opens, closes, date(2012, 9, 2)) == "not_yet_open"
    assert availability("closed", opens, closes, date(2012, 10, 1)) == "closed"
    assert availability("draft", opens, closes, date(2012, 10, 1)) == "draft"


def test_receipt_references_are_short_and_unambiguous() -> None:
    references = {new_reference() for _ in range(500)}
    assert len(references) == 500
    assert all(is_reference(reference) for reference in references)
    assert not any(character in "".join(references) for character in "01IO")


def test_uploads_are_checked_by_extension_content_and_size() -> None:
    assert document_problem("plan.pdf", b"%PDF-1.7 ...", 1000) is None
    assert "does not match" in (document_problem("plan.pdf", b"MZ\x90\x00", 1000) or "")
    assert "must be a PDF" in (document_problem("run.exe", b"MZ", 1000) or "")
    assert "smaller than" in (document_problem("big.txt", b"x" * 2_000_000, 1_048_576) or "")
    assert "empty" in (document_problem("none.txt", b"", 1000) or "")
    assert safe_filename("../../etc/pass wd.pdf") == "pass-wd.pdf"
    assert safe_filename('a"<script>.pdf') == "a-script-.pdf"


def test_consultation_form_reports_every_problem_at_once() -> None:
    details, problems = consultation_details(
        {
            "title": "",
            "slug": "Bad Slug",
            "summary": "s",
            "proposal": "",
            "opens_on": "2012-12-02",
            "closes_on": "2012-09-03",
        }
    )
    assert details is None
    assert set(problems) == {"title", "slug", "proposal", "closes_on"}


def test_question_form_needs_options_for_closed_questions() -> None:
    _, problems = question_details({"kind": "single", "prompt": "Which?", "choices": "Only one"})
    assert "choices" in problems
    details, problems = question_details({"kind": "scale", "prompt": "Agree?", "choices": ""})
    assert problems == {} and details is not None and details.choices == ()
    _, problems = question_details({"kind": "text", "prompt": "Why?", "max_length": "999999"})
    assert "max_length" in problems


def test_receipt_email_is_optional_but_must_look_like_an_address() -> None:
    assert email_problem("") is None
    assert email_problem("name@example.com") is None
    assert email_problem("not an address") is not None


def test_officers_errors_name_fields_and_options_as_the_form_shows_them() -> None:
    from townhall.consult.rules.details import consultation_details, question_details

    _, problems = consultation_details({"title": "T", "slug": "", "summary": "", "proposal": ""})
    assert problems["slug"] == "Enter the web address name"
    assert problems["summary"] == "Enter the summary"
    _, problems = question_details({"kind": "single", "prompt": "", "choices": "Yes\nNo\nyes"})
    assert problems["prompt"] == "Enter the question"
    assert problems["choices"] == "Option 3, “yes”, is the same as option 1"
    _, problems = question_details(
        {"kind": "single", "prompt": "Q", "choices": "Yes\n" + "x" * 201 + "\nNo\nNo"}
    )
    assert problems["choices"] == (
        "Option 2 must be 200 characters or fewer (it has 201); "
        "Option 4, “No”, is the same as option 3"
    )
