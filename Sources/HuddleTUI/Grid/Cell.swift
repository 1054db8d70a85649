/// One terminal cell: a grapheme and its style.
///
/// A wide grapheme occupies its cell (width 2) and the next, whose ``isContinuation`` is true.
public struct Cell: Equatable, Sendable {
    /// The grapheme shown, already sanitised; empty in the right half of a wide grapheme.
    public var text: String
    /// 1 for a normal cell, 2 for the left half of a wide grapheme, 0 for its right half.
    public var width: UInt8
    /// Colours and attributes.
    public var style: Style

    /// A blank cell in `style`.
    public static func blank(_ style: Style = .plain) -> Cell {
        Cell(text: " ", width: 1, style: style)
    }

    /// Whether this is the right half of a wide grapheme.
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
