import HuddleApp
import HuddleCore
import Testing
@testable import HuddleTUI

@Suite("The note editor")
struct NoteEditorTests {
    func editor(_ text: String, caret: Int) -> NoteEditorState {
        NoteEditorState(NoteView(document: DocumentID.note(workspace: .lan, name: "plan"), name: "plan", text: text, caret: caret))
    }

    @Test("patches keep the mirror and its line index right", arguments: [
        ("insert in a line", "ab\ncd", TextPatch.insert(at: 1, text: "X"), "aXb\ncd", [0, 4]),
        ("insert a newline", "ab\ncd", .insert(at: 1, text: "\n"), "a\nb\ncd", [0, 2, 4]),
        ("insert lines at the end", "ab", .insert(at: 2, text: "\nc\nd"), "ab\nc\nd", [0, 3, 5]),
        ("delete across a newline", "ab\ncd\nef", .delete(at: 1, count: 3), "ad\nef", [0, 3]),
        ("delete the last line", "ab\ncd", .delete(at: 2, count: 3), "ab", [0]),
        ("delete everything", "a\nb", .delete(at: 0, count: 3), "", [0]),
    ])
    func patches(_ name: String, _ text: String, _ patch: TextPatch, _ expected: String, _ starts: [Int]) {
        var state = editor(text, caret: 0)
        state.apply(patch)
        #expect(state.text == expected, "\(name)")
        #expect(state.lineStarts == starts, "\(name)")
    }

    @Test("caret moves by character (a CJK or emoji character is one step), line, and line edge")
    func caretMoves() {
        var state = editor("日本語\n👩‍💻ab\nxy", caret: 0)
        state.caret = state.caret(movedBy: 1)
        #expect(state.caret == 1)
        state.caret = state.caret(movedLines: 1) // second line, column 1: after the emoji
        #expect(state.caret == 4 + "👩‍💻".unicodeScalars.count)
        state.caret = state.caret(movedBy: -1)
        #expect(state.caret == 4, "one step back over the whole emoji")
        state.caret = state.caretAtLineEdge(end: true)
        #expect(state.caret == 4 + "👩‍💻".unicodeScalars.count + 2)
        state.caret = state.caret(movedBy: 1)
        #expect(state.line(of: state.caret) == 2 && state.caret == state.lineStarts[2], "right at a line end goes to the next line")
        state.caret = state.caret(movedLines: -5)
        #expect(state.caret == 0, "up past the first line goes to its start")
    }

