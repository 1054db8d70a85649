import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("The input line editor")
struct LineEditorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let keys: [Key]
        let text: String
        let cursor: Int
        var testDescription: String { name }
    }

    static func typed(_ text: String) -> [Key] { text.map { .character($0) } }

    static let cases: [Case] = [
        Case(name: "typing", keys: typed("héllo"), text: "héllo", cursor: 5),
        Case(name: "left and insert", keys: typed("ac") + [.left] + typed("b"), text: "abc", cursor: 2),
        Case(name: "home and end", keys: typed("bc") + [.home] + typed("a") + [.end] + typed("d"), text: "abcd", cursor: 4),
        Case(name: "Ctrl-A and Ctrl-E", keys: typed("b") + [.control("a")] + typed("a") + [.control("e")] + typed("c"), text: "abc", cursor: 3),
        Case(name: "backspace at start does nothing", keys: [.backspace] + typed("x") + [.home, .backspace], text: "x", cursor: 0),
        Case(name: "delete under the cursor", keys: typed("abc") + [.home, .delete], text: "bc", cursor: 0),
        Case(name: "Ctrl-W deletes the word before the cursor", keys: typed("send to bob  ") + [.control("w")], text: "send to ", cursor: 8),
        Case(name: "Ctrl-U deletes to the start", keys: typed("hello world") + [.left, .left, .control("u")], text: "ld", cursor: 0),
        Case(name: "Ctrl-K deletes to the end", keys: typed("hello world") + [.home, .right, .control("k")], text: "h", cursor: 1),
        Case(name: "Ctrl-Y pastes what was deleted", keys: typed("abc def") + [.control("w"), .home, .control("y")], text: "defabc ", cursor: 3),
        Case(name: "CJK and emoji move one character at a time", keys: typed("日本👍") + [.left, .left, .backspace], text: "本👍", cursor: 0),
        Case(name: "a combining accent is part of its letter", keys: [.character("e\u{301}"), .character("x"), .left, .left, .delete], text: "x", cursor: 0),
        Case(name: "a multi-line paste stays one message, its lines kept", keys: [.paste("one\r\ntwo\rthree")], text: "one\ntwo\nthree", cursor: 13),
        Case(name: "Alt-Enter or Shift-Enter starts a new line in the message", keys: typed("a") + [.newline] + typed("b"), text: "a\nb", cursor: 3),
        Case(name: "right at the end stays", keys: typed("a") + [.right, .right], text: "a", cursor: 1),
    ]

    @Test("key sequences", arguments: cases)
    func keySequences(_ example: Case) {
        var editor = LineEditor()
        for key in example.keys { editor.handle(key) }
        #expect(editor.text == example.text)
        #expect(editor.cursor == example.cursor)
    }

    @Test("history recalls earlier lines and returns to the draft")
    func history() {
        var editor = LineEditor()
        for line in ["first", "second"] {
            for key in LineEditorTests.typed(line) { editor.handle(key) }
            _ = editor.submit()
        }
        for key in LineEditorTests.typed("draft") { editor.handle(key) }
        editor.handle(.up)
        #expect(editor.text == "second")
        editor.handle(.up)
        editor.handle(.up)
        #expect(editor.text == "first")
        editor.handle(.down)
        #expect(editor.text == "second")
        editor.handle(.down)
        #expect(editor.text == "draft")
    }

    @Test("a blank line is not submitted or remembered")
    func blankLineNotSubmitted() {
        var editor = LineEditor()
        editor.handle(.character(" "))
        #expect(editor.submit() == nil)
        #expect(editor.history.isEmpty)
    }

    @Test("a long line scrolls to keep the cursor in view")
    func horizontalScrolling() {
        var editor = LineEditor()
        for key in LineEditorTests.typed("abcdefghijklmnopqrstuvwxyz") { editor.handle(key) }
        editor.keepCursorVisible(width: 10, widths: .assumed)
        var view = editor.view(width: 10, widths: .assumed)
        #expect(view.text == "rstuvwxyz")
        #expect(view.cursorColumn == 9)
        editor.handle(.home)
        editor.keepCursorVisible(width: 10, widths: .assumed)
        view = editor.view(width: 10, widths: .assumed)
        #expect(view.text == "abcdefghij")
        #expect(view.cursorColumn == 0)
    }

    @Test("a wide character cut by the left edge shows as a space")
    func wideCharacterAtScrollEdge() {
        var editor = LineEditor()
        for key in LineEditorTests.typed("日本語日本語") { editor.handle(key) }
        editor.keepCursorVisible(width: 6, widths: .assumed)
        let view = editor.view(width: 6, widths: .assumed)
        #expect(WidthModel.assumed.width(of: view.text) <= 6)
        #expect(view.text == " 本語")
        #expect(view.cursorColumn == 5)
    }
}

