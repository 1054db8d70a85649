import Foundation
import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Emoji, CJK and accents intact and in place on every screen")
struct TextScreenTests {
    static let note = DocumentID.note(workspace: .lan, name: "多言語")

    /// A workspace where a teammate wrote the corpus in chat, a note name and a nickname.
    static func state(_ widths: WidthModel, rows: Int = 24, columns: Int = 80) -> TUIState {
        var state = TUIState(size: TerminalSize(rows: rows, columns: columns), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        state.widths = widths
        _ = reduce(&state, .peersUpdated([PeerRow(shortID: "BOBBBBB", nickname: "李雷👩\u{200D}💻", online: true, trust: .verified)]))
        _ = reduce(&state, .documentsUpdated(channels: [ChannelRow(document: .general, name: "#general")],
                                              notes: [NoteRow(name: "多言語", lastEditor: "李雷", size: 120), NoteRow(name: "plan 👍🏽", lastEditor: "ada", size: 8)]))
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: [
            ChatRow(id: "1", nickname: "李雷👩\u{200D}💻", colorKey: "BOBBBBB", body: TextCorpus.message, clock: "09:14"),
            ChatRow(id: "2", nickname: "bob", colorKey: "BOBBBBB", body: TextCorpus.clusters.map(\.text).joined(separator: " "), clock: "09:15"),
            ChatRow(id: "3", nickname: "ada", colorKey: "MFZWI3D", body: "日本語の文章は、句読点で終わる。" + TextCorpus.rightToLeft + " " + TextCorpus.longWord, clock: "09:16", mine: true),
        ]))
        return state
    }

    static func openNote(_ state: inout TUIState) {
        _ = reduce(&state, .noteOpened(NoteView(document: note, name: "多言語", text: TextCorpus.note, caret: 12)))
    }

    /// What a terminal that draws as `truth` says shows after `frames`, each diffed against
    /// the one before.
    static func shown(_ frames: [Frame], truth: @escaping (Character) -> Int, size: TerminalSize) -> VirtualTerminal {
        var terminal = VirtualTerminal(size: size, widthOf: truth)
        var previous: CellGrid?
        for frame in frames {
            terminal.receive(TerminalWriter(colors: 0).bytes(for: frame.grid, previous: previous, cursor: frame.cursor.map { ($0.row, $0.column) }))
            previous = frame.grid
        }
        return terminal
    }

    func check(_ state: TUIState, golden name: String) throws {
        let frame = render(state)
        let terminal = Self.shown([frame], truth: { state.widths.width(of: $0) }, size: state.size)
        #expect(terminal.lines == frame.grid.lines, "the terminal shows the grid")
        let text = terminal.lines.joined(separator: "\n") + "\n"
        let expected = try Golden.expected(at: ScreenTests.golden + "/\(name).txt", actual: text)
        #expect(text == expected, "\(name) differs; rerun with HUDDLE_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test("the chat, peers and notes with the corpus, under each width model", arguments: TextCorpus.models.map(\.name))
    func chat(_ modelName: String) throws {
        let widths = TextCorpus.models.first { $0.name == modelName }!.model
        try check(Self.state(widths), golden: "corpus-chat-\(modelName)-80x24")
    }

    @Test("a note with the corpus in the editor, under each width model", arguments: TextCorpus.models.map(\.name))
    func editor(_ modelName: String) throws {
        let widths = TextCorpus.models.first { $0.name == modelName }!.model
        var state = Self.state(widths)
        Self.openNote(&state)
        try check(state, golden: "corpus-editor-\(modelName)-80x24")
    }

    @Test("every scalar a teammate sent reaches the screen: nothing of a cluster is dropped")
    func noScalarLost() {
        var state = Self.state(.graphemeClusters, rows: 40, columns: 160)
        Self.openNote(&state)
        let shown = render(state).grid.lines.joined(separator: "\n")
        for (name, text) in TextCorpus.clusters {
            #expect(shown.contains(text), "\(name) is drawn whole")
        }
        #expect(shown.contains("ab你好cdX👍🏽ef👨\u{200D}👩\u{200D}👧\u{200D}👦gh"))
    }

    @Test("opening and closing a note, scrolling and resizing leave no stale cell, whatever the terminal draws",
          arguments: TextCorpus.models.map(\.name))
    func switchingViewsLeavesNothingBehind(_ modelName: String) {
        let widths = TextCorpus.models.first { $0.name == modelName }!.model
        for seed in UInt64(1)...8 {
            let truth = TerminalWriterTests.disagreeingTruth(with: widths, seed: seed)
            var state = Self.state(widths)
            var frames = [render(state)]
            Self.openNote(&state)
            frames.append(render(state))
            _ = reduce(&state, .key(.escape))
            frames.append(render(state))
            _ = reduce(&state, .key(.pageUp))
            frames.append(render(state))
            for character in "👨\u{200D}👩\u{200D}👧\u{200D}👦gh".unicodeScalars { _ = reduce(&state, .key(.character(Character(character)))) }
            for _ in 0..<3 { _ = reduce(&state, .key(.left)) }
            frames.append(render(state))
            let diffed = Self.shown(frames, truth: truth, size: state.size)
            let repainted = Self.shown([frames.last!], truth: truth, size: state.size)
            #expect(diffed.cells == repainted.cells, "seed \(seed) under \(modelName):\n\(diffed.lines.joined(separator: "\n"))")
        }
    }

    @Test("a note's rows break at spaces and between ideographs, never before 、。」 nor after 「, and keep every character")
    func editorRowsBreakByLineBreakingRules() {
        let text = "日本語の文章は、句読点で終わる。カタカナ「テスト」も。 and then some english words here, wrapping"
        let editor = NoteEditorState(NoteView(document: Self.note, name: "n", text: text, caret: 0))
        for width in 6...40 {
            let rows = EditorLayout.rows(of: editor, line: 0, width: width, widths: .graphemeClusters)
            #expect(rows.flatMap(\.cells).compactMap(\.glyph?.text).joined() == text, "width \(width)")
            for row in rows {
                var shown = row.cells.compactMap(\.glyph)
                while shown.last?.text == " " { shown.removeLast() }
                #expect(shown.reduce(0) { $0 + $1.width } <= width, "width \(width)")
                #expect(shown.last?.text != "「", "width \(width): a row ends with an opening bracket")
            }
            for row in rows.dropFirst() {
                let first = row.cells.first?.glyph?.text ?? ""
                #expect(!["、", "。", "」", " "].contains(first), "width \(width): a row starts with \(first)")
            }
        }
    }

    @Test("a note line exactly as wide as the pane keeps the caret at its end on its own row, with no phantom row after it")
    func fullWidthLineHasNoPhantomRow() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        let width = Layout(size: state.size).chat.content.width
        let line = String(repeating: "x", count: width)
        _ = reduce(&state, .noteOpened(NoteView(document: Self.note, name: "n", text: line + "\nnext", caret: width)))
        let frame = render(state)
        let content = Layout(size: state.size).chat.content
        #expect(frame.cursor?.row == content.row, "the caret stays on the full line's row")
        #expect(frame.grid.line(content.row + 1).contains("next"), "the next line follows at once, no empty row between")
        #expect(EditorLayout.rows(of: state.editor!, line: 0, width: width, widths: state.widths).count == 1)
    }
}
