import Foundation
import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The terminal, through ncursesw. The only type that imports `CNcursesw`.
///
/// ncurses sets the terminal up (terminfo, modes, the alternate screen), reads keys and the
/// mouse. Frames are diffed against the previous one and the changed cells are written by
/// ``TerminalWriter``, which knows the terminal's ``widths`` (ncurses measures per scalar and
/// keeps at most 5 scalars in a cell, so it cannot place 👍🏽 or 👨‍👩‍👧‍👦 where the terminal does).
public final class NcursesScreen: Screen {
    /// How the terminal's grapheme widths are learnt.
    public enum WidthChoice: String, Sendable {
        /// Ask the terminal (grapheme-cluster mode where it has it, else cursor reports).
        case probe
        /// Do not ask: the system's per-scalar widths.
        case assumed
    }

    /// Key codes huddle defines for the bracketed paste markers.
    static let pasteStartCode: Int32 = 1001
    static let pasteEndCode: Int32 = 1002
    /// Ctrl with Left or Right (xterm: `ESC [ 1 ; 5 D` and `C`): a word left or right.
    static let wordLeftCode: Int32 = 1003
    /// Alt-1 … Alt-9 (ESC then the digit) are 1011 … 1019.
    static let altDigitCodes: ClosedRange<Int32> = 1011...1019
    static let wordRightCode: Int32 = 1004

    /// How many colours the terminal shows (0 when colour is off).
    public private(set) var colors = 0
    /// How wide the terminal draws each grapheme, learnt at start.
    public private(set) var widths = WidthModel.assumed
    /// How long asking the terminal took, in milliseconds (0 when it was not asked).
    public private(set) var probeMilliseconds = 0.0
    private var graphemeModeOn = false
    private var mouseOn = false
    private var previous: CellGrid?
    private var writer = TerminalWriter(colors: 0)
    private var isOpen = false

