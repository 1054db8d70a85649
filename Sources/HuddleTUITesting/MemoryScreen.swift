import HuddleTUI

/// A ``Screen`` in memory: keeps the frames it is shown, for tests and benchmarks.
public final class MemoryScreen: Screen {
    public private(set) var size: TerminalSize
    /// The last frame shown.
    public private(set) var grid: CellGrid
    /// The last cursor position.
    public private(set) var cursor: (row: Int, column: Int)?
    /// How many cells each frame changed, in order.
    public private(set) var changedCells: [Int] = []

    /// A screen of `size`, blank.
    public init(size: TerminalSize) {
        self.size = size
        grid = CellGrid(size: size, widths: .assumed)
    }

    public func present(_ grid: CellGrid, cursor: (row: Int, column: Int)?) {
        changedCells.append(grid.changes(from: self.grid).reduce(0) { $0 + $1.cells.count })
        self.grid = grid
        self.cursor = cursor
    }

    /// Changes the size, as a terminal resize would.
    public func resize(to size: TerminalSize) {
        self.size = size
    }

    /// The screen's text, one string per line, trailing spaces removed.
    public var text: String {
        grid.lines.joined(separator: "\n")
    }
}
