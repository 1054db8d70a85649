/// The help overlay: every key and command, generated from ``KeyBinding/all`` and
/// ``Command/all`` so that it cannot drift from what huddle does. Each entry is its name
/// column and its summary, the summary wrapped to `width` columns under itself (a screen too
/// narrow for both side by side puts the summary under the name).
func helpLines(width: Int = .max, widths: WidthModel = .assumed) -> [(text: String, isHeading: Bool)] {
    var lines: [(String, Bool)] = [("Keys", true)]
    func table(_ rows: [(name: String, summary: String)]) {
        // The name column is as wide as most names, at most a third of the width; a longer
        // name has a line of its own, its summary under it in the summary column.
        let nameWidth = min(rows.map { widths.width(of: $0.name) }.max() ?? 0, max(8, width / 3))
        let indent = 2 + nameWidth + 2
        let summaryWidth = max(8, width - indent)
        for row in rows {
            let wrapped = WordWrap.glyphLines(row.summary, width: summaryWidth, widths: widths).map { $0.map(\.text).joined() }
            var first = true
            if widths.width(of: row.name) > nameWidth {
                lines += WordWrap.glyphLines(row.name, width: max(8, width - 2), widths: widths).map { ("  " + $0.map(\.text).joined(), false) }
                first = false
            }
            for part in wrapped {
                lines.append(((first ? "  " + row.name.padded(to: nameWidth) + "  " : String(repeating: " ", count: indent)) + part, false))
                first = false
            }
        }
    }
    table(KeyBinding.all.map { ($0.keys, $0.summary) })
    lines.append(("", false))
    lines.append(("Commands", true))
    table(Command.all.map { ("/" + $0.name + ($0.arguments.isEmpty ? "" : " " + $0.arguments), $0.summary) })
    return lines
}

/// The help box's size and its lines for `state`'s screen.
private func helpLayout(_ state: TUIState) -> (rect: Rect, lines: [(text: String, isHeading: Bool)], visible: Int) {
    let full = helpLines(widths: state.widths)
    let widest = full.map { state.widths.width(of: $0.text) }.max() ?? 0
    let width = min(state.size.columns - 2, widest + 4)
    let lines = helpLines(width: width - 4, widths: state.widths)
    let height = min(state.size.rows - 2, lines.count + 4)
    let rect = Rect(row: (state.size.rows - height) / 2, column: (state.size.columns - width) / 2, height: height, width: width)
    return (rect, lines, max(0, rect.inner.height - 1))
}

/// The furthest the help overlay scrolls on `state`'s screen.
func helpScrollLimit(_ state: TUIState) -> Int {
    let layout = helpLayout(state)
    return max(0, layout.lines.count - layout.visible)
}

func drawHelp(_ grid: inout CellGrid, _ state: TUIState) {
    let (rect, lines, visible) = helpLayout(state)
    let style = state.theme.style(.modal)
    grid.fill(rect, style: style)
    drawBox(&grid, rect, title: "Help", focused: true, theme: state.theme)
    let inner = rect.inner
    let scroll = min(state.helpScroll, max(0, lines.count - visible))
    for (offset, line) in lines.dropFirst(scroll).prefix(visible).enumerated() {
        let lineStyle = line.isHeading ? state.theme.style(.modalTitle) : style
        grid.write(line.text, row: inner.row + offset, column: inner.column + 1, limit: inner.right, style: lineStyle)
    }
    let more = lines.count > visible ? " · ↑↓ PgUp PgDn scroll (\(scroll + visible < lines.count ? "more below" : "end"))" : ""
    grid.write("Esc closes" + more + " · widths: \(state.widths.source.rawValue)", row: inner.bottom - 1, column: inner.column + 1,
               limit: inner.right, style: state.theme.style(.muted))
}

extension String {
    /// This string followed by spaces up to `width` display columns (per-scalar widths: for
    /// huddle's own text and the CLI's tables, which never ask the terminal).
    public func padded(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - WidthModel.assumed.width(of: self)))
    }
}
