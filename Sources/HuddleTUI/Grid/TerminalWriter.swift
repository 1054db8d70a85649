/// Turns frames into the bytes a terminal is sent: the changed runs of cells, each placed with
/// an absolute cursor move, styles as SGR, and a re-anchoring move after every glyph whose
/// width is not certain.
///
/// huddle writes its cells itself rather than through ncurses' `waddnwstr`: ncurses measures
/// each scalar with `wcwidth` and keeps at most `CCHARW_MAX` (5) scalars in a cell, so it
/// splits 👍🏽 over two cells, drops the end of 👨‍👩‍👧‍👦, and its idea of the cursor drifts from
/// the terminal's. ncurses still sets the terminal up, reads keys and the mouse.
///
/// A glyph of uncertain width is written as: erase its columns (ECH), the glyph, then a move
/// to the column after it. Drawn narrower, it leaves blanks; drawn wider, what follows on the
/// line (written in the same frame, see ``CellGrid/changes(from:)``) covers the excess, and
/// with autowrap off (``setUp``) nothing reaches the next line.
///
/// Cells whose style carries a link (``Style/link``) are written inside an OSC 8 hyperlink to
/// its target (``Hyperlinks``), opened and closed as the link changes; terminals that do not
/// know OSC 8 ignore it.
public struct TerminalWriter: Sendable {
    /// How many colours the terminal shows (0: none, only attributes).
    public var colors: Int
    /// Whether links are written as OSC 8 hyperlinks (the config's `links`).
    public var hyperlinks: Bool

    /// A writer for a terminal with `colors` colours.
    public init(colors: Int, hyperlinks: Bool = true) {
        self.colors = colors
        self.hyperlinks = hyperlinks
    }

    /// Sent once after the terminal is taken over: autowrap off, so a glyph drawn wider than
    /// expected at the right edge cannot wrap or scroll the screen.
    public static let setUp = "\u{1B}[?7l"
    /// Sent before the terminal is given back: autowrap on, attributes off, SGR mouse reports off.
    public static let tearDown = "\u{1B}[0m\u{1B}[?7h\u{1B}[?1006l"

    /// The bytes that change the screen from `previous` (nil: unknown, draw everything) to
    /// `grid`, and leave the cursor at `cursor` (hidden when nil).
    public func bytes(for grid: CellGrid, previous: CellGrid?, cursor: (row: Int, column: Int)?) -> [UInt8] {
        var out: [UInt8] = []
        let runs = grid.changes(from: previous)
        guard !runs.isEmpty else {
            // Nothing changed: only the cursor, if it is shown.
            if let cursor { Self.move(&out, row: cursor.row, column: cursor.column) } else { out += Self.hideCursor }
            return out
        }
        out.reserveCapacity(previous == nil ? grid.cells.count * 2 : 256)
        out += Self.hideCursor
        var current: Style?
        var link: UInt32 = 0
        for run in runs {
            Self.move(&out, row: run.row, column: run.column)
            var column = run.column
            for cell in run.cells {
                defer { column += 1 }
                if cell.isContinuation { continue }
                if cell.style != current {
                    sgr(&out, cell.style)
                    current = cell.style
                }
                if hyperlinks, cell.style.link != link {
                    if link != 0 { out += Self.closeLink }
                    link = 0
                    if cell.style.link != 0, let url = Hyperlinks.shared.url(for: cell.style.link) {
                        Self.openLink(&out, id: cell.style.link, url: url)
                        link = cell.style.link
                    }
                }
                if cell.isCertain {
                    out += cell.text.utf8
                } else {
                    // ESC [ n X: erase n cells from the cursor, which stays put.
                    out += [0x1B, 0x5B]
                    Self.decimal(&out, Int(cell.width))
                    out.append(0x58)
                    out += cell.text.utf8
                    Self.move(&out, row: run.row, column: column + Int(cell.width))
                }
            }
        }
        if link != 0 { out += Self.closeLink }
        out += [0x1B, 0x5B, 0x30, 0x6D] // ESC [ 0 m
        if let cursor {
            Self.move(&out, row: cursor.row, column: cursor.column)
            out += Self.showCursor
        }
        return out
    }

    /// ESC ] 8 ; id=N ; URL ESC \\: the cells after it link to `url` (checked ASCII, see ``WebLinks``);
    /// the id lets a terminal treat a link wrapped over lines as one.
    static func openLink(_ out: inout [UInt8], id: UInt32, url: String) {
        out += Array("\u{1B}]8;id=".utf8)
        decimal(&out, Int(id))
        out.append(0x3B)
        out += url.utf8.filter { $0 > 0x20 && $0 < 0x7F }
        out += [0x1B, 0x5C]
    }

    /// ESC ] 8 ; ; ESC \\: the link ends.
    static let closeLink = Array("\u{1B}]8;;\u{1B}\\".utf8)

    static let hideCursor = Array("\u{1B}[?25l".utf8)
    static let showCursor = Array("\u{1B}[?25h".utf8)

    /// ESC [ row ; column H, counted from 1.
    static func move(_ out: inout [UInt8], row: Int, column: Int) {
        out += [0x1B, 0x5B]
        decimal(&out, row + 1)
        out.append(0x3B)
        decimal(&out, column + 1)
        out.append(0x48)
    }

    /// ESC [ 0 ; attributes ; colours m: the whole style, from nothing.
    func sgr(_ out: inout [UInt8], _ style: Style) {
        out += [0x1B, 0x5B, 0x30]
        let attributes: [(TextAttributes, UInt8)] = [(.bold, 0x31), (.dim, 0x32), (.italic, 0x33), (.underline, 0x34), (.reverse, 0x37)]
        for (attribute, code) in attributes where style.attributes.contains(attribute) { out += [0x3B, code] }
        if colors > 0 {
            color(&out, style.foreground, base: 30)
            color(&out, style.background, base: 40)
        }
        out.append(0x6D)
    }

    /// ; 3x, ; 9x or ; 38;5;n (and 4x, 10x, 48;5;n for the background).
    func color(_ out: inout [UInt8], _ color: TerminalColor, base: Int) {
        guard case let .indexed(index) = color.degraded(toColors: colors) else { return }
        out.append(0x3B)
        switch Int(index) {
        case 0..<8: Self.decimal(&out, base + Int(index))
        case 8..<16: Self.decimal(&out, base + 60 + Int(index) - 8)
        default:
            Self.decimal(&out, base + 8)
            out += [0x3B, 0x35, 0x3B]
            Self.decimal(&out, Int(index))
        }
    }

    static func decimal(_ out: inout [UInt8], _ value: Int) {
        if value >= 10 { decimal(&out, value / 10) }
        out.append(UInt8(0x30 + value % 10))
    }
}
