/// Where frames go: the ncurses terminal in production, memory in tests.
public protocol Screen: AnyObject {
    /// The current size.
    var size: TerminalSize { get }
    /// Shows `grid`, with the cursor at `cursor` (row, column) or hidden when `nil`.
    func present(_ grid: CellGrid, cursor: (row: Int, column: Int)?)
}
