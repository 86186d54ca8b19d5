"""The parse budget's child and the work its parent does meanwhile (``budget.bounded``)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from duban.parse import ParseError
from duban.parse.budget import bounded


def _wait_for(flag: Path) -> int:
    """In the child: returns once ``flag`` exists, which only the parent's ``meanwhile`` creates."""
    for _ in range(500):
        if flag.exists():
            return os.getpid()
        time.sleep(0.01)
    raise ParseError("meanwhile never ran while the child worked")


def test_meanwhile_runs_in_the_parent_while_the_child_works(tmp_path):
    flag = tmp_path / "flag"
    ran_in: list[int] = []

    def meanwhile() -> None:
        ran_in.append(os.getpid())
        flag.touch()

    child = bounded(_wait_for, flag, meanwhile=meanwhile)
    assert ran_in == [os.getpid()]
    assert child != os.getpid()


def test_a_child_that_answers_in_time_is_not_late_because_meanwhile_was_slow(monkeypatch):
    monkeypatch.setenv("DUBAN_PARSE_SECONDS", "0.5")
    assert bounded(sum, [1, 2, 3], meanwhile=lambda: time.sleep(0.8)) == 6


def test_a_child_over_the_budget_is_stopped_with_one_reason(monkeypatch):
    monkeypatch.setenv("DUBAN_PARSE_SECONDS", "0.3")
    with pytest.raises(ParseError, match="DUBAN_PARSE_SECONDS"):
        bounded(time.sleep, 30, meanwhile=lambda: None)
