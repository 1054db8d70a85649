/// A place in the text as an editor shows it: a line (from 0) and a column counted in
/// grapheme clusters (user-perceived characters) from the line's start.
public struct LineColumn: Hashable, Sendable {
    /// The line, from 0; lines end with "\n".
    public var line: Int
    /// The column in grapheme clusters, from 0.
    public var column: Int

    /// A position from its parts.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

extension TextDocument {
    /// The grapheme-cluster offset of scalar offset `scalar` (a scalar inside a cluster maps to
    /// that cluster). Linear in the text before it.
    public func graphemeOffset(ofScalar scalar: Int) -> Int {
        var seen = 0, graphemes = 0
        for ch in text {
            seen += ch.unicodeScalars.count
            if seen > scalar { return graphemes }
            graphemes += 1
        }
        return graphemes
    }

    /// The scalar offset where grapheme cluster number `grapheme` starts (clamped to the end).
    public func scalarOffset(ofGrapheme grapheme: Int) -> Int {
        var scalars = 0
        for (i, ch) in text.enumerated() {
            if i == grapheme { return scalars }
            scalars += ch.unicodeScalars.count
        }
        return scalars
    }

    /// The line and grapheme column of scalar offset `scalar`.
    public func lineColumn(ofScalar scalar: Int) -> LineColumn {
        var line = 0, column = 0, seen = 0
        for ch in text {
            seen += ch.unicodeScalars.count
            if seen > scalar { break }
            if ch == "\n" || ch == "\r\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
        return LineColumn(line: line, column: column)
    }

    /// The scalar offset of a line and grapheme column, clamped to the line's end and the text.
    public func scalarOffset(of position: LineColumn) -> Int {
        var line = 0, column = 0, scalars = 0
        for ch in text {
            if line == position.line && (column == position.column || ch == "\n" || ch == "\r\n") { return scalars }
            if ch == "\n" || ch == "\r\n" {
                if line == position.line { return scalars }
                line += 1
                column = 0
            } else {
                column += 1
            }
            scalars += ch.unicodeScalars.count
        }
        return scalars
    }
}