    /// Takes over the terminal: wide characters, no echo, keypad, bracketed paste, colours
    /// (unless `useColor` is false), autowrap off; then learns how it draws graphemes. Web links
    /// are written as OSC 8 hyperlinks unless `hyperlinks` is false.
    public init(useColor: Bool, widthChoice: WidthChoice = .probe, hyperlinks: Bool = true) {
        Self.chooseUTF8Locale()
        TerminalGuard.saveModes()
        initscr()
        isOpen = true
        cbreak()
        noecho()
        nonl()
        keypad(huddle_stdscr(), true)
        huddle_set_escdelay()
        allowFlowControlKeys()
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            colors = Int(huddle_colors())
        }
        writer = TerminalWriter(colors: colors, hyperlinks: hyperlinks)
        // ncurses paints its (blank) screen once now, and never again: keys are read with the
        // window untouched (see read()), so it has nothing to refresh over huddle's frames.
        refresh()
        Self.writeDirectly(TerminalWriter.setUp)
        if widthChoice == .probe { learnWidths() }
        define_key("\u{1B}[200~", Self.pasteStartCode)
        define_key("\u{1B}[201~", Self.pasteEndCode)
        define_key("\u{1B}[1;5D", Self.wordLeftCode)
        define_key("\u{1B}[1;5C", Self.wordRightCode)
        for code in Self.altDigitCodes { define_key("\u{1B}\(code - 1010)", code) }
        Self.writeDirectly("\u{1B}[?2004h")
    }

    /// Asks the terminal for a desktop notification: OSC 777 (rxvt, foot, kitty, WezTerm...)
    /// and OSC 9 (iTerm2, Windows Terminal...). What a teammate wrote is sanitised and the
    /// separators of OSC 777 removed, so it cannot end the sequence or start another.
    public func notify(title: String, body: String) {
        func clean(_ text: String) -> String {
            String(TerminalText.sanitized(text).filter { $0 != ";" }.prefix(200))
        }
        Self.writeDirectly("\u{1B}]777;notify;\(clean(title));\(clean(body))\u{07}\u{1B}]9;\(clean(title)): \(clean(body))\u{07}")
    }

    /// Puts `text` on the terminal's clipboard (OSC 52). The text goes base64-encoded, so
    /// nothing in it can act as a control sequence.
    public func copyToClipboard(_ text: String) {
        Self.writeDirectly(Self.clipboardSequence(text))
    }

    /// The OSC 52 sequence that puts `text` on the clipboard.
    static func clipboardSequence(_ text: String) -> String {
        "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
    }

    /// Reports clicks and the wheel from now on, in SGR form (mode 1006) so clicks past
    /// column 223 arrive too: ncurses decodes it where terminfo knows it (xterm), huddle's
    /// ``EscapeSequence`` elsewhere (TERM=screen, tmux).
    public func enableMouse() {
        huddle_enable_mouse()
        Self.writeDirectly("\u{1B}[?1006h")
        mouseOn = true
    }

    /// Rings the terminal bell.
    public func bell() {
        beep()
    }

    /// Hands the terminal to `body` (another program, such as the user's editor) as the shell
    /// had it, then takes it back and redraws everything.
    public func suspend(_ body: () -> Void) {
        Self.writeDirectly("\u{1B}[?2004l" + TerminalWriter.tearDown + (graphemeModeOn ? WidthProbe.disableGraphemeClusters : ""))
        def_prog_mode()
        endwin()
        if TerminalGuard.hasSavedModes { tcsetattr(STDIN_FILENO, TCSANOW, &TerminalGuard.savedModes) }
        body()
        reset_prog_mode()
        refresh()
        Self.writeDirectly("\u{1B}[?2004h" + TerminalWriter.setUp + (graphemeModeOn ? WidthProbe.enableGraphemeClusters : "")
                           + (mouseOn ? "\u{1B}[?1006h" : ""))
        invalidate()
    }

    /// Gives the terminal back; safe to call twice.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Self.writeDirectly(TerminalWriter.tearDown + (graphemeModeOn ? WidthProbe.disableGraphemeClusters : ""))
        endwin()
        Self.writeDirectly("\u{1B}[?2004l")
        if TerminalGuard.hasSavedModes { tcsetattr(STDIN_FILENO, TCSANOW, &TerminalGuard.savedModes) }
    }

    deinit { close() }

    public var size: TerminalSize {
        var rows: Int32 = 0
        var columns: Int32 = 0
        huddle_getmaxyx(huddle_stdscr(), &rows, &columns)
        return TerminalSize(rows: Int(rows), columns: Int(columns))
    }

    public func present(_ grid: CellGrid, cursor: (row: Int, column: Int)?) {
        let bytes = writer.bytes(for: grid, previous: previous?.size == grid.size ? previous : nil, cursor: cursor)
        Self.writeAll(bytes)
        previous = grid
    }

    /// Asks the terminal how it draws graphemes (``WidthProbe``), waiting at most 95 ms for
    /// the answer; turns grapheme-cluster mode on where the terminal has it. Keys typed
    /// meanwhile are handed back to ncurses.
    func learnWidths() {
        let (probe, milliseconds) = WidthQuery.ask()
        probeMilliseconds = milliseconds
        widths = probe.model
        if probe.shouldEnableGraphemeClusters {
            Self.writeDirectly(WidthProbe.enableGraphemeClusters)
            graphemeModeOn = true
        }
        // Typed keys go back to ncurses, last first (its push-back queue is a stack).
        for scalar in String(decoding: probe.typed, as: UTF8.self).unicodeScalars.reversed() {
            _ = unget_wch(wchar_t(bitPattern: scalar.value))
        }
    }

    /// Reads one input without waiting; `nil` when there is none. An ESC and what arrived with
    /// it become one key (``EscapeSequence``), or nothing when the sequence means nothing to
    /// huddle: an escape sequence never becomes text.
    public func read() -> TerminalInput? {
        while let input = nextInput() {
            guard input == .scalar("\u{1B}") else { return input }
            var following: [Unicode.Scalar] = []
            while following.count < Self.longestEscape, let next = nextInput() {
                guard case let .scalar(scalar) = next else {
                    queued.insert(next, at: 0)
                    break
                }
                following.append(scalar)
            }
            let consumed: Int
            var key: Key?
            var mouse: MouseEvent?
            switch EscapeSequence.decode(following) {
            case let .key(decoded, count): (key, consumed) = (decoded, count)
            case let .mouse(event, count): (mouse, consumed) = (event, count)
            case let .ignored(count): consumed = count
            }
            queued.insert(contentsOf: following.dropFirst(min(consumed, following.count)).map { .scalar($0) }, at: 0)
            if let key { return .key(key) }
            if let mouse { return .mouse(mouse) }
        }
        return nil
    }

    /// The most scalars read after an ESC for one sequence.
    static let longestEscape = 32

    /// Inputs read but not used yet (what followed an escape sequence), then ncurses'.
    private var queued: [TerminalInput] = []

    func nextInput() -> TerminalInput? {
        if !queued.isEmpty { return queued.removeFirst() }
        return readFromNcurses()
    }

    /// One input as ncurses decoded it, or nil when none is waiting.
    func readFromNcurses() -> TerminalInput? {
        var character: wint_t = 0
        // Untouched, the window gives wget_wch nothing to refresh over huddle's own frames.
        untouchwin(huddle_stdscr())
        let result = wget_wch(huddle_stdscr(), &character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_RESIZE: return .resize
            case Self.pasteStartCode: return .pasteStart
            case Self.pasteEndCode: return .pasteEnd
            case Self.wordLeftCode: return .key(.wordLeft)
            case Self.altDigitCodes: return .key(.altDigit(Int(character) - 1010))
            case Self.wordRightCode: return .key(.wordRight)
            case KEY_MOUSE:
                var row: Int32 = 0, column: Int32 = 0
                let kind: MouseEvent.Kind
                switch huddle_read_mouse(&row, &column) {
                case 1: kind = .click
                case 4: kind = .wheelUp
                case 5: kind = .wheelDown
                default: return nil
                }
                return .mouse(MouseEvent(row: Int(row), column: Int(column), kind: kind))
            default: return Self.key(code: Int32(character)).map { .key($0) }
            }
        }
        return Unicode.Scalar(UInt32(character)).map { .scalar($0) }
    }

    /// Makes reads return at once when nothing is waiting (the event loop polls the fd).
    public func setNonBlocking() {
        nodelay(huddle_stdscr(), true)
    }

    /// Takes the terminal's new size after SIGWINCH.
    public func refreshSize() {
        _ = huddle_refresh_size()
        invalidate()
    }

    /// Forgets the last frame, so the next one is drawn whole (after a resize).
    public func invalidate() {
        previous = nil
    }

    static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        case KEY_SLEFT: .shiftLeft
        case KEY_SRIGHT: .shiftRight
        case KEY_SR: .shiftUp
        case KEY_SF: .shiftDown
        case huddle_key_f(1)...huddle_key_f(12): .function(Int(code - huddle_key_f(0)))
        default: nil
        }
    }

    /// Ctrl-Q and Ctrl-S reach huddle as keys instead of pausing output.
    func allowFlowControlKeys() {
        var modes = termios()
        guard tcgetattr(STDIN_FILENO, &modes) == 0 else { return }
        modes.c_iflag &= ~tcflag_t(IXON | IXOFF)
        tcsetattr(STDIN_FILENO, TCSANOW, &modes)
        def_prog_mode()
    }

    /// Writes a control sequence straight to the terminal, outside ncurses' buffer.
    static func writeDirectly(_ sequence: String) {
        writeAll(Array(sequence.utf8))
    }

    /// Writes all of `bytes` to the terminal, through partial writes and interruptions.
    static func writeAll(_ bytes: [UInt8], to output: Int32 = 1) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(output, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else if written < 0, errno == EAGAIN {
                    var descriptor = pollfd(fd: output, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, 100)
                } else {
                    return
                }
            }
        }
    }

    /// ncursesw needs a UTF-8 locale for wide characters; use the user's, else C.UTF-8.
    static func chooseUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
    }
}
