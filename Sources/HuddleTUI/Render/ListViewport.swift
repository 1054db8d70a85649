/// Which rows of a list a pane shows: the selected row always among them, and whether rows
/// are hidden above or below (marked on the pane's border).
struct ListViewport: Equatable {
    /// The first row shown.
    let first: Int
    /// How many rows are shown.
    let shown: Int
    /// The list's length.
    let count: Int

    /// The window of `fit` rows over a list of `count` that shows `selection`, as far down as
    /// it must be and no further.
    init(selection: Int, count: Int, fit: Int) {
        let fit = max(0, fit)
        self.count = count
        first = max(0, min(selection - fit + 1, count - fit))
        shown = min(fit, max(0, count - first))
    }

    /// The indices shown.
    var range: Range<Int> { first..<first + shown }
    /// Whether rows are hidden above the first shown.
    var moreAbove: Bool { first > 0 }
    /// Whether rows are hidden below the last shown.
    var moreBelow: Bool { first + shown < count }
}

/// Marks a pane whose list goes on past what it shows: ▲ on its top border, ▼ on its bottom
/// border (`content` is the pane's text area, inside the border).
func drawMoreMarks(_ grid: inout CellGrid, content: Rect, _ viewport: ListViewport, theme: Theme) {
    let column = content.right - 1
    guard column > content.column else { return }
    if viewport.moreAbove { grid.write("▲", row: content.row - 1, column: column, style: theme.style(.unread)) }
    if viewport.moreBelow { grid.write("▼", row: content.bottom, column: column, style: theme.style(.unread)) }
}
