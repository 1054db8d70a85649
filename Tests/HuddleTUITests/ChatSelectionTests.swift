import Foundation
import HuddleApp
import HuddleCore
import Testing
@testable import HuddleTUI

@Suite("Picking a message in the chat pane: edit, delete, earlier texts")
struct ChatSelectionTests {
    static func state(rows: Int = 24, columns: Int = 80) -> TUIState {
        var state = TUIState(size: TerminalSize(rows: rows, columns: columns), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        var messages = [
            ChatRow(id: "BOBBBBB@1", nickname: "bob", colorKey: "BOBBBBB", body: "morning", clock: "09:00"),
            ChatRow(id: "MFZWI3D@1", nickname: "ada", colorKey: "MFZWI3D", body: "lunch at 12?", clock: "09:01", mine: true),
            ChatRow(id: "notice", nickname: "", colorKey: "", body: "bob joined", clock: "", isNotice: true),
        ]
        messages[0].edited = true
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: messages))
        return state
    }

    @Test("Up from an empty input line picks the newest message (not a notice); Up and Down move; Down past the newest goes back to typing")
    func upPicksAndMoves() {
        var state = Self.state()
        _ = reduce(&state, .key(.up))
        #expect(state.chatSelection == "MFZWI3D@1")
        _ = reduce(&state, .key(.up))
        #expect(state.chatSelection == "BOBBBBB@1")
        _ = reduce(&state, .key(.up))
        #expect(state.chatSelection == "BOBBBBB@1", "the oldest stays picked")
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.down))
        #expect(state.chatSelection == nil)
        _ = reduce(&state, .key(.character("x")))
        _ = reduce(&state, .key(.up))
        #expect(state.chatSelection == nil && state.input.text == "x", "with text in the line, Up is the line's")
    }

    @Test("e on your message puts its text in the input line; Enter saves it as an edit, not a new message")
    func editFromTheInputLine() {
        var state = Self.state()
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character("e")))
        #expect(state.composing == .edit(id: "MFZWI3D@1") && state.input.text == "lunch at 12?")
        for character in " (or 1)" { _ = reduce(&state, .key(.character(character))) }
        let effects = reduce(&state, .key(.enter))
        #expect(effects == [.peer(.editMessage(id: "MFZWI3D@1", text: "lunch at 12? (or 1)", document: .general))])
        #expect(state.composing == nil && state.input.text.isEmpty)
    }

    @Test("Esc cancels an edit and empties the line; e and d on a teammate's message say only your own")
    func cancelAndTeammatesMessage() {
        var state = Self.state()
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character("e")))
        #expect(reduce(&state, .key(.escape)).isEmpty && state.composing == nil && state.input.text.isEmpty)
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.up))
        for key in [Key.character("e"), .character("d")] {
            #expect(reduce(&state, .key(key)).isEmpty)
            #expect(state.status?.isError == true && state.composing == nil && state.modals.isEmpty)
        }
    }

    @Test("d on your message asks first; y deletes it, n keeps it")
    func deleteAsksFirst() {
        var state = Self.state()
        _ = reduce(&state, .key(.up))
        #expect(reduce(&state, .key(.character("d"))).isEmpty)
        #expect(state.modals.first == .deleteMessage(id: "MFZWI3D@1", document: .general, preview: "lunch at 12?"))
        #expect(reduce(&state, .key(.character("n"))).isEmpty && state.modals.isEmpty)
        _ = reduce(&state, .key(.character("d")))
        #expect(reduce(&state, .key(.character("y"))) == [.peer(.deleteMessage(id: "MFZWI3D@1", document: .general))])
    }

    @Test("Enter on a picked message asks for its texts, which show in a box")
    func enterShowsRevisions() {
        var state = Self.state()
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.up))
        #expect(reduce(&state, .key(.enter)) == [.peer(.showRevisions(id: "BOBBBBB@1", document: .general))])
        let line = ChatLine(document: .general, id: "BOBBBBB@1", author: "BOBBBBB-X", nickname: "bob", body: "morning", time: 0, lamport: 1,
                            edited: true, mine: false, mentionsMe: false)
        _ = reduce(&state, .revisionsShown(MessageRevisions(message: line, revisions: [.init(body: "mornin", time: 0), .init(body: "morning", time: 1)])))
        let screen = render(state).grid.lines.joined(separator: "\n")
        #expect(screen.contains("posted: mornin") && screen.contains("now: morning"), "\(screen)")
    }

    @Test("the chat pane shows an edited message marked, a deleted one as 'message deleted', and the picked one highlighted")
    func screenMarks() {
        var state = Self.state()
        var deleted = ChatRow(id: "BOBBBBB@2", nickname: "bob", colorKey: "BOBBBBB", body: "", clock: "09:02")
        deleted.deleted = true
        _ = reduce(&state, .chatReceived(document: .general, deleted))
        _ = reduce(&state, .key(.up))
        let frame = render(state)
        let screen = frame.grid.lines.joined(separator: "\n")
        #expect(screen.contains("bob: morning (edited)") && screen.contains("bob: message deleted"), "\(screen)")
        #expect(state.chatSelection == "BOBBBBB@2")
    }

    @Test("r on a message writes an answer to it; Enter sends it as a reply")
    func replyFromTheInputLine() {
        var state = Self.state()
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character("r")))
        #expect(state.composing == .reply(id: "BOBBBBB@1", nickname: "bob") && state.input.text.isEmpty)
        #expect(state.status?.text.contains("replying to bob") == true)
        for character in "morning!" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.reply(id: "BOBBBBB@1", text: "morning!", document: .general)),
                                                 .peer(.typing(document: .general, false))], "sent: the typing notice ends")
        #expect(state.composing == nil)
    }

    @Test("+ offers quick reactions by number (taking back your own) and t types another")
    func reactByNumberOrTyped() {
        var state = Self.state()
        state.messages[0].myReactions = ["👍"]
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character("+")))
        #expect(state.modals.first == .react(id: "BOBBBBB@1", document: .general, mine: ["👍"]))
        #expect(reduce(&state, .key(.character("1"))) == [.peer(.react(id: "BOBBBBB@1", emoji: "👍", remove: true, document: .general))])
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character("+")))
        #expect(reduce(&state, .key(.character("4"))) == [.peer(.react(id: "BOBBBBB@1", emoji: "🎉", remove: false, document: .general))])
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character("+")))
        _ = reduce(&state, .key(.character("t")))
        #expect(state.composing == .react(id: "BOBBBBB@1") && state.modals.isEmpty)
        _ = reduce(&state, .key(.paste("🦀")))
        #expect(reduce(&state, .key(.enter)) == [.peer(.react(id: "BOBBBBB@1", emoji: "🦀", remove: false, document: .general))])
    }

    @Test("a reply shows the first line of what it answers above it; reactions show under a message")
    func replyQuoteAndReactionsOnScreen() {
        var state = Self.state(rows: 24, columns: 100)
        var reply = ChatRow(id: "MFZWI3D@2", nickname: "ada", colorKey: "MFZWI3D", body: "yes, 1 works", clock: "09:03", mine: true)
        reply.replyQuote = "bob: morning\nand a second line"
        reply.reactions = "👍 2  🎉 1"
        _ = reduce(&state, .chatReceived(document: .general, reply))
        let screen = render(state).grid.lines.joined(separator: "\n")
        #expect(screen.contains("↳ bob: morning") && !screen.contains("second line"), "\(screen)")
        #expect(screen.contains("ada: yes, 1 works") && screen.contains("👍 2  🎉 1"), "\(screen)")
        let lines = screen.split(separator: "\n")
        let quoteRow = lines.firstIndex { $0.contains("↳ bob: morning") }!, bodyRow = lines.firstIndex { $0.contains("yes, 1 works") }!
        #expect(bodyRow == quoteRow + 1 && lines[bodyRow + 1].contains("👍 2"))
    }

    @Test("an edit, delete or reaction of a shown message redraws it in place, with no bell even when it mentions you")
    func updateIsNoNewMessage() {
        var state = Self.state()
        state.bell = true
        var edited = ChatRow(id: "BOBBBBB@1", nickname: "bob", colorKey: "BOBBBBB", body: "morning ada", clock: "09:00", mentionsMe: true, edited: true)
        edited.reactions = "👍 1"
        #expect(reduce(&state, .chatUpdated(document: .general, edited)).isEmpty)
        #expect(state.messages.count == 3 && state.messages[0] == edited)
        let elsewhere = ChatRow(id: "BOBBBBB@9", nickname: "bob", colorKey: "BOBBBBB", body: "ada?", clock: "09:00", mentionsMe: true)
        #expect(reduce(&state, .chatUpdated(document: .general, elsewhere)).isEmpty && state.messages.count == 3, "a message not shown stays unshown")
    }

    @Test("a message of several lines shows each on a line of its own; code spans and fenced blocks take the code style")
    func multiLineAndCode() {
        var state = Self.state(rows: 24, columns: 100)
        state.theme = .monochrome
        let body = "try `make test` first\n```\nswift build -c release\n```\nthen ship"
        _ = reduce(&state, .chatReceived(document: .general, ChatRow(id: "BOBBBBB@3", nickname: "bob", colorKey: "BOBBBBB", body: body, clock: "09:05")))
        let frame = render(state)
        let lines = frame.grid.lines
        let first = lines.firstIndex { $0.contains("bob: try `make test` first") }!
        #expect(lines[first + 1].contains("  ```") && lines[first + 2].contains("  swift build -c release") && lines[first + 4].contains("  then ship"),
                "\(lines.joined(separator: "\n"))")
        let code = Theme.monochrome.style(.code)
        func style(of text: String, row: Int) -> Style? {
            guard let range = lines[row].range(of: text) else { return nil }
            return frame.grid[row, lines[row].distance(from: lines[row].startIndex, to: range.lowerBound)].style
        }
        #expect(style(of: "`make test`", row: first) == code && style(of: "first", row: first) != code)
        #expect(style(of: "swift build", row: first + 2) == code && style(of: "then ship", row: first + 4) != code)
    }

    @Test("y copies the picked message to the terminal's clipboard, base64 in OSC 52 so nothing in it acts; clipboard = false turns it off")
    func copyPickedMessage() {
        var state = Self.state()
        _ = reduce(&state, .key(.up))
        #expect(reduce(&state, .key(.character("y"))) == [.copyToClipboard("lunch at 12?")])
        let sequence = NcursesScreen.clipboardSequence("evil \u{1B}]0;title\u{07}")
        #expect(sequence.hasPrefix("\u{1B}]52;c;") && sequence.hasSuffix("\u{07}") && sequence.filter { $0 == "\u{1B}" }.count == 1)
        state.copiesToClipboard = false
        _ = reduce(&state, .key(.up))
        #expect(reduce(&state, .key(.character("y"))).isEmpty && state.status?.isError == true)
    }

    @Test("/dnd takes out the bell and desktop notifications, and says so in the title bar, until /dnd again")
    func doNotDisturb() {
        var state = Self.state()
        state.notify = true
        let mention = { (id: String) in ChatRow(id: id, nickname: "bob", colorKey: "BOBBBBB", body: "ada?", clock: "09:09", mentionsMe: true) }
        #expect(reduce(&state, .chatReceived(document: .general, mention("BOBBBBB@7"))).contains(.bell))
        for character in "/dnd" { _ = reduce(&state, .key(.character(character))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.doNotDisturb && render(state).grid.lines.first?.contains("do not disturb · ada") == true)
        let quiet = reduce(&state, .chatReceived(document: .general, mention("BOBBBBB@8")))
        #expect(!quiet.contains(.bell) && !quiet.contains { if case .notify = $0 { true } else { false } })
        for character in "/dnd" { _ = reduce(&state, .key(.character(character))) }
        _ = reduce(&state, .key(.enter))
        #expect(!state.doNotDisturb && reduce(&state, .chatReceived(document: .general, mention("BOBBBBB@9"))).contains(.bell))
    }

    @Test("t opens a message's thread: it and its replies only, with its count; what is typed answers it; Esc shows the whole chat")
    func threadView() {
        var state = Self.state(rows: 24, columns: 120)
        var answer = ChatRow(id: "MFZWI3D@2", nickname: "ada", colorKey: "MFZWI3D", body: "yes at 1", clock: "09:02", mine: true)
        answer.replyTo = "BOBBBBB@1"
        _ = reduce(&state, .chatReceived(document: .general, answer))
        _ = reduce(&state, .chatReceived(document: .general, ChatRow(id: "CARLLLL@1", nickname: "carl", colorKey: "CARLLLL", body: "unrelated", clock: "09:03")))
        #expect(state.messages[0].replies == 1 && state.messages[0].newReplies == 1)
        var screen = render(state).grid.lines.joined(separator: "\n")
        #expect(screen.contains("↪ 1 reply (1 new)"), "\(screen)")
        for _ in 0..<4 { _ = reduce(&state, .key(.up)) }
        #expect(state.chatSelection == "BOBBBBB@1")
        _ = reduce(&state, .key(.character("t")))
        #expect(state.thread == "BOBBBBB@1" && state.messages[0].newReplies == 0)
        #expect(state.shownMessages.map(\.id) == ["BOBBBBB@1", "MFZWI3D@2"])
        screen = render(state).grid.lines.joined(separator: "\n")
        #expect(screen.contains("thread of bob (1 reply)") && !screen.contains("unrelated") && !screen.contains("lunch at 12?"), "\(screen)")
        var later = ChatRow(id: "CARLLLL@2", nickname: "carl", colorKey: "CARLLLL", body: "me too", clock: "09:04")
        later.replyTo = "MFZWI3D@2"
        _ = reduce(&state, .chatReceived(document: .general, later))
        #expect(state.shownMessages.map(\.id).last == "CARLLLL@2", "a reply to a reply is in the thread")
        for character in "see you" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.reply(id: "BOBBBBB@1", text: "see you", document: .general)),
                                                 .peer(.typing(document: .general, false))])
        _ = reduce(&state, .key(.escape))
        #expect(state.thread == nil && state.shownMessages.count == state.messages.count)
    }

    @Test("a click on a message picks it; a click on a notice or an empty line picks nothing")
    func clickPicks() {
        var state = Self.state()
        let lines = render(state).grid.lines
        let row = lines.firstIndex { $0.contains("bob: morning") }!
        let column = lines[row].distance(from: lines[row].startIndex, to: lines[row].range(of: "bob: morning")!.lowerBound)
        _ = reduce(&state, .mouse(MouseEvent(row: row, column: column, kind: .click)))
        #expect(state.chatSelection == "BOBBBBB@1" && state.focus == .chat, "row \(row) column \(column)\n\(lines.joined(separator: "\n"))")
        state.chatSelection = nil
        let notice = lines.firstIndex { $0.contains("bob joined") }!
        _ = reduce(&state, .mouse(MouseEvent(row: notice, column: column, kind: .click)))
        #expect(state.chatSelection == nil)
    }

    @Test("picking an old message scrolls the chat until all of it shows")
    func pickScrollsIntoView() {
        var state = Self.state(rows: 18, columns: 80)
        let many = (1...40).map { ChatRow(id: "MFZWI3D@\($0)", nickname: "ada", colorKey: "MFZWI3D", body: "line \($0)", clock: "10:00", mine: true) }
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: many))
        for _ in 0..<31 { _ = reduce(&state, .key(.up)) } // the first picks line 40
        #expect(state.chatSelection == "MFZWI3D@10")
        let screen = render(state).grid.lines.joined(separator: "\n")
        #expect(screen.contains("ada: line 10") && state.chatScroll > 0, "\(screen)")
    }
}
