import HuddleApp
import HuddleCore

/// The search results in the chat pane, two lines each (where and when; the text around the
/// match, matched words in the mention style), the picked one in the selection style and
/// kept in view.
func drawSearch(_ grid: inout CellGrid, _ rect: Rect, _ view: SearchView, _ state: TUIState) {
    guard rect.height > 0 else { return }
    let muted = state.theme.style(.muted), text = state.theme.style(.text)
    let match = state.theme.style(.mention).adding(.bold), selection = state.theme.style(.selection)
    if view.results.isEmpty {
        let help = ["Nothing found for \(TerminalText.sanitized(view.query)).",
                    "Words find whole words; add * for a prefix (depl*), \"quotes\" for a phrase, from:NICK and "
                        + "in:#channel to narrow, -word to leave out. Esc goes back to the chat."]
        let lines = help.enumerated().flatMap { index, line in
            WordWrap.glyphLines(line, width: rect.width, widths: state.widths).map { ($0, index == 0 ? text : muted) }
        }
        for (offset, (glyphs, style)) in lines.prefix(rect.height).enumerated() {
            grid.write(glyphs, row: rect.row + offset, column: rect.column, limit: rect.right, style: style)
        }
        return
    }
    let perResult = 2
    let fits = max(1, rect.height / perResult)
    let first = ListViewport(selection: view.selection, count: view.results.count, fit: fits).first
    for (offset, result) in view.results[first...].prefix(fits).enumerated() {
        let row = rect.row + offset * perResult
        let picked = first + offset == view.selection
        let heading = [TerminalText.sanitized(result.place), TerminalText.sanitized(result.nickname), result.when]
            .filter { !$0.isEmpty }.joined(separator: " · ")
        if picked { grid.fill(Rect(row: row, column: rect.column, height: min(perResult, rect.bottom - row), width: rect.width), style: selection) }
        grid.write((picked ? "▸ " : "  ") + heading, row: row, column: rect.column, limit: rect.right, style: picked ? selection : muted)
        guard row + 1 < rect.bottom else { continue }
        var column = rect.column + 2
        for part in result.excerpt {
            let style = picked ? (part.isMatch ? selection.adding(.bold) : selection) : (part.isMatch ? match : text)
            column = grid.write(TerminalText.sanitized(part.text), row: row + 1, column: column, limit: rect.right, style: style)
        }
    }
}
