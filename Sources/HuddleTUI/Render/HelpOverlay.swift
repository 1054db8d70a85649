/// The help overlay: every key and command, generated from ``KeyBinding/all`` and
/// ``Command/all`` so that it cannot drift from what huddle does.
func helpLines() -> [(text: String, isHeading: Bool)] {
    var lines: [(String, Bool)] = [("Keys", true)]
    let keyWidth = KeyBinding.all.map { WidthModel.assumed.width(of: $0.keys) }.max() ?? 0
    for binding in KeyBinding.all {
        lines.append(("  " + binding.keys.padded(to: keyWidth) + "  " + binding.summary, false))
    }
    lines.append(("", false))
    lines.append(("Commands", true))
    let usages = Command.all.map { "/" + $0.name + ($0.arguments.isEmpty ? "" : " " + $0.arguments) }
    let usageWidth = usages.map { WidthModel.assumed.width(of: $0) }.max() ?? 0
    for (usage, command) in zip(usages, Command.all) {
        lines.append(("  " + usage.padded(to: usageWidth) + "  " + command.summary, false))
    }
    return lines
}

func drawHelp(_ grid: inout CellGrid, _ state: TUIState) {
    let lines = helpLines()
    let contentWidth = lines.map { grid.widths.width(of: $0.text) }.max() ?? 0
    let width = min(state.size.columns - 2, contentWidth + 4)
    let height = min(state.size.rows - 2, lines.count + 4)
    let rect = Rect(row: (state.size.rows - height) / 2, column: (state.size.columns - width) / 2, height: height, width: width)
    let style = state.theme.style(.modal)
    grid.fill(rect, style: style)
    drawBox(&grid, rect, title: "Help", focused: true, theme: state.theme)
    let inner = rect.inner
    let shown = lines.prefix(max(0, inner.height - 1))
    for (offset, line) in shown.enumerated() {
        let lineStyle = line.isHeading ? state.theme.style(.modalTitle) : style
        grid.write(line.text, row: inner.row + offset, column: inner.column + 1, limit: inner.right, style: lineStyle)
    }
    grid.write("Esc closes · widths: \(state.widths.source.rawValue)", row: inner.bottom - 1, column: inner.column + 1,
               limit: inner.right, style: state.theme.style(.muted))
}

extension String {
    /// This string followed by spaces up to `width` display columns (per-scalar widths: for
    /// huddle's own text and the CLI's tables, which never ask the terminal).
    public func padded(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - WidthModel.assumed.width(of: self)))
    }
}
