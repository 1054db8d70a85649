import Testing
@testable import HuddleTUI

@Suite("The cell grid")
struct CellGridTests {
    @Test("a wide character is never split at a pane edge")
    func wideCharacterNotSplitAtLimit() {
        var grid = CellGrid(size: TerminalSize(rows: 1, columns: 6), widths: .assumed)
        let end = grid.write("ab日本", row: 0, column: 0, limit: 5, style: .plain)
        #expect(end == 4)
        #expect(grid.line(0) == "ab日  ")
        #expect(grid[0, 2].width == 2 && grid[0, 3].isContinuation)
    }

    @Test("a wide character at the right edge leaves a blank instead of half a glyph")
    func wideCharacterAtRightEdge() {
        var grid = CellGrid(size: TerminalSize(rows: 1, columns: 3), widths: .assumed)
        grid.write("a日本", row: 0, column: 0, style: .plain)
        #expect(grid.line(0) == "a日")
        grid.write("xx日", row: 0, column: 0, style: .plain)
        #expect(grid.line(0) == "xx ")
    }

    @Test("overwriting half of a wide character blanks the other half")
    func overwritingHalfOfWideCharacter() {
        var grid = CellGrid(size: TerminalSize(rows: 1, columns: 4), widths: .assumed)
        grid.write("日本", row: 0, column: 0, style: .plain)
        grid.write("x", row: 0, column: 1, style: .plain)
        #expect(grid.line(0) == " x本")
        grid.write("y", row: 0, column: 2, style: .plain)
        #expect(grid.line(0) == " xy ")
    }

    @Test("writing outside the grid does nothing")
    func writingOutsideIsIgnored() {
        var grid = CellGrid(size: TerminalSize(rows: 2, columns: 2), widths: .assumed)
        grid.write("abc", row: 5, column: 0, style: .plain)
        grid.write("abc", row: -1, column: 0, style: .plain)
        grid.write("abc", row: 0, column: -3, style: .plain)
        #expect(grid.lines == ["ab", ""])
    }

    @Test("the diff holds only changed cells, and a wide glyph whole")
    func diffHoldsOnlyChanges() {
        var before = CellGrid(size: TerminalSize(rows: 2, columns: 8), widths: .assumed)
        before.write("hello", row: 0, column: 0, style: .plain)
        var after = before
        after.write("J", row: 0, column: 0, style: .plain)
        after.write("日", row: 1, column: 3, style: .plain)
        let runs = after.changes(from: before)
        #expect(runs.map(\.row) == [0, 1])
        #expect(runs[0].column == 0 && runs[0].cells.count == 1)
        #expect(runs[1].column == 3 && runs[1].cells.count == 2)
        #expect(after.changes(from: after).isEmpty)
        #expect(after.changes(from: nil).count == 2, "no previous frame redraws every line")
    }

    @Test("a style change alone is a change")
    func styleChangeIsAChange() {
        let before = CellGrid(size: TerminalSize(rows: 1, columns: 3), widths: .assumed)
        var after = before
        after.restyle(row: 0, columns: 1..<2, style: Style(attributes: .bold))
        #expect(after.changes(from: before).first?.column == 1)
    }

    @Test("word wrap breaks at spaces and cuts words longer than a line")
    func wordWrap() {
        #expect(WordWrap.lines("the quick brown fox", width: 9, widths: .assumed) == ["the quick", "brown fox"])
        #expect(WordWrap.lines("abcdefghij", width: 4, widths: .assumed) == ["abcd", "efgh", "ij"])
        #expect(WordWrap.lines("日本語です", width: 5, widths: .assumed) == ["日本", "語で", "す"])
        #expect(WordWrap.lines("", width: 5, widths: .assumed) == [""])
    }
}
