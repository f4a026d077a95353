"""Table columns sized to their (translated) titles and rows, and fitted to the table's width:
no horizontal scroll bar for a few pixels, never a title cut, long cells elided (tooltips have
them whole)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import ceil

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

FIT_ROWS = 60


def text_widths(view: QTableView, texts: Callable[[int], Sequence[str]], rows: int) -> list[int]:
    """Each column's width for the first `rows` rows' display texts (`texts(row)`), as Qt's
    item delegate would ask for them: the text, the item's margins, the grid line. A model
    that keeps its texts (`cell_texts(row)`, and `cell_icon(row, column)` for a decoration) is
    fitted this way: `resizeColumnsToContents` calls the model in Python for every cell in
    about eight roles, which was most of a list's first fill (issue 13)."""
    view.ensurePolished()  # as Qt's own fitting does: the style sheet's font (zoom) applies
    model = view.model()
    metrics = QFontMetricsF(view.font())
    style = view.style()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    icon = view.iconSize().width()
    if icon <= 0:
        icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
    has_icon = getattr(model, "cell_icon", None)
    measured: dict[str, int] = {"": 0}  # a list repeats its states, services and dates

    def advance(text: str) -> int:
        width = measured.get(text)
        if width is None:
            width = measured[text] = ceil(metrics.horizontalAdvance(text))
        return width

    widths = [0] * model.columnCount()
    for row in range(rows):
        for column, text in enumerate(texts(row)):
            width = advance(text)
            if has_icon is not None and has_icon(row, column):
                width += icon + margin
            if width > widths[column]:
                widths[column] = width
    grid = 1 if view.showGrid() else 0
    return [w + margin + grid if w else 0 for w in widths]


def _resize_to_contents(view: QTableView, titles: dict[int, int]) -> None:
    """`view.resizeColumnsToContents()`, from the model's own texts when it keeps them: every
    shown section but a stretched last one gets its contents' or its title's width, then the
    header lays its sections out as Qt's own fitting does (the stretched one takes the rest)."""
    model = view.model()
    texts = getattr(model, "cell_texts", None)
    if texts is None:
        view.resizeColumnsToContents()
        return
    header = view.horizontalHeader()
    shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
    last = max(shown, key=header.visualIndex) if shown and header.stretchLastSection() else -1
    least, most = header.minimumSectionSize(), header.maximumSectionSize()
    widths = text_widths(view, texts, min(model.rowCount(), FIT_ROWS))
    for i in shown:
        if i != last:
            # `sectionSizeHint`, our models giving no SizeHintRole: the title's width.
            width = max(widths[i], titles[i])
            header.resizeSection(i, min(max(width, least), most))
    header.resizeSections(QHeaderView.ResizeMode.Interactive)


def fit_columns(view: QTableView, cap: int = 320) -> None:
    """Size columns to their (translated) headers and loaded rows whenever the rows are
    replaced; Qt measures at most `FIT_ROWS` rows, so a long list costs no more than a screen.
    `cap_column()` narrows one column (long names are elided, the tooltip has them whole)."""

    def fit() -> None:
        model = view.model()
        if model is None:
            return
        header = view.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        # Each title's width, measured once per fit: Qt asks the model for a dozen roles each
        # time (three times per column per fit made the titles most of a fit, issue 13).
        titles = _title_widths(header)
        _resize_to_contents(view, titles)
        caps: dict[int, int] = getattr(view, "column_caps", {})
        chars = view.fontMetrics().averageCharWidth()
        for i in range(model.columnCount()):
            limit = caps[i] * chars if i in caps else cap * chars // 7  # 320 px at desk size
            # A cap elides long cell texts (tooltips have them), never the column's title.
            limit = max(limit, titles[i])
            header.resizeSection(i, min(header.sectionSize(i), limit))
        keep_titles_whole(view, titles)
        stretcher = getattr(view, "stretcher", None)
        if stretcher is not None:
            stretcher.apply()
        fit_to_width(view, titles)

    view.model().modelReset.connect(fit)
    view.model().headerDataChanged.connect(lambda *_a: fit())
    _WidthKeeper(view, refit=fit)


def optional_columns(view: QAbstractItemView, columns: Sequence[int]) -> None:
    """Columns a narrow table may leave out (first listed, first left out) rather than scroll
    sideways or cut titles; they come back when the table is wide enough. What they show is
    also in the row's detail or tooltip."""
    view.optional_columns = list(columns)  # type: ignore[attr-defined]
    fit_to_width(view)


def _title_widths(header: QHeaderView) -> dict[int, int]:
    """Each column's title width, measured once per fit (asking Qt for it is not free)."""
    return {i: header.sectionSizeFromContents(i).width() for i in range(header.count())}


def _fit_optional(view: QAbstractItemView, header: QHeaderView, titles: dict[int, int]) -> None:
    """Leave out optional columns while even the titles do not fit; bring them back when
    they do."""
    optional: list[int] = getattr(view, "optional_columns", [])
    if not optional:
        return
    left_out: set[int] = getattr(view, "left_out_columns", set())
    view.left_out_columns = left_out  # type: ignore[attr-defined]
    room = view.viewport().width()

    def needed() -> int:
        shown = [i for i in titles if not header.isSectionHidden(i)]
        if not shown:
            return 0
        total = sum(titles[i] for i in shown)
        if header.stretchLastSection():  # Qt keeps the stretched section at its default size
            last = max(shown, key=header.visualIndex)
            total += max(0, header.defaultSectionSize() - titles[last])
        return total

    for i in reversed(optional):  # the most useful first
        if i in left_out and needed() + titles[i] <= room:
            header.setSectionHidden(i, False)
            header.resizeSection(i, max(header.sectionSize(i), titles[i]))
            left_out.discard(i)
    for i in optional:
        if needed() <= room:
            break
        if not header.isSectionHidden(i):
            header.setSectionHidden(i, True)
            left_out.add(i)


