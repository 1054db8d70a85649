/// One terminal cell: a grapheme and its style.
///
/// A grapheme of width N occupies its cell (``width`` N) and the N - 1 cells after it, whose
/// ``isContinuation`` is true.
public struct Cell: Equatable, Sendable {
    /// The grapheme shown, already sanitised; empty in the continuation cells of a wide one.
    public var text: String
    /// The grapheme's width in its first cell (1 for most); 0 in its continuation cells.
    public var width: UInt8
    /// Colours and attributes.
    public var style: Style
    /// Whether the terminal is known to draw the grapheme at ``width`` columns (see
    /// ``WidthModel/isCertain(_:)``).
    public var isCertain: Bool

    /// A cell holding `text`.
    public init(text: String, width: UInt8, style: Style, isCertain: Bool = true) {
        self.text = text
        self.width = width
        self.style = style
        self.isCertain = isCertain
    }

    /// A blank cell in `style`.
    public static func blank(_ style: Style = .plain) -> Cell {
        Cell(text: " ", width: 1, style: style)
    }

    /// A continuation cell of a wide grapheme.
    static func continuation(_ style: Style) -> Cell {
        Cell(text: "", width: 0, style: style)
    }

    /// Whether this is a continuation cell of a wide grapheme.
    public var isContinuation: Bool { width == 0 }
}

/// The size of a terminal or a grid, in cells.
public struct TerminalSize: Equatable, Hashable, Sendable {
    /// Lines.
    public var rows: Int
    /// Columns.
    public var columns: Int

    /// A size of `rows` lines and `columns` columns.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    /// Top line.
    public var row: Int
    /// Left column.
    public var column: Int
    /// Lines.
    public var height: Int
    /// Columns.
    public var width: Int

    /// A rectangle at (`row`, `column`).
    public init(row: Int, column: Int, height: Int, width: Int) {
        self.row = row
        self.column = column
        self.height = height
        self.width = width
    }

    /// The area inside a one-cell border.
    public var inner: Rect {
        Rect(row: row + 1, column: column + 1, height: max(0, height - 2), width: max(0, width - 2))
    }

    /// The area for a pane's text: inside the border, with a column of space either side.
    public var content: Rect {
        Rect(row: row + 1, column: column + 2, height: max(0, height - 2), width: max(0, width - 4))
    }

    /// The line below the last one.
    public var bottom: Int { row + height }
    /// The column right of the last one.
    public var right: Int { column + width }
}
