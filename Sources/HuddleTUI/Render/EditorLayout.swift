/// How a note's lines wrap on screen: each line broken into rows of at most the pane's width,
/// by characters (CJK and emoji take two columns, combining marks none), each cell knowing the
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
        var rows = [Row()]
        for (offset, character) in editor.characters(ofLine: index) {
            let glyph = glyph(of: character, widths: widths)
            let glyphWidth = glyph?.width ?? 0
            if rows[rows.count - 1].width + glyphWidth > max(1, width) {
                rows.append(Row())
            }
            rows[rows.count - 1].cells.append(Cell(glyph: glyph, offset: offset))
            rows[rows.count - 1].width += glyphWidth
        }
        return rows
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
