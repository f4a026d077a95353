"""The remembered number formatting (casework/reports/numbers.py) writes what ReportLab's does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.rl_accel import fp_str as reportlab_fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas, textobject
from reportlab.platypus import tables

from casework.reports import numbers
from casework.reports.fonts import register_fonts

NUMBERS = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.floats(min_value=-2e-6, max_value=2e-6),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.sampled_from([0, 0.0, -0.0, 1, 1.0, 1e-7, 2e-7, 0.5, 9.5, 13.2, 595.2755905511812]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(NUMBERS, min_size=1, max_size=6))
def test_same_text_as_reportlab(values: list[float]) -> None:
    for _ in range(2):  # formatted, then remembered
        assert numbers.fp_str(*values) == reportlab_fp_str(*values)
        assert numbers.fp_str(values) == reportlab_fp_str(values)
        assert numbers.fp_str(tuple(values)) == reportlab_fp_str(tuple(values))
        assert numbers.fp_str(values[0]) == reportlab_fp_str(values[0])


def test_equal_numbers_of_other_types_are_not_confused() -> None:
    numbers.fp_str(1.0)
    assert numbers.fp_str(True) == reportlab_fp_str(True)
    assert numbers.fp_str(range(3)) == reportlab_fp_str(range(3)) == "0 1 2"
    assert numbers.fp_str() == reportlab_fp_str() == ""


def test_the_table_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(numbers, "NUMBERS_KEPT", 10)
    for i in range(50):
        assert numbers.fp_str(i + 0.25) == reportlab_fp_str(i + 0.25)
    assert len(numbers._formatted) <= 10


def test_reportlab_writes_with_it_once_fonts_are_registered() -> None:
    register_fonts()
    for module in (canvas, textobject, pdfdoc, tables):
        assert numbers.installed_in(module), module.__name__
