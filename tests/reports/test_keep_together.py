"""Blocks kept together are measured without a copy of the frame, and lay out as ReportLab's."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import CondPageBreak, KeepTogether, SimpleDocTemplate, Spacer, Table
from reportlab.platypus.flowables import XBox

from casework.reports.layout import Para, styles
from casework.reports.tables import KeepTogetherMeasured


def _story(keep: type) -> list:
    st = styles()
    story = []
    for i in range(30):
        story.append(
            keep(
                [
                    Para(f"Goal {i}: " + "steady work " * (i % 7 + 3), st.h3),
                    Table([["Action", "Due"], [f"Step {i}", "2026-03-04"]] * (i % 4 + 1)),
                    Spacer(1, 8),
                ]
            )
        )
        if i % 9 == 4:  # generated content: measured as ReportLab does
            story.append(keep([Para("Conditional", st.body), CondPageBreak(200)]))
    return story


def _pages(keep: type) -> list[str]:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    frames: list[object] = []

    def after_flowable(flowable: object) -> None:
        if type(flowable).__name__ != "_FrameBreak":  # after a frame break there is none yet
            frames.append(doc.frame)

    doc.afterFlowable = after_flowable
    doc.build(_story(keep))
    assert all(f is not None for f in frames)  # the frame is back after every measure
    return [p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages]


def test_same_pages_as_reportlabs_keep_together():
    ours, theirs = _pages(KeepTogetherMeasured), _pages(KeepTogether)
    assert len(ours) > 3
    assert ours == theirs


def test_nested_blocks_of_paragraphs_add_nothing_but_another_flowable_may() -> None:
    st = styles()
    inner = KeepTogetherMeasured([Para("Goal", st.h3), Spacer(1, 8)])
    assert KeepTogetherMeasured([Para("Goals", st.h2), inner]).adds_nothing()
    drawing = KeepTogetherMeasured([Para("A drawing", st.body), XBox(20, 20)])
    assert not KeepTogetherMeasured([Para("Goals", st.h2), drawing]).adds_nothing()


def test_a_documents_headings_are_kept_with_what_follows_without_a_copy_of_the_frame(
    monkeypatch,
) -> None:
    """The pages' build groups a heading with what follows (keepWithNext) in a measured
    block: the frame is copied only for generated content."""
    from reportlab.platypus import flowables

    from casework.i18n import Lang
    from casework.reports.pages import PageSpec, render

    copies: list[object] = []
    real = flowables.deepcopy
    monkeypatch.setattr(flowables, "deepcopy", lambda x: copies.append(x) or real(x))
    st = styles()
    story = []
    for i in range(12):
        story += [Para(f"Heading {i}", st.h2), KeepTogetherMeasured(_story(list)[i])]
    render(story, PageSpec(Lang("en"), "Plan", "Org", "REF", ""))
    assert copies == []
    render(
        [Para("Heading", st.h2), XBox(20, 20)],
        PageSpec(Lang("en"), "Plan", "Org", "REF", ""),
    )
    assert copies  # any other flowable: measured as ReportLab does
