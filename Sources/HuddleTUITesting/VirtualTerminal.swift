import HuddleTUI

/// A terminal in memory that draws what ``TerminalWriter`` sends, placing each grapheme at the
/// width its own rule says, which may differ from the one huddle assumed: the way to
/// test that a disagreement never spreads.
///
/// It understands what the writer sends: cursor moves (CUP), erase characters (ECH), SGR
/// (recorded as raw parameters), OSC 8 hyperlinks (recorded as each cell's link), and private
/// modes; any other escape is ignored. Autowrap is
/// off: a glyph that does not fit before the right edge is drawn in the last columns.
/// Overwriting any cell of a wide glyph blanks the rest of it, as real terminals do.
public struct VirtualTerminal {
    /// One cell: the grapheme whose first column it is ("" in the other columns of a wide
    /// one), and the SGR parameters in force when it was written.
    public struct Cell: Equatable, Sendable {
        public var text: String
        public var width: Int
        public var sgr: String
        /// The hyperlink target it was written under ("" for none).
        public var link = ""

        static let blank = Cell(text: " ", width: 1, sgr: "0")
    }

    /// The size.
    public let size: TerminalSize
    /// How many columns this terminal gives each grapheme.
    public let widthOf: (Character) -> Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]
    /// The cursor.
    public private(set) var row = 0
    public private(set) var column = 0
    private var sgr = "0"
    private var link = ""

    /// A blank terminal of `size` that draws graphemes as `truth` says.
    public init(size: TerminalSize, truth: WidthModel) {
        self.init(size: size, widthOf: { truth.width(of: $0) })
    }

    /// A blank terminal of `size` that draws each grapheme `widthOf` columns wide.
    public init(size: TerminalSize, widthOf: @escaping (Character) -> Int) {
        self.size = size
        self.widthOf = widthOf
        cells = Array(repeating: .blank, count: size.rows * size.columns)
    }

    /// Interprets bytes sent to the terminal.
    public mutating func receive(_ bytes: [UInt8]) {
        var index = 0
        var text: [UInt8] = []
        func flush(_ terminal: inout VirtualTerminal) {
            guard !text.isEmpty else { return }
            for character in String(decoding: text, as: UTF8.self) { terminal.draw(character) }
            text.removeAll()
        }
        while index < bytes.count {
            guard bytes[index] == 0x1B else {
                text.append(bytes[index])
                index += 1
                continue
            }
            flush(&self)
            if index + 1 < bytes.count, bytes[index + 1] == 0x5D {
                // OSC: up to BEL or ESC \; OSC 8 sets the link of what is drawn next.
                var end = index + 2
                while end < bytes.count, bytes[end] != 0x07, !(bytes[end] == 0x1B && end + 1 < bytes.count && bytes[end + 1] == 0x5C) { end += 1 }
                osc(String(decoding: bytes[index + 2..<min(end, bytes.count)], as: UTF8.self))
                index = end + (end < bytes.count && bytes[end] == 0x07 ? 1 : 2)
                continue
            }
            guard index + 1 < bytes.count, bytes[index + 1] == 0x5B else {
                index += 2
                continue
            }
            var end = index + 2
            while end < bytes.count, !(0x40...0x7E).contains(bytes[end]) { end += 1 }
            guard end < bytes.count else { break }
            let parameters = String(decoding: bytes[index + 2..<end], as: UTF8.self)
            control(final: bytes[end], parameters: parameters)
            index = end + 1
        }
        flush(&self)
    }

    /// An operating system command: `8;PARAMS;URI` opens a hyperlink (an empty URI closes it).
    mutating func osc(_ command: String) {
        let parts = command.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "8" else { return }
        link = String(parts[2])
    }

    mutating func control(final: UInt8, parameters: String) {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        switch final {
        case 0x48: // CUP
            row = min(max(1, numbers.first ?? 1), size.rows) - 1
            column = min(max(1, numbers.count > 1 ? numbers[1] : 1), size.columns) - 1
        case 0x58: // ECH
            let count = max(1, numbers.first ?? 1)
            for offset in 0..<count where column + offset < size.columns { place(.blank, at: column + offset) }
        case 0x6D: // SGR
            sgr = parameters.isEmpty ? "0" : parameters
        default:
            break
        }
    }

    /// Draws one grapheme at the cursor, as wide as ``widthOf`` says.
    mutating func draw(_ character: Character) {
        let width = widthOf(character)
        guard width > 0 else { return }
        let at = min(column, max(0, size.columns - width))
        place(Cell(text: String(character), width: width, sgr: sgr, link: link), at: at)
        for offset in 1..<width where at + offset < size.columns {
            place(Cell(text: "", width: 0, sgr: sgr, link: link), at: at + offset)
        }
        column = min(at + width, size.columns - 1)
    }

    /// Stores a cell; a wide glyph it lands on is blanked first.
    mutating func place(_ cell: Cell, at column: Int) {
        let base = row * size.columns
        let old = cells[base + column]
        if old.width == 0 || old.width > 1 {
            var lead = column
            while lead > 0, cells[base + lead].width == 0 { lead -= 1 }
            let leadWidth = max(1, cells[base + lead].width)
            for index in lead..<min(size.columns, lead + leadWidth) where index != column {
                cells[base + index] = Cell(text: " ", width: 1, sgr: cells[base + index].sgr)
            }
        }
        cells[base + column] = cell
    }

    /// The text of each row, wide glyphs once, trailing spaces removed.
    public var lines: [String] {
        (0..<size.rows).map { row in
            var line = cells[row * size.columns..<(row + 1) * size.columns].map(\.text).joined()
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
