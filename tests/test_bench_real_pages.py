"""bench/real_pages.py scores by the rules of the real pages' README, and says so when the pages are absent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.real_pages import main, recall_precision, same_published, same_terms, words


def test_words_are_nfc_lower_case_with_punctuation_and_symbols_stripped_from_the_ends() -> None:
    assert words("Cafe\u0301, «CAFÉ» don't — 5€ (x)") == Counter({"café": 2, "don't": 1, "5": 1, "x": 1})


def test_recall_and_precision_count_words_as_multisets() -> None:
    assert recall_precision("a a b c", "a b b") == (0.5, 2 / 3)
    assert recall_precision("a", "") == (0.0, 0.0)


def test_published_compares_instants_or_the_date_alone() -> None:
    assert same_published("2020-05-13T12:57:19+05:30", "2020-05-13T07:27:19+00:00")
    assert not same_published("2020-05-13T12:57:19+05:30", "2020-05-13T12:57:19+00:00")
    assert not same_published("2020-05-13T12:57:19+05:30", "2020-05-13T12:57:19")
    assert same_published("2009-06-05", "2009-06-05T10:00:00+02:00")
    assert not same_published("2009-06-05", None)


def test_terms_compare_case_insensitively_in_any_order() -> None:
    assert same_terms(["Italy", "corona"], ("Corona", "italy"))
    assert not same_terms([], ("News",))


def test_an_absent_folder_is_skipped_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--pages", str(tmp_path / "absent")]) == 0
    assert "skipped: no real pages" in capsys.readouterr().out
