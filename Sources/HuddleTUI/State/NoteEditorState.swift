import HuddleApp
import HuddleCore

/// A note open in the editor: a mirror of its text, kept by applying the peer's patches in
/// order, your caret, and the first line shown.
public struct NoteEditorState: Equatable, Sendable {
    /// The note and its name.
    public var document: DocumentID, name: String
    /// The text, as Unicode scalars (the CRDT's offsets).
    public private(set) var scalars: [Unicode.Scalar]
    /// Where each line starts (scalar offsets); the first is 0.
    public private(set) var lineStarts: [Int]
    /// Your caret (scalar offset).
    public var caret: Int
    /// The first line shown.
    public var topLine = 0
    /// Who changed the note last.
    public var lastEditor: String?
    /// Teammates with the note open, and their carets.
    public var others: [RemoteCaret] = []
    /// Where a selection started (Shift with arrows); the selection runs to the caret.
    public var selectionStart: Int?

    /// The selected stretch, if any.
    public var selection: Range<Int>? {
        guard let start = selectionStart, start != caret else { return nil }
        return min(start, caret)..<max(start, caret)
    }

    /// The editor for a note just opened.
    public init(_ view: NoteView) {
        document = view.document
        name = view.name
        scalars = Array(view.text.unicodeScalars)
        lineStarts = [0]
        caret = view.caret
        lineStarts += scalars.indices.filter { scalars[$0] == "\n" }.map { $0 + 1 }
        caret = min(max(0, view.caret), scalars.count)
        others = view.others
    }

    /// The text (for tests and `/edit`).
    public var text: String { String(String.UnicodeScalarView(scalars)) }

    /// Applies one patch from the peer, keeping the line index up to date.
    public mutating func apply(_ patch: TextPatch) {
        switch patch {
        case let .insert(at, text):
            let at = min(max(0, at), scalars.count)
            let inserted = Array(text.unicodeScalars)
            scalars.insert(contentsOf: inserted, at: at)
            let line = self.line(of: at)
            for index in (line + 1)..<lineStarts.count { lineStarts[index] += inserted.count }
            let newStarts = inserted.indices.filter { inserted[$0] == "\n" }.map { at + $0 + 1 }
            lineStarts.insert(contentsOf: newStarts, at: line + 1)
        case let .delete(at, count):
            let at = min(max(0, at), scalars.count), end = min(scalars.count, at + max(0, count))
            guard end > at else { return }
            scalars.removeSubrange(at..<end)
            lineStarts = lineStarts.filter { $0 <= at || $0 > end }.map { $0 > end ? $0 - (end - at) : $0 }
        }
        caret = min(caret, scalars.count)
        selectionStart = selectionStart.map { min($0, scalars.count) }
    }

    /// The line holding scalar offset `offset`.
    public func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The scalars of line `index`, without its newline.
    public func lineRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : scalars.count
        return start..<max(start, end)
    }

    /// The characters (grapheme clusters) of line `index`, each with its scalar offset.
    public func characters(ofLine index: Int) -> [(offset: Int, character: Character)] {
        let range = lineRange(index)
        var out: [(Int, Character)] = []
        var offset = range.lowerBound
        for character in String(String.UnicodeScalarView(scalars[range])) {
            out.append((offset, character))
            offset += character.unicodeScalars.count
        }
        return out
    }

    // MARK: caret moves (on the mirror; the peer is told the new place)

    /// One character left or right (by grapheme cluster), across line ends.
    func caret(movedBy step: Int) -> Int {
        let line = self.line(of: caret)
        let characters = characters(ofLine: line)
        if step < 0 {
            if let previous = characters.last(where: { $0.offset < caret }) { return previous.offset }
            return line > 0 ? lineRange(line - 1).upperBound : caret
        }
        if let here = characters.firstIndex(where: { $0.offset >= caret }) {
            let next = here + 1 < characters.count ? characters[here + 1].offset : lineRange(line).upperBound
            return characters[here].offset == caret ? next : characters[here].offset
        }
        return line + 1 < lineStarts.count ? lineStarts[line + 1] : caret
    }

    /// To the start of the word before the caret, or after the end of the word after it
    /// (words are letters, digits and `_`; a line end counts as a stop).
    func caret(movedByWord step: Int) -> Int {
        func isWord(_ offset: Int) -> Bool {
            guard offset >= 0, offset < scalars.count else { return false }
            let scalar = scalars[offset]
            return scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
        }
        var offset = caret
        if step < 0 {
            while offset > 0, !isWord(offset - 1), scalars[offset - 1] != "\n" { offset -= 1 }
            if offset == caret, offset > 0, scalars[offset - 1] == "\n" { return offset - 1 }
            while offset > 0, isWord(offset - 1) { offset -= 1 }
        } else {
            while offset < scalars.count, !isWord(offset), scalars[offset] != "\n" { offset += 1 }
            if offset == caret, offset < scalars.count, scalars[offset] == "\n" { return offset + 1 }
            while offset < scalars.count, isWord(offset) { offset += 1 }
        }
        return offset
    }

    /// `lines` lines up or down, at the same character column where there is one.
    func caret(movedLines lines: Int) -> Int {
        let line = self.line(of: caret)
        let column = characters(ofLine: line).filter { $0.offset < caret }.count
        let target = min(max(0, line + lines), lineStarts.count - 1)
        guard target != line else { return lines < 0 ? lineStarts[line] : lineRange(line).upperBound }
        let characters = characters(ofLine: target)
        return column < characters.count ? characters[column].offset : lineRange(target).upperBound
    }

    /// The start or the end of the caret's line.
    func caretAtLineEdge(end: Bool) -> Int {
        let range = lineRange(line(of: caret))
        return end ? range.upperBound : range.lowerBound
    }
}
