extension WordWrap {
    /// Fills rows with pieces (the glyphs between two break opportunities), each on the current
    /// row if it fits and on the next otherwise; a piece longer than a row is cut.
    struct RowFiller {
        let glyphs: [TerminalText.Glyph]
        let classes: [LineBreakClass]
        let width: Int
        var rows: [[TerminalText.Glyph]] = []
        var row: [TerminalText.Glyph] = []
        var rowWidth = 0

        /// Adds a piece, after the space that separates it from the one before (dropped if the
        /// piece starts a row).
        mutating func place(_ piece: Range<Int>, width pieceWidth: Int, after separator: TerminalText.Glyph?) {
            let gap = row.isEmpty ? 0 : separator?.width ?? 0
            if rowWidth + gap + pieceWidth <= width {
                if gap > 0, let separator { row.append(separator) }
                row += glyphs[piece]
                rowWidth += gap + pieceWidth
            } else {
                if !row.isEmpty { rows.append(row) }
                cut(piece)
            }
        }

        /// Puts a piece on rows of its own, cut between glyphs when it is longer than a row; its
        /// last row stays open for the pieces after it. A glyph wider than a row is dropped, and
        /// so is a space that would start a row.
        mutating func cut(_ piece: Range<Int>) {
            var onRow: [Int] = []
            var used = 0
            for index in piece where glyphs[index].width <= width {
                if onRow.isEmpty, classes[index] == .space { continue }
                if used + glyphs[index].width > width {
                    let kept = cleanCut(onRow, before: index, upTo: piece.upperBound)
                    rows.append(onRow[..<kept].map { glyphs[$0] })
                    onRow = Array(onRow[kept...].drop { classes[$0] == .space })
                    used = onRow.reduce(0) { $0 + glyphs[$1].width }
                    if onRow.isEmpty, classes[index] == .space { continue }
                }
                onRow.append(index)
                used += glyphs[index].width
            }
            row = onRow.map { glyphs[$0] }
            rowWidth = used
        }

        /// How many glyphs of a full row stay on it when glyph `next` does not fit: all, unless
        /// the next row would then start with a closing character or this one end with an opening
        /// one; then fewer, the rest moving down with `next` as far as they fit there. Spaces,
        /// which are dropped at the cut, do not count as the start or end of a row.
        func cleanCut(_ onRow: [Int], before next: Int, upTo pieceEnd: Int) -> Int {
            let following = (next..<pieceEnd).first { classes[$0] != .space }
            var kept = onRow.count
            while kept > 0 {
                let moved = onRow[kept...].drop { classes[$0] == .space }
                if moved.reduce(glyphs[next].width, { $0 + glyphs[$1].width }) > width { break }
                let rowEnd = onRow[..<kept].last { classes[$0] != .space }
                let nextStart = moved.first ?? following
                if !(rowEnd.map { classes[$0].forbidsBreakAfter } ?? false),
                   !(nextStart.map { classes[$0].forbidsBreakBefore } ?? false) {
                    return kept
                }
                kept -= 1
            }
            return onRow.count
        }

        /// The rows; one empty row for an empty text.
        mutating func finish() -> [[TerminalText.Glyph]] {
            if !row.isEmpty || rows.isEmpty { rows.append(row) }
            return rows
        }
    }
}
