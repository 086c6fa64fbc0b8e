"""Evidence import: text, PDF and Word documents into passages with their place; bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from deal_documents import write_docx, write_pdf
from hypothesis import given
from hypothesis import strategies as st

from townhall.deals import evidence
from townhall.deals.evidence import (
    MAX_PASSAGE_CHARS,
    clashing_names,
    paragraphs,
    read_documents,
    read_passages,
)
from townhall.deals.evidence_store import load_passages, merge, save_passages
from townhall.problems import InvalidInputError


def test_text_file_splits_into_paragraphs_and_drops_fragments(tmp_path: Path) -> None:
    path = tmp_path / "Deal Summary.txt"
    path.write_text(
        "The city will grow its low carbon economy.\n\n  12  \n\nA second\nparagraph over two lines.\n",
        encoding="utf-8",
    )
    passages = read_passages("testville", path)
    assert [(p.id, p.text) for p in passages] == [
        ("testville:deal-summary.txt:1", "The city will grow its low carbon economy."),
        ("testville:deal-summary.txt:2", "A second paragraph over two lines."),
    ]
    assert passages[1].location == "Deal Summary.txt, paragraph 2"


def test_pdf_passages_carry_their_page(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "deal.pdf",
        [
            [
                "Growth will be framed by a",
                "low carbon vision for the city.",
                "",
                "Jobs and skills come first.",
            ],
            ["Climate change threatens resilient growth."],
        ],
    )
    passages = read_passages("testville", path)
    assert [(p.page, p.paragraph) for p in passages] == [(1, 1), (1, 2), (2, 1)]
    assert passages[0].text == "Growth will be framed by a low carbon vision for the city."
    assert passages[2].id == "testville:deal.pdf:p2.1"
    assert passages[2].location == "deal.pdf, page 2, paragraph 1"


def test_word_paragraphs(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "deal.docx",
        ["Heading", "A fund of ten million pounds.", "", "A new combined authority."],
    )
    assert [p.text for p in read_passages("testville", path)] == [
        "A fund of ten million pounds.",
        "A new combined authority.",
    ]


def test_every_bad_file_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.rtf").write_text("{\\rtf1 hello}", encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"this is not a pdf at all")
    (tmp_path / "broken.docx").write_bytes(b"nor a word file")
    (tmp_path / "short.txt").write_text("12\n\nok\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("word " * 100, encoding="utf-8")
    monkeypatch.setattr(evidence, "MAX_DOCUMENT_BYTES", 100)
    names = [
        "missing.txt",
        "empty.txt",
        "notes.rtf",
        "broken.pdf",
        "broken.docx",
        "short.txt",
        "big.txt",
    ]
    with pytest.raises(InvalidInputError) as caught:
        read_documents("testville", [tmp_path / name for name in names])
    found = {Path(p.source).name: (p.value, p.expected) for p in caught.value.problems}
    assert set(found) == set(names)
    assert found["missing.txt"][1] == "an existing file"
    assert found["empty.txt"] == ("empty", "a document with text")
    assert found["notes.rtf"] == (".rtf", "one of .txt, .pdf, .docx")
    assert found["broken.pdf"][1].startswith("a readable .pdf file")
    assert found["broken.docx"][1].startswith("a readable .docx file")
    assert found["short.txt"][0] == "no text"
    assert found["big.txt"] == ("500 bytes", "at most 25 MB")


def test_a_folder_and_two_files_with_the_same_key(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_text("one two three", encoding="utf-8")
    (tmp_path / "a-b.txt").write_text("four five six", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        read_documents("testville", [tmp_path, tmp_path / "a b.txt", tmp_path / "a-b.txt"])
    assert [p.expected for p in caught.value.problems] == [
        "a file, not a folder",
        f"a name not clashing with {tmp_path / 'a b.txt'}",
    ]


def test_store_replaces_a_reimported_document_and_keeps_the_others(tmp_path: Path) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("Alpha beta gamma.\n\nDelta epsilon zeta.", encoding="utf-8")
    second.write_text("Eta theta iota.", encoding="utf-8")
    save_passages(tmp_path, merge([], read_documents("testville", [first, second])))
    first.write_text("Only one paragraph now.", encoding="utf-8")
    save_passages(tmp_path, merge(load_passages(tmp_path), read_documents("testville", [first])))
    assert [p.id for p in load_passages(tmp_path)] == ["testville:one.txt:1", "testville:two.txt:1"]
    assert not list(tmp_path.glob("*.part"))


def test_a_file_whose_ids_would_clash_with_a_stored_one(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_text("one two three", encoding="utf-8")
    (tmp_path / "A-B.txt").write_text("four five six", encoding="utf-8")
    stored = read_documents("testville", [tmp_path / "a b.txt"])
    imported = read_documents("testville", [tmp_path / "A-B.txt"])
    assert [p.expected for p in clashing_names(stored, imported)] == [
        "a name not clashing with a b.txt, imported before"
    ]
    assert clashing_names(stored, stored) == []


def test_a_damaged_store_is_reported(tmp_path: Path) -> None:
    (tmp_path / "evidence.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        load_passages(tmp_path)
    assert caught.value.problems[0].expected.startswith("valid JSON")


@given(st.lists(st.text(alphabet="abc xyz\n", min_size=0, max_size=3000), max_size=5))
def test_paragraphs_are_never_empty_or_too_long_and_keep_every_word(blocks: list[str]) -> None:
    text = "\n\n".join(blocks)
    pieces = paragraphs(text)
    assert all(0 < len(p) <= MAX_PASSAGE_CHARS for p in pieces)
    kept = [b.split() for b in re.split(r"\n\s*\n", text)]  # a blank line ends a paragraph
    expected_words = [w for words in kept if len(words) >= 3 for w in words]
    assert [w for p in pieces for w in p.split()] == expected_words
