/// How a note's lines wrap on screen: each line broken into rows of at most the pane's width
/// where Unicode's line breaking allows (at spaces, between CJK characters, never before closing
/// punctuation: the chat's rules, ``WordWrap``), else between characters; spaces at the end of a
/// row stay on it (past the edge if need be) so the caret can sit on them. Each cell knows the
/// scalar offset of its character so the caret can be placed.
enum EditorLayout {
    struct Cell {
        /// The sanitised glyph, or nil for a character that shows nothing (a control).
        var glyph: TerminalText.Glyph?
        /// The scalar offset of the character.
        var offset: Int
    }

    struct Row {
        var cells: [Cell] = []
        var width = 0
    }

    /// The rows of line `index` at `width` columns (at least one, even for an empty line).
    static func rows(of editor: NoteEditorState, line index: Int, width: Int, widths: WidthModel) -> [Row] {
        let cells = editor.characters(ofLine: index).map { Cell(glyph: glyph(of: $0.character, widths: widths), offset: $0.offset) }
        let mayStartRow = rowStarts(cells)
        let width = max(1, width)
        var rows: [Row] = []
        var start = 0
        var used = 0
        var lastStart: Int? = nil
        for (position, cell) in cells.enumerated() {
            if mayStartRow[position], position > start { lastStart = position }
            let glyphWidth = cell.glyph?.width ?? 0
            let isSpace = cell.glyph?.text == " "
            if !isSpace, glyphWidth > 0, used + glyphWidth > width, position > start {
                let cut = lastStart ?? position
                rows.append(row(cells[start..<cut]))
                start = cut
                used = cells[start..<position].reduce(0) { $0 + ($1.glyph?.width ?? 0) }
                lastStart = nil
            }
            used += glyphWidth
        }
        rows.append(row(cells[start...]))
        return rows
    }

    static func row(_ cells: ArraySlice<Cell>) -> Row {
        Row(cells: Array(cells), width: cells.reduce(0) { $0 + ($1.glyph?.width ?? 0) })
    }

    /// For each cell, whether a row may start at it: after a run of spaces, or where the line
    /// breaking rules allow a break with no space (between ideographs).
    static func rowStarts(_ cells: [Cell]) -> [Bool] {
        let visible = cells.indices.filter { cells[$0].glyph != nil }
        let glyphs = visible.map { cells[$0].glyph! }
        let breaks = WordWrap.breakOpportunities(glyphs, classes: glyphs.map(LineBreakClass.of))
        var starts = [Bool](repeating: false, count: cells.count)
        var afterSpaces = false
        for (position, index) in visible.enumerated() {
            switch breaks[position] {
            case .atSpace: afterSpaces = true
            case .between: starts[index] = true
            case .none:
                if afterSpaces { starts[index] = true }
                afterSpaces = false
            }
            if breaks[position] == .between { afterSpaces = false }
        }
        return starts
    }

    /// Printable ASCII needs no sanitising (the common case, kept fast); anything else goes
    /// through the sanitiser.
    static func glyph(of character: Character, widths: WidthModel) -> TerminalText.Glyph? {
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return TerminalText.asciiGlyphs[Int(ascii - 0x20)] }
        return TerminalText.glyphs(String(character), widths: widths).first
    }

    /// Where the caret sits in `rows` of its line: the row, and the column.
    static func caret(_ caret: Int, in rows: [Row], width: Int) -> (row: Int, column: Int) {
        for (index, row) in rows.enumerated() {
            var column = 0
            for cell in row.cells {
                if cell.offset >= caret { return (index, column) }
                column += cell.glyph?.width ?? 0
            }
            if index == rows.count - 1 { return (index, min(column, max(0, width - 1))) }
        }
        return (0, 0)
    }
}
