/// A rendered screen: the cells and where the cursor goes.
public struct Frame: Equatable, Sendable {
    /// The cells.
    public var grid: CellGrid
    /// The cursor's (row, column), or `nil` to hide it.
    public var cursor: Cursor?

    /// A cursor position.
    public struct Cursor: Equatable, Sendable {
        /// Line.
        public var row: Int
        /// Column.
        public var column: Int
    }
}