@Suite("Input decoding")
struct InputDecoderTests {
    @Test("control bytes become named keys")
    func controlBytes() {
        #expect(InputDecoder.key(for: "\u{11}") == .control("q"))
        #expect(InputDecoder.key(for: "\r") == .enter)
        #expect(InputDecoder.key(for: "\u{7F}") == .backspace)
        #expect(InputDecoder.key(for: "\t") == .tab)
        #expect(InputDecoder.key(for: "é") == .character("é"))
    }

    @Test("a bracketed paste arrives as one event, and keys inside it are text")
    func pasteIsOneEvent() {
        var decoder = InputDecoder()
        var keys: [Key] = []
        let inputs: [TerminalInput] = [.scalar("a"), .pasteStart, .scalar("q"), .scalar("\u{11}"), .scalar("\r"),
                                       .key(.enter), .scalar("/"), .pasteEnd, .scalar("b")]
        for input in inputs {
            if let key = decoder.feed(input) { keys.append(key) }
        }
        #expect(keys == [.character("a"), .paste("q\u{11}\n\n/"), .character("b")])
    }

    @Test("a paste larger than the limit is cut, not held whole")
    func pasteIsBounded() {
        var decoder = InputDecoder()
        _ = decoder.feed(.pasteStart)
        for _ in 0..<(InputDecoder.maxPasteBytes + 10) { _ = decoder.feed(.scalar("x")) }
        guard case let .paste(text)? = decoder.feed(.pasteEnd) else { Issue.record("no paste"); return }
        #expect(text.utf8.count == InputDecoder.maxPasteBytes)
    }
}

@Suite("The input line and the note editor step over grapheme clusters")
struct ClusterSteppingTests {
    @Test("each corpus cluster typed one scalar at a time is one character: Left, Right and Backspace take it whole",
          arguments: TextCorpus.clusters.map(\.name))
    func inputLine(_ name: String) {
        let cluster = TextCorpus.clusters.first { $0.name == name }!.text
        var editor = LineEditor()
        for scalar in ("a" + cluster + "b").unicodeScalars { editor.handle(.character(Character(scalar))) }
        #expect(editor.characters == ["a", Character(cluster), "b"])
        editor.handle(.left)
        editor.handle(.left)
        #expect(editor.cursor == 1)
        editor.handle(.character("x"))
        #expect(editor.text == "ax" + cluster + "b", "a key typed before the cluster does not go inside it")
        editor.handle(.right)
        editor.handle(.backspace)
        #expect(editor.text == "axb")
    }

    @Test("the family emoji with text after it: three Lefts put the caret before the family, not inside it")
    func familyThenText() {
        var editor = LineEditor()
        for scalar in "ok👨\u{200D}👩\u{200D}👧\u{200D}👦gh".unicodeScalars { editor.handle(.character(Character(scalar))) }
        for _ in 0..<3 { editor.handle(.left) }
        editor.handle(.character("!"))
        #expect(editor.text == "ok!👨\u{200D}👩\u{200D}👧\u{200D}👦gh")
        for widths in TextCorpus.models.map(\.model) {
            editor.keepCursorVisible(width: 6, widths: widths)
            let view = editor.view(width: 6, widths: widths)
            #expect(widths.width(of: view.text) <= 6)
        }
    }

    @Test("the note editor's caret only ever stops between clusters")
    func noteEditor() {
        let editor = NoteEditorState(NoteView(document: DocumentID.note(workspace: .lan, name: "n"), name: "n", text: TextCorpus.note, caret: 0))
        let text = TextCorpus.note
        var boundaries = Set<Int>([0])
        var offset = 0
        for character in text {
            offset += character.unicodeScalars.count
            boundaries.insert(offset)
        }
        var state = editor
        var stops = [0]
        while true {
            let next = state.caret(movedBy: 1)
            if next == state.caret { break }
            state.caret = next
            stops.append(next)
        }
        #expect(stops.allSatisfy { boundaries.contains($0) })
        #expect(stops.last == text.unicodeScalars.count)
    }
}
