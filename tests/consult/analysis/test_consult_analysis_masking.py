"""Personal data is masked with tags; the original is untouched; tricky forms are caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from townhall.consult.analysis.masking import mask_personal_data


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("I live in B23 6TH.", "I live in [postcode]."),
        ("my postcode is b19 3lp", "my postcode is [postcode]"),
        ("Postcode SW1A1AA at the end", "Postcode [postcode] at the end"),
        ("Call 07734 556 201 today", "Call [phone] today"),
        ("Ring +44 7734 556201, or +44 (0)121 496 0734.", "Ring [phone], or [phone]."),
        ("Office: (0121) 496-0734", "Office: [phone]"),
        ("ring 0044 121 496 0734 now", "ring [phone] now"),
        ("Dr. Singh and Cllr Jones agree", "[name] and [name] agree"),
        ("We live at 221B Baker Street, London NW1 6XE", "We live at [address], London [postcode]"),
        ("email first.last+tag@council.gov.uk.", "email [email]."),
        ("Mail joanne.mc.bride@hotmail.co.uk please", "Mail [email] please"),
        ("Mr Smith said no.", "[name] said no."),
        ("Thanks, Mrs J. Okafor", "Thanks, [name]"),
        ("Hi my name is Kelly and I'm 23", "Hi my name is [name] and I'm 23"),
        ("Regards, Simon Bright", "Regards, [name]"),
        (
            "Yours faithfully, Margaret O'Neill, 7 Church Street, B19 3LP",
            "Yours faithfully, [name], [address], [postcode]",
        ),
        ("Flat 2, 14 Moor Lane is my address", "[address] is my address"),
        (
            "I urge you to think again. Ahmed Rashid, Sparkbrook",
            "I urge you to think again. [name], Sparkbrook",
        ),
    ],
)
def test_masks(text: str, masked: str) -> None:
    assert mask_personal_data(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "I pay £3.43 a week, £178 a year, 24% on Band A.",
        "My reference is 123456789.",
        "Eric Pickles is to blame.",
        "Thanks, I'm grateful",
        "I found out from Facebook.",
        "Birmingham City Council should think again.",
        "There are 45,000 people on JSA and 5,000 vacancies.",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert mask_personal_data(text).text == text


def test_original_is_kept_and_replacements_listed() -> None:
    original = "My name is Darren Whitfield, call 07734 556 201 or d.w@x.org"
    masked = mask_personal_data(original)
    assert masked.text == "My name is [name], call [phone] or [email]"
    assert masked.replaced == [
        ("email", "d.w@x.org"),
        ("phone", "07734 556 201"),
        ("name", "Darren Whitfield"),
    ]
    assert original.startswith("My name is Darren")


@given(st.text(max_size=80))
def test_masking_twice_changes_nothing_more(text: str) -> None:
    once = mask_personal_data(text).text
    assert mask_personal_data(once).text == once


@given(st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8}){0,2}@[a-z]{2,8}\.(co\.uk|org|com)", fullmatch=True))
def test_no_email_survives(email: str) -> None:
    assert "@" not in mask_personal_data(f"write to {email}.").text
