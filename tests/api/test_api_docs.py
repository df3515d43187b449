"""docs/api.md is executable: every example in it runs and prints what the page says."""

from __future__ import annotations

import doctest

import matplotlib.pyplot as plt

from tests.conftest import ROOT

API_PAGE = ROOT / "docs" / "api.md"


def test_api_page_examples_run_as_written() -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    try:
        outcome = doctest.testfile(
            str(API_PAGE), module_relative=False, optionflags=flags, verbose=False
        )
    finally:
        plt.close("all")
    assert outcome.attempted >= 20, "the page lost its examples"
    assert outcome.failed == 0, f"{outcome.failed} example(s) in docs/api.md failed (see above)"
