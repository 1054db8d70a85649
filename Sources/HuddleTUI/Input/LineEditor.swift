/// A one-line text editor with readline's keys, history and horizontal scrolling.
///
/// Positions count grapheme clusters, whatever way their scalars arrived (a terminal sends
/// 👨‍👩‍👧‍👦 as seven key presses); widths come from the terminal's ``WidthModel``, so CJK and
/// emoji move and scroll as they are drawn.
public struct LineEditor: Equatable, Sendable {
    /// The text, one element per grapheme cluster.
    public private(set) var characters: [Character] = []
    /// The cursor, as an index into ``characters`` (0...count).
    public private(set) var cursor = 0
    /// The first display column shown when the line is wider than its field.
    public private(set) var scroll = 0
    /// Earlier entries, oldest first.
    public private(set) var history: [String] = []
    /// The most entries kept in ``history``.
    public static let historyLimit = 500

    var historyIndex: Int?
    var draft: [Character] = []
    var killed: [Character] = []

    /// An empty line.
    public init() {}

    /// The text as a string.
    public var text: String { String(characters) }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Applies an editing key; returns whether the key was used.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case let .character(character): insert([character])
        case let .paste(text): insert(Array(text.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 }))
        case .newline: insert(["\n"])
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .wordLeft, .alt("b"): cursor = wordStart()
        case .wordRight, .alt("f"): cursor = wordEnd()
        case .alt("d"): kill(cursor..<wordEnd())
        case .altBackspace: kill(wordStart()..<cursor)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .backspace, .control("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .control("w"): kill(wordStart()..<cursor)
        case .control("u"): kill(0..<cursor)
        case .control("k"): kill(cursor..<characters.count)
        case .control("y"): insert(killed)
        case .up, .control("p"): recall(older: true)
        case .down: recall(older: false)
        default: return false
        }
        return true
    }

    /// Takes the line as entered: returns its text (`nil` if blank), clears the line and
    /// remembers it in the history.
    public mutating func submit() -> String? {
        let entered = text
        characters = []
        cursor = 0
        scroll = 0
        historyIndex = nil
        guard !entered.allSatisfy(\.isWhitespace) else { return nil }
        if history.last != entered { history.append(entered) }
        if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
        return entered
    }

    /// Scrolls so that the cursor is inside a field `width` columns wide.
    public mutating func keepCursorVisible(width: Int, widths: WidthModel) {
        guard width > 1 else { scroll = 0; return }
        let column = characters[..<cursor].reduce(0) { $0 + Self.shownWidth($1, widths) }
        let total = characters.reduce(0) { $0 + Self.shownWidth($1, widths) }
        if column < scroll { scroll = column }
        if column >= scroll + width { scroll = column - width + 1 }
        // Never leave empty space at the right while text is hidden at the left.
        scroll = max(0, min(scroll, max(0, total + 1 - width)))
    }

    /// What a field `width` columns wide shows: the visible text and the cursor's column in it.
    /// A wide character cut by the left edge shows as a space.
    public func view(width: Int, widths: WidthModel) -> (text: String, cursorColumn: Int) {
        var shown = ""
        var column = 0
        var used = 0
        var cursorColumn = 0
        for (index, character) in characters.enumerated() {
            if index == cursor { cursorColumn = max(0, column - scroll) }
            let size = Self.shownWidth(character, widths)
            defer { column += size }
            if column + size <= scroll { continue }
            if column < scroll { shown += " "; used += 1; continue }
            guard used + size <= width else { continue }
            shown.append(character == "\n" ? "↵" : character)
            used += size
        }
        if cursor == characters.count { cursorColumn = max(0, column - scroll) }
        return (shown, min(cursorColumn, max(0, width - 1)))
    }

    /// How wide `character` is in the field: a new line shows as `↵`.
    static func shownWidth(_ character: Character, _ widths: WidthModel) -> Int {
        character == "\n" ? 1 : widths.width(of: character)
    }

    /// The word the cursor is at the end of (no spaces), and where it starts.
    public var wordBeforeCursor: (start: Int, text: String) {
        var index = cursor
        while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        return (index, String(characters[index..<cursor]))
    }

    /// Replaces the characters from `start` to the cursor with `text`; the cursor goes after it.
    public mutating func replaceBeforeCursor(from start: Int, with text: String) {
        let start = min(max(0, start), cursor)
        characters.replaceSubrange(start..<cursor, with: Array(text))
        cursor = start + text.count
    }

    /// Inserts at the cursor, then splits the text into clusters again: a joiner, skin tone
    /// or mark typed after an emoji or letter joins it, as it does on screen. The cursor goes
    /// after the inserted scalars, or after the cluster they became part of.
    mutating func insert(_ new: [Character]) {
        guard !new.isEmpty else { return }
        let before = characters[..<cursor].reduce(0) { $0 + $1.unicodeScalars.count }
        let inserted = new.reduce(0) { $0 + $1.unicodeScalars.count }
        characters.insert(contentsOf: new, at: cursor)
        characters = Array(String(characters))
        var scalars = 0
        cursor = 0
        while cursor < characters.count, scalars < before + inserted {
            scalars += characters[cursor].unicodeScalars.count
            cursor += 1
        }
    }

    mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killed = Array(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
    }

    /// Where Ctrl-W stops: back over spaces, then over the word before them.
    func wordStart() -> Int {
        var index = cursor
        while index > 0, characters[index - 1].isWhitespace { index -= 1 }
        while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        return index
    }

    /// Where Alt-f stops: over spaces, then to the end of the word after them.
    func wordEnd() -> Int {
        var index = cursor
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        return index
    }

    mutating func recall(older: Bool) {
        guard !history.isEmpty else { return }
        if historyIndex == nil {
            guard older else { return }
            draft = characters
            historyIndex = history.count
        }
        guard var index = historyIndex else { return }
        index += older ? -1 : 1
        if index < 0 { return }
        if index >= history.count {
            historyIndex = nil
            characters = draft
        } else {
            historyIndex = index
            characters = Array(history[index])
        }
        cursor = characters.count
    }
}
