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
    /// its size differs. A wide glyph is always written whole, and a changed line that holds a
    /// glyph of uncertain width is written whole: the terminal may draw that glyph wider or
    /// narrower than the grid says, and only a whole line, written left to right, comes out
    /// the same whatever was on it before.
    public func changes(from previous: CellGrid?) -> [CellRun] {
        let columns = size.columns
        guard let previous, previous.size == size else {
            return (0..<size.rows).map { row in
                CellRun(row: row, column: 0, cells: cells[row * columns..<(row + 1) * columns])
            }
        }
        var runs: [CellRun] = []
        for row in 0..<size.rows {
            let base = row * columns
            var column = 0
            let firstRun = runs.count
            while column < columns {
                if cells[base + column] == previous.cells[base + column] {
                    column += 1
                    continue
                }
                var start = column
                while start > 0, cells[base + start].isContinuation { start -= 1 }
                var end = column + 1
                while end < columns, cells[base + end] != previous.cells[base + end] { end += 1 }
                while end < columns, cells[base + end].isContinuation { end += 1 }
                runs.append(CellRun(row: row, column: start, cells: cells[base + start..<base + end]))
                column = end
            }
            if runs.count > firstRun, !isCertain(row: row) || !previous.isCertain(row: row) {
                runs.removeSubrange(firstRun...)
                runs.append(CellRun(row: row, column: 0, cells: cells[base..<base + columns]))
            }
        }
        return runs
    }

    /// Whether every glyph on `row` is drawn at the width the grid gives it.
    func isCertain(row: Int) -> Bool {
        let base = row * size.columns
        return !cells[base..<base + size.columns].contains { !$0.isCertain }
    }
}