    @Test("keys in the editor: typing and deleting go to the peer, moves go there too and show at once")
    func keys() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .noteOpened(NoteView(document: DocumentID.note(workspace: .lan, name: "plan"), name: "plan", text: "ab\ncd", caret: 5)))
        #expect(reduce(&state, .key(.character("x"))) == [.peer(.noteInput(document: DocumentID.note(workspace: .lan, name: "plan"), .type("x")))])
        #expect(reduce(&state, .key(.enter)) == [.peer(.noteInput(document: DocumentID.note(workspace: .lan, name: "plan"), .type("\n")))])
        #expect(reduce(&state, .key(.backspace)) == [.peer(.noteInput(document: DocumentID.note(workspace: .lan, name: "plan"), .deleteBackward))])
        #expect(reduce(&state, .key(.home)) == [.peer(.noteInput(document: DocumentID.note(workspace: .lan, name: "plan"), .moveCaret(3)))])
        #expect(state.editor?.caret == 3)
        #expect(reduce(&state, .key(.up)) == [.peer(.noteInput(document: DocumentID.note(workspace: .lan, name: "plan"), .moveCaret(0)))])
        #expect(reduce(&state, .key(.escape)) == [.peer(.closeNote(document: DocumentID.note(workspace: .lan, name: "plan")))])
        #expect(state.editor == nil)
        #expect(reduce(&state, .key(.character("x"))) == [.peer(.typing(document: .general, true))], "after closing, keys go to the chat input again")
        #expect(state.input.text == "x")
    }

    @Test("/note NAME opens, /note new NAME creates")
    func noteCommand() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        for character in "/note new Release plan" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.openNote(name: "Release plan", create: true))])
        for character in "/note plan" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.openNote(name: "plan", create: false))])
    }

    @Test("remote patches arriving between keystrokes leave the caret where the peer says")
    func remotePatchesAndCaret() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .noteOpened(NoteView(document: DocumentID.note(workspace: .lan, name: "plan"), name: "plan", text: "hello", caret: 5)))
        _ = reduce(&state, .noteUpdated(NoteUpdate(document: DocumentID.note(workspace: .lan, name: "plan"), editor: "bob", patches: [.insert(at: 0, text: "bob: ")], carets: [.screen: 10])))
        #expect(state.editor?.text == "bob: hello" && state.editor?.caret == 10 && state.editor?.lastEditor == "bob")
        _ = reduce(&state, .noteUpdated(NoteUpdate(document: DocumentID.note(workspace: .lan, name: "other"), editor: "bob", patches: [.insert(at: 0, text: "x")], carets: [:])))
        #expect(state.editor?.text == "bob: hello", "another note's changes are not applied")
    }

    @Test("Shift+arrows select; typing replaces the selection; cut, copy and paste use huddle's clipboard")
    func selectionCutCopyPaste() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        let document = DocumentID.note(workspace: .lan, name: "plan")
        _ = reduce(&state, .noteOpened(NoteView(document: document, name: "plan", text: "hello world", caret: 0)))
        #expect(reduce(&state, .key(.shiftRight)) == [.peer(.noteInput(document: document, .selectFrom(0))), .peer(.noteInput(document: document, .moveCaret(1)))],
                "teammates are told where the selection starts")
        for _ in 0..<4 { _ = reduce(&state, .key(.shiftRight)) }
        #expect(state.editor?.selection == 0..<5)
        #expect(reduce(&state, .key(.control("k"))).isEmpty && state.clipboard == "hello")
        #expect(reduce(&state, .key(.character("J"))) == [.peer(.noteInput(document: document, .selectFrom(nil))),
                                                           .peer(.noteInput(document: document, .deleteRange(0..<5))), .peer(.noteInput(document: document, .type("J")))])
        #expect(state.editor?.selection == nil)
        // the peer's answer: "hello" replaced by "J"
        _ = reduce(&state, .noteUpdated(NoteUpdate(document: document, editor: "ada", patches: [.delete(at: 0, count: 5), .insert(at: 0, text: "J")], carets: [.screen: 1])))
        _ = reduce(&state, .key(.end))
        for _ in 0..<6 { _ = reduce(&state, .key(.shiftLeft)) }
        #expect(state.editor?.selection == 1..<7)
        #expect(reduce(&state, .key(.control("x"))) == [.peer(.noteInput(document: document, .selectFrom(nil))), .peer(.noteInput(document: document, .deleteRange(1..<7)))])
        #expect(state.clipboard == " world")
        #expect(reduce(&state, .key(.control("y"))) == [.peer(.noteInput(document: document, .type(" world")))])
        _ = reduce(&state, .key(.shiftLeft))
        _ = reduce(&state, .key(.left))
        #expect(state.editor?.selection == nil, "a plain arrow ends the selection")
    }

    @Test("word moves stop at word edges and line ends", arguments: [
        // "hello, world\nnext": the words end at 5 and 12; the line break is at 12, "next" is 13..<17
        (0, 1, 5), (5, 1, 12), (12, 1, 13), (13, 1, 17), (17, -1, 13), (13, -1, 12), (12, -1, 7), (6, -1, 0),
    ])
    func wordMoves(_ from: Int, _ step: Int, _ to: Int) {
        var state = editor("hello, world\nnext", caret: from)
        state.caret = from
        #expect(state.caret(movedByWord: step) == to, "from \(from) by \(step)")
    }
}
