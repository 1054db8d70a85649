/// The first waiting question, in a box in the middle of the screen, with the keys that
/// answer it (and how many more wait).
func drawModal(_ grid: inout CellGrid, _ modal: Modal, _ state: TUIState) {
    let (text, keys) = modal.lines(dropTarget: dropTarget(state), dropChoices: dropChoices(state),
                                   confirming: state.confirmingVerify)
    let width = min(state.size.columns - 4, 72)
    let wrapped = text.filter { !$0.isEmpty }.flatMap { WordWrap.glyphLines($0, width: width - 4, widths: grid.widths) }
    let waiting = state.modals.count - 1
    let height = min(state.size.rows - 2, wrapped.count + 4)
    let rect = Rect(row: (state.size.rows - height) / 2, column: (state.size.columns - width) / 2, height: height, width: width)
    let style = state.theme.style(.modal)
    grid.fill(rect, style: style)
    drawBox(&grid, rect, title: modal.title + (waiting > 0 ? " (\(waiting) more)" : ""), focused: true, theme: state.theme)
    let inner = rect.inner
    for (offset, line) in wrapped.prefix(max(0, inner.height - 2)).enumerated() {
        grid.write(line, row: inner.row + offset, column: inner.column + 1, limit: inner.right - 1, style: style)
    }
    grid.write(keys, row: inner.bottom - 1, column: inner.column + 1, limit: inner.right - 1, style: state.theme.style(.modalTitle))
}
