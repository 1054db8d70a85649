import Foundation
import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

/// `/search` in the TUI: the command, the results in the chat pane, picking and opening one.
@Suite("Search on screen")
struct SearchScreenTests {
    static let results = [
        SearchRow(place: "#dev", nickname: "bob", when: "Dec 07 14:05",
                  excerpt: [.init(text: "the ", isMatch: false), .init(text: "deploy", isMatch: true), .init(text: " script failed on staging", isMatch: false)],
                  target: .message(document: try! DocumentID.channel("dev"), id: "BOBBBBB@4")),
        SearchRow(place: "plan", nickname: "", when: "line 12",
                  excerpt: [.init(text: "…before we ", isMatch: false), .init(text: "deploy", isMatch: true), .init(text: ", freeze the branch", isMatch: false)],
                  target: .note(document: try! DocumentID.note("plan"), line: 12)),
        SearchRow(place: "@carl\u{1b}[2J", nickname: "carl\u{202e}", when: "Dec 06 09:00",
                  excerpt: [.init(text: "can you ", isMatch: false), .init(text: "deploy", isMatch: true), .init(text: " 東京 tonight? 🚀", isMatch: false)],
                  target: .message(document: .general, id: "CARLLLL@9")),
    ]

    static func state(_ rows: Int, _ columns: Int) -> TUIState {
        var state = TUIState(size: TerminalSize(rows: rows, columns: columns), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .searchFound(SearchView(query: "deploy", results: results)))
        return state
    }

    @Test("/search asks the peer; with no words it says how to search")
    func command() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        state.input.setText("/search deploy from:bob")
        #expect(reduce(&state, .key(.enter)) == [.peer(.search("deploy from:bob"))])
        state.input.setText("/search")
        #expect(reduce(&state, .key(.enter)).isEmpty)
        #expect(state.status?.isError == true)
    }

    @Test("Up and Down pick a result; Enter opens a message in its chat or a note at its line; Esc closes")
    func pickAndOpen() {
        var state = Self.state(24, 80)
        #expect(reduce(&state, .key(.down)).isEmpty && state.search?.selection == 1)
        #expect(reduce(&state, .key(.enter)) == [.peer(.openNoteAt(document: try! DocumentID.note("plan"), line: 12))])
        #expect(state.search == nil)
        state = Self.state(24, 80)
        #expect(reduce(&state, .key(.enter)) == [.peer(.openMessage(document: try! DocumentID.channel("dev"), id: "BOBBBBB@4"))])
        state = Self.state(24, 80)
        _ = reduce(&state, .key(.escape))
        #expect(state.search == nil)
    }

    @Test("typing while results are shown goes to the input line; Enter then sends it")
    func typingGoesToInput() {
        var state = Self.state(24, 80)
        _ = reduce(&state, .key(.character("h")))
        #expect(state.input.text == "h" && state.search != nil)
        #expect(reduce(&state, .key(.enter)).contains(.peer(.send(text: "h", document: .general))))
    }

    @Test("an opened message is picked when shown; an older one is named with how to see it")
    func jumpPicksMessage() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        let rows = (1...3).map { ChatRow(id: "BOBBBBB@\($0)", nickname: "bob", colorKey: "BOBBBBB", body: "m\($0)", clock: "12:0\($0)") }
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: rows))
        _ = reduce(&state, .messageJumpedTo("BOBBBBB@2"))
        #expect(state.chatSelection == "BOBBBBB@2")
        _ = reduce(&state, .messageJumpedTo("BOBBBBB@99"))
        #expect(state.status?.text.contains("huddle show BOBBBBB@99") == true)
    }

    @Test("results at 80x24 and 120x40 (a peer's escape and bidi characters never reach the terminal)", arguments: [(24, 80), (40, 120)])
    func screen(size: (rows: Int, columns: Int)) throws {
        var state = Self.state(size.rows, size.columns)
        _ = reduce(&state, .key(.down))
        try ScreenTests().check(state, golden: "search-\(size.columns)x\(size.rows)")
        let empty = { var s = Self.state(size.rows, size.columns); _ = reduce(&s, .searchFound(SearchView(query: "kiwi", results: []))); return s }()
        try ScreenTests().check(empty, golden: "search-empty-\(size.columns)x\(size.rows)")
    }
}
