/// A frame of the screen as cells. Everything drawn goes through ``write(_:row:column:limit:style:)``,
/// which sanitises text and measures its width, so nothing a peer sent can reach the terminal raw.
public struct CellGrid: Equatable, Sendable {
    /// The grid's size.
    public let size: TerminalSize
    /// How wide the terminal draws each grapheme: what text written by string is measured with.
    public let widths: WidthModel
    /// Cells, row by row.
    public private(set) var cells: [Cell]

    /// A grid of blank cells, for a terminal that draws graphemes as `widths` says.
    public init(size: TerminalSize, widths: WidthModel, fill: Style = .plain) {
        self.size = size
        self.widths = widths
        cells = Array(repeating: .blank(fill), count: max(0, size.rows) * max(0, size.columns))
    }

    /// The cell at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Cell {
        cells[row * size.columns + column]
    }

    /// Writes `text` from (`row`, `column`), stopping before column `limit` (default: the
    /// right edge). A wide glyph that would cross the limit is not split: the columns left
    /// before the limit are blank. Returns the column after the last glyph written.
    @discardableResult
    public mutating func write(_ text: some StringProtocol, row: Int, column: Int, limit: Int? = nil,
                               style: Style) -> Int {
        // Printable ASCII needs no sanitising or measuring: one byte, one cell.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            guard row >= 0, row < size.rows else { return column }
            let end = min(limit ?? size.columns, size.columns)
            var at = max(0, column)
            for byte in text.utf8 {
                guard at < end else { break }
                put(Cell(text: TerminalText.ascii(byte).text, width: 1, style: style), row: row, column: at)
                at += 1
            }
            return at
        }
        return write(TerminalText.glyphs(text, widths: widths), row: row, column: column, limit: limit, style: style)
    }

    /// Repeats one glyph (already sanitised) along a row, e.g. a border line.
    public mutating func repeatGlyph(_ glyph: TerminalText.Glyph, row: Int, columns: Range<Int>, style: Style) {
        guard glyph.width == 1 else { return }
        for column in columns { put(Cell(text: glyph.text, width: 1, style: style, isCertain: glyph.isCertain), row: row, column: column) }
    }

    /// Writes glyphs that are already sanitised (see ``TerminalText/glyphs(_:)``).
    @discardableResult
    public mutating func write(_ glyphs: [TerminalText.Glyph], row: Int, column: Int, limit: Int? = nil,
                               style: Style) -> Int {
        guard row >= 0, row < size.rows else { return column }
        let end = min(limit ?? size.columns, size.columns)
        var at = max(0, column)
        for glyph in glyphs {
            guard at + glyph.width <= end else {
                for column in at..<max(at, end) { put(Cell.blank(style), row: row, column: column) }
                break
            }
            put(Cell(text: glyph.text, width: UInt8(clamping: glyph.width), style: style, isCertain: glyph.isCertain),
                row: row, column: at)
            at += glyph.width
        }
        return at
    }

    /// Fills a rectangle with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        for row in max(0, rect.row)..<min(size.rows, rect.bottom) {
            for column in max(0, rect.column)..<min(size.columns, rect.right) {
                put(.blank(style), row: row, column: column)
            }
        }
    }

    /// Changes the style of cells without changing their text.
    public mutating func restyle(row: Int, columns: Range<Int>, style: Style) {
        guard row >= 0, row < size.rows else { return }
        for column in max(0, columns.lowerBound)..<min(size.columns, columns.upperBound) {
            cells[row * size.columns + column].style = style
        }
    }

    /// Stores one glyph's cell (and the continuation cells of a wide one), keeping every
    /// other glyph whole: one that is partly overwritten is blanked.
    mutating func put(_ cell: Cell, row: Int, column: Int) {
        let columns = size.columns
        let width = max(1, Int(cell.width))
        guard row >= 0, row < size.rows, column >= 0, column + width <= columns else { return }
        let base = row * columns
        if cell.width == 1, cells[base + column].width == 1 {
            cells[base + column] = cell // the common case: one narrow cell over another
            return
        }
        if cells[base + column].isContinuation {
            var lead = column - 1
            while lead > 0, cells[base + lead].isContinuation { lead -= 1 }
            for index in lead..<column { cells[base + index] = .blank(cells[base + index].style) }
        }
        var after = column + width
        while after < columns, cells[base + after].isContinuation {
            cells[base + after] = .blank(cells[base + after].style)
            after += 1
        }
        cells[base + column] = cell
        for index in column + 1..<column + width { cells[base + index] = .continuation(cell.style) }
    }

    /// The text of one line, wide glyphs once (for tests and snapshots).
    public func line(_ row: Int) -> String {
        (0..<size.columns).reduce(into: "") { text, column in text += self[row, column].text }
    }

    /// All lines, with trailing spaces removed.
    public var lines: [String] {
        (0..<size.rows).map { row in
            var text = line(row)
            while text.last == " " { text.removeLast() }
            return text
        }
    }
}
