import HuddleCore
import Foundation
import HuddleApp
import HuddleTUITesting
import Testing
@testable import HuddleTUI

/// Golden screens of what a chat shows around its messages: a reply's quote, reactions, reply
/// counts, code, a message of several lines, an edited and a deleted message, a picked one,
/// and a thread.
@Suite("Chat marks on screen")
struct ChatMarksScreenTests {
    static func state(_ rows: Int, _ columns: Int) -> TUIState {
        var state = TUIState(size: TerminalSize(rows: rows, columns: columns), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        func row(_ id: String, _ nick: String, _ body: String, _ clock: String, mine: Bool = false) -> ChatRow {
            ChatRow(id: id, nickname: nick, colorKey: String(id.prefix(7)), body: body, clock: clock, mine: mine)
        }
        var question = row("BOBBBBB@1", "bob", "lunch at 12? the place on the corner", "12:01")
        question.edited = true
        question.reactions = "👍 2  🎉 1"
        var answer = row("MFZWI3D@1", "ada", "yes, see you there", "12:02", mine: true)
        answer.replyTo = "BOBBBBB@1"
        answer.replyQuote = "bob: lunch at 12? the place on the corner"
        var gone = row("CARLLLL@1", "carl", "", "12:03")
        gone.deleted = true
        let code = row("BOBBBBB@2", "bob", "before you push, run `make test`:\n```\nswift build -c release\nmake test\n```\nthen ship", "12:04")
        var late = row("CARLLLL@2", "carl", "me too", "12:05")
        late.replyTo = "BOBBBBB@1"
        late.replyQuote = "bob: lunch at 12? the place on the corner"
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: [question, answer, gone, code]))
        _ = reduce(&state, .chatReceived(document: .general, late))
        return state
    }

    /// Compares with the golden screen as the other screen tests do.
    func check(_ state: TUIState, golden name: String) throws {
        try ScreenTests().check(state, golden: name)
    }

    @Test("a chat with a reply, reactions, reply counts, code, several lines, an edit and a delete, at 80x24 and 120x40",
          arguments: [(24, 80), (40, 120)])
    func marks(size: (rows: Int, columns: Int)) throws {
        try check(Self.state(size.rows, size.columns), golden: "chat-marks-\(size.columns)x\(size.rows)")
    }

    @Test("a picked message and its thread, at 80x24 and 120x40", arguments: [(24, 80), (40, 120)])
    func pickedAndThread(size: (rows: Int, columns: Int)) throws {
        var state = Self.state(size.rows, size.columns)
        for _ in 0..<5 { _ = reduce(&state, .key(.up)) }
        #expect(state.chatSelection == "BOBBBBB@1")
        try check(state, golden: "chat-picked-\(size.columns)x\(size.rows)")
        _ = reduce(&state, .key(.character("t")))
        try check(state, golden: "chat-thread-\(size.columns)x\(size.rows)")
    }
}
