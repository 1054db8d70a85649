/// A run of changed cells on one line, to be written at (`row`, `column`).
public struct CellRun: Equatable, Sendable {
    /// The line.
    public let row: Int
    /// The first column.
    public let column: Int
    /// The cells to write, continuation halves included.
    public let cells: ArraySlice<Cell>
}

extension CellGrid {
    /// The runs that differ from `previous`; all of them when there is no previous frame or
    /// its size differs. A wide glyph is always written whole.
    public func changes(from previous: CellGrid?) -> [CellRun] {
        guard let previous, previous.size == size else {
            return (0..<size.rows).map { row in
                CellRun(row: row, column: 0, cells: cells[row * size.columns..<(row + 1) * size.columns])
            }
        }
        var runs: [CellRun] = []
        let columns = size.columns
        for row in 0..<size.rows {
            let base = row * columns
            var column = 0
            while column < columns {
                if cells[base + column] == previous.cells[base + column] {
                    column += 1
                    continue
                }
                var start = column
                if cells[base + start].isContinuation, start > 0 { start -= 1 }
                var end = column + 1
                while end < columns, cells[base + end] != previous.cells[base + end] { end += 1 }
                if end < columns, cells[base + end].isContinuation { end += 1 }
                runs.append(CellRun(row: row, column: start, cells: cells[base + start..<base + end]))
                column = end
            }
        }
        return runs
    }
}