def fit_to_width(view: QAbstractItemView, titles: dict[int, int] | None = None) -> None:
    """Narrow the widest columns until the table fits its viewport: no horizontal scroll bar
    for a few pixels, and never a title cut (columns keep at least their header's width)."""
    header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else None
    if header is None or header.count() == 0 or view.model() is None:
        return
    if titles is None:
        titles = _title_widths(header)
    _fit_optional(view, header, titles)
    room = view.viewport().width()
    shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
    if not shown:
        return
    last = max(shown, key=header.visualIndex)  # Qt stretches the last *shown* section
    stretching = header.stretchLastSection()
    sizes = {i: header.sectionSize(i) for i in shown}
    if stretching:
        # It stretches over what the others leave, but Qt keeps it at least its default size.
        sizes[last] = max(titles[last], header.minimumSectionSize(), header.defaultSectionSize())
    if sum(sizes.values()) > room:
        adjustable = [
            i
            for i in shown
            if header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive
            and not (stretching and i == last)
        ]
        sizes.update(_level_widths(sizes, titles, adjustable, room))
    for i in shown:
        if sizes[i] != header.sectionSize(i) and not (stretching and i == last):
            header.resizeSection(i, sizes[i])


def _level_widths(
    sizes: dict[int, int], titles: dict[int, int], adjustable: list[int], room: int
) -> dict[int, int]:
    """The adjustable columns cut down to one common width, the largest that lets the table fit
    (never below a column's title): the widest columns give up room first and together, and a
    column narrower than that level keeps its contents whole. Taking every pixel from the
    widest column alone would cut a short column to its title while a long one kept room."""
    fixed = sum(sizes[i] for i in sizes if i not in adjustable)

    def total(level: int) -> int:
        return fixed + sum(max(min(sizes[i], level), titles[i]) for i in adjustable)

    low, high = 0, max((sizes[i] for i in adjustable), default=0)
    while low < high:  # the largest level whose total still fits
        mid = (low + high + 1) // 2
        if total(mid) <= room:
            low = mid
        else:
            high = mid - 1
    return {i: max(min(sizes[i], low), titles[i]) for i in adjustable}


class _WidthKeeper(QObject):
    """Fits a table to its viewport again whenever the viewport is resized. Rows loaded while
    the table was narrow (a page filled before it is laid out) were cut to fit it: when the
    viewport grows, `refit` sizes the columns to their contents again, so the room goes to
    the cut cells rather than all to the last column."""

    def __init__(self, view: QAbstractItemView, refit: Callable[[], None] | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.refit = refit
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            grew = event.size().width() > event.oldSize().width() >= 0  # type: ignore[attr-defined]
            if grew and self.refit is not None:
                self.refit()
            else:
                fit_to_width(self.view)
        return False


def keep_titles_whole(view: QTableView, titles: dict[int, int] | None = None) -> None:
    """Widen any column narrower than its title (and the sort arrow): caps shorten long cell
    texts, never the header, at any zoom (a projector's) and in any language."""
    model = view.model()
    if model is None:
        return
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    for i in range(model.columnCount()):
        if header.isSectionHidden(i):
            continue
        title = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
        if not title:
            continue
        least = max(
            titles[i] if titles is not None else header.sectionSizeFromContents(i).width(),
            metrics.horizontalAdvance(title) + 2 * metrics.averageCharWidth(),
        )
        if header.sectionSize(i) < least:
            header.resizeSection(i, least)


def cap_column(view: QTableView, column: int, chars: int) -> None:
    """Keep a column of long texts (organisation names) to about `chars` characters."""
    caps = getattr(view, "column_caps", None)
    if caps is None:
        caps = {}
        view.column_caps = caps  # type: ignore[attr-defined]
    caps[column] = chars


class _Stretcher(QObject):
    """Gives one column whatever width the others leave (at least `chars` characters), so the
    long text of a row (a task, the evidence) is the column that grows, wherever it stands."""

    def __init__(self, view: QTableView, column: int, chars: int) -> None:
        super().__init__(view)
        self.view, self.column, self.chars = view, column, chars
        view.horizontalHeader().setStretchLastSection(False)
        view.viewport().installEventFilter(self)

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        model = self.view.model()
        if model is None or self.column >= model.columnCount():
            return
        others = sum(
            header.sectionSize(i)
            for i in range(model.columnCount())
            if i != self.column and not header.isSectionHidden(i)
        )
        least = self.view.fontMetrics().averageCharWidth() * self.chars
        header.resizeSection(self.column, max(least, self.view.viewport().width() - others))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False


def stretch_column(view: QTableView, column: int, chars: int = 24) -> None:
    view.stretcher = _Stretcher(view, column, chars)  # type: ignore[attr-defined]


def keep_to_width(view: QAbstractItemView, refit: Callable[[], None] | None = None) -> None:
    """Keep a table fitted to its viewport as it is resized (see `fit_to_width`); `refit`, if
    given, sizes the columns to their contents again when the viewport grows."""
    _WidthKeeper(view, refit=refit)
