import Testing
@testable import HuddleTUI

@Suite("Keys that start with Esc")
struct EscapeSequenceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let terminal: String
        let sequence: String
        let key: Key?
        var testDescription: String { "\(terminal): \(sequence.debugDescription) → \(key.map { "\($0)" } ?? "dropped")" }
    }

    /// What common terminals send, after the ESC (xterm, VTE, kitty, tmux/screen, rxvt, Linux).
    static let cases: [Case] = [
        Case(terminal: "any terminal Alt-Enter", sequence: "\r", key: .newline),
        Case(terminal: "kitty Shift-Enter", sequence: "[13;2u", key: .newline),
        Case(terminal: "xterm modifyOtherKeys Shift-Enter", sequence: "[27;2;13~", key: .newline),
        Case(terminal: "xterm modifyOtherKeys Ctrl-Enter", sequence: "[27;5;13~", key: .enter),
        Case(terminal: "tmux/screen Home", sequence: "[1~", key: .home),
        Case(terminal: "tmux/screen End", sequence: "[4~", key: .end),
        Case(terminal: "rxvt Home", sequence: "[7~", key: .home),
        Case(terminal: "rxvt End", sequence: "[8~", key: .end),
        Case(terminal: "xterm Home", sequence: "[H", key: .home),
        Case(terminal: "xterm End", sequence: "[F", key: .end),
        Case(terminal: "xterm application Home", sequence: "OH", key: .home),
        Case(terminal: "xterm application End", sequence: "OF", key: .end),
        Case(terminal: "xterm Delete", sequence: "[3~", key: .delete),
        Case(terminal: "xterm PgUp", sequence: "[5~", key: .pageUp),
        Case(terminal: "xterm PgDn", sequence: "[6~", key: .pageDown),
        Case(terminal: "xterm Up", sequence: "[A", key: .up),
        Case(terminal: "xterm application Left", sequence: "OD", key: .left),
        Case(terminal: "xterm Shift-Right", sequence: "[1;2C", key: .shiftRight),
        Case(terminal: "xterm Ctrl-Left", sequence: "[1;5D", key: .wordLeft),
        Case(terminal: "xterm Alt-Right", sequence: "[1;3C", key: .wordRight),
        Case(terminal: "xterm Shift-Tab", sequence: "[Z", key: .backTab),
        Case(terminal: "xterm F1", sequence: "OP", key: .function(1)),
        Case(terminal: "xterm F5", sequence: "[15~", key: .function(5)),
        Case(terminal: "xterm F12", sequence: "[24~", key: .function(12)),
        Case(terminal: "rxvt Shift-Left", sequence: "[d", key: .shiftLeft),
        Case(terminal: "rxvt Ctrl-Right", sequence: "Oc", key: .wordRight),
        Case(terminal: "Linux console F1", sequence: "[[A", key: .function(1)),
        Case(terminal: "Linux console F5", sequence: "[[E", key: .function(5)),
        Case(terminal: "Alt-b", sequence: "b", key: .alt("b")),
        Case(terminal: "Alt-f", sequence: "f", key: .alt("f")),
        Case(terminal: "Alt-d", sequence: "d", key: .alt("d")),
        Case(terminal: "Alt-Backspace (DEL)", sequence: "\u{7F}", key: .altBackspace),
        Case(terminal: "Alt-Backspace (BS)", sequence: "\u{08}", key: .altBackspace),
        Case(terminal: "Alt-2", sequence: "2", key: .altDigit(2)),
        Case(terminal: "a lone Esc", sequence: "", key: .escape),
        Case(terminal: "focus in (unknown to huddle)", sequence: "[I", key: nil),
        Case(terminal: "kitty's CSI u (not enabled, unknown)", sequence: "[98;3u", key: nil),
        Case(terminal: "Insert", sequence: "[2~", key: nil),
        Case(terminal: "an unknown ~ key", sequence: "[99~", key: nil),
        Case(terminal: "rxvt Shift-Home (an intermediate, no final)", sequence: "[7$", key: nil),
        Case(terminal: "a cut-off CSI", sequence: "[12;", key: nil),
        Case(terminal: "Alt-[ (nothing after)", sequence: "[", key: nil),
    ]

    @Test("the sequences terminals send", arguments: cases)
    func decode(_ example: Case) {
        let scalars = Array(example.sequence.unicodeScalars)
        switch EscapeSequence.decode(scalars) {
        case let .key(key, consumed):
            #expect(key == example.key)
            #expect(consumed == scalars.count, "the whole sequence is used")
        case let .ignored(consumed):
            #expect(example.key == nil, "decoded as nothing")
            #expect(consumed == scalars.count, "the whole sequence is dropped, none of it left as text")
        case .mouse:
            Issue.record("a key sequence was read as a mouse report")
        }
    }

    @Test("SGR mouse reports (mode 1006) arrive at any column, past the 223 of the old encoding")
    func sgrMouse() {
        #expect(EscapeSequence.decode(Array("[<0;300;5M".unicodeScalars)) == .mouse(MouseEvent(row: 4, column: 299, kind: .click), consumed: 10))
        #expect(EscapeSequence.decode(Array("[<64;10;2M".unicodeScalars)) == .mouse(MouseEvent(row: 1, column: 9, kind: .wheelUp), consumed: 10))
        #expect(EscapeSequence.decode(Array("[<65;10;2M".unicodeScalars)) == .mouse(MouseEvent(row: 1, column: 9, kind: .wheelDown), consumed: 10))
        #expect(EscapeSequence.decode(Array("[<16;3;3M".unicodeScalars)) == .mouse(MouseEvent(row: 2, column: 2, kind: .click), consumed: 9), "Ctrl-click is a click")
        #expect(EscapeSequence.decode(Array("[<0;300;5m".unicodeScalars)) == .ignored(consumed: 10), "a release is dropped")
        #expect(EscapeSequence.decode(Array("[<2;3;3M".unicodeScalars)) == .ignored(consumed: 8), "the right button is dropped")
        #expect(EscapeSequence.decode(Array("[<0;0;99999999M".unicodeScalars)) == .ignored(consumed: 15), "impossible cells are dropped")
    }

    @Test("what follows a sequence is left for the next key")
    func followingTextKept() {
        #expect(EscapeSequence.decode(Array("[4~hello".unicodeScalars)) == .key(.end, consumed: 3))
        #expect(EscapeSequence.decode(Array("bcd".unicodeScalars)) == .key(.alt("b"), consumed: 1))
        #expect(EscapeSequence.decode(Array("\u{1B}[A".unicodeScalars)) == .key(.escape, consumed: 0))
    }

    @Test("Alt-b, Alt-f, Alt-d and Alt-Backspace edit the input line by words")
    func altWordKeys() {
        var editor = LineEditor()
        for character in "send to bob" { editor.handle(.character(character)) }
        editor.handle(.alt("b"))
        #expect(editor.cursor == 8)
        editor.handle(.alt("b"))
        #expect(editor.cursor == 5)
        editor.handle(.alt("f"))
        #expect(editor.cursor == 7)
        editor.handle(.alt("d"))
        #expect(editor.text == "send to")
        editor.handle(.altBackspace)
        #expect(editor.text == "send ")
        let used = editor.handle(.alt("x"))
        #expect(!used, "an Alt key with no meaning is not text")
        #expect(editor.text == "send ")
    }
}
