import HuddleCore
import Testing
@testable import HuddleTUI

@Suite("Keys and commands")
struct ReducerTests {
    func state() -> TUIState {
        TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
    }

    func type(_ text: String, into state: inout TUIState) -> [Effect] {
        var effects: [Effect] = []
        for character in text { effects += reduce(&state, .key(.character(character))) }
        return effects + reduce(&state, .key(.enter))
    }

    @Test("a teammate shown by its short ID (seen through a relay) is shown by name once its card arrives; a nickname that only looks like an ID is left alone")
    func namesLearnedRelabelsShortIDs() {
        var state = state()
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: [
            ChatRow(id: "7MQ3GHN@1", nickname: "7MQ3GHN", colorKey: "7MQ3GHN", body: "hey carol", clock: "10:00"),
            ChatRow(id: "BOBBBBB@1", nickname: "bob", colorKey: "BOBBBBB", body: "hi", clock: "10:01"),
            ChatRow(id: "EVEEEEE@1", nickname: "7MQ3GHN", colorKey: "EVEEEEE", body: "I am 7MQ3GHN", clock: "10:02"),
        ]))
        _ = reduce(&state, .namesLearned(["7MQ3GHN": "ann", "BOBBBBB": "robert"]))
        #expect(state.messages.map(\.nickname) == ["ann", "bob", "7MQ3GHN"])
    }

    @Test("Tab and Shift-Tab cycle the focus through every pane")
    func tabCyclesFocus() {
        var state = state()
        var seen: [Pane] = [state.focus]
        for _ in 0..<5 {
            _ = reduce(&state, .key(.tab))
            seen.append(state.focus)
        }
        #expect(seen == [.chat, .channels, .notes, .peers, .transfers, .chat])
        _ = reduce(&state, .key(.backTab))
        #expect(state.focus == .transfers)
    }

    @Test("Ctrl-Q and /quit quit")
    func quitKeys() {
        var state = state()
        #expect(reduce(&state, .key(.control("q"))) == [.quit])
        var other = self.state()
        #expect(type("/quit", into: &other) == [.quit])
        #expect(other.quitting)
    }

    @Test("a pasted q or Ctrl-Q is text, not a key")
    func pasteDoesNotAct() {
        var state = state()
        _ = reduce(&state, .key(.paste("q\u{11}")))
        #expect(!state.quitting)
        #expect(state.input.text == "q\u{11}")
    }

    @Test("? types a question mark in the input line and opens help elsewhere")
    func questionMark() {
        var state = state()
        _ = reduce(&state, .key(.character("?")))
        #expect(state.input.text == "?" && !state.showsHelp)
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.character("?")))
        #expect(state.showsHelp)
        _ = reduce(&state, .key(.escape))
        #expect(!state.showsHelp)
        _ = reduce(&state, .key(.function(1)))
        #expect(state.showsHelp)
    }

    @Test("help takes the keys while it is open")
    func helpIsModal() {
        var state = state()
        _ = reduce(&state, .key(.function(1)))
        _ = reduce(&state, .key(.character("x")))
        _ = reduce(&state, .key(.tab))
        #expect(state.input.text.isEmpty && state.focus == .chat)
    }

    @Test("an unknown command gets a clear message in the status line")
    func unknownCommand() {
        var state = state()
        _ = type("/frobnicate now", into: &state)
        #expect(state.status == StatusMessage("unknown command /frobnicate: type /help for the list", isError: true))
    }

    @Test("/nick changes the nickname and asks to save it; a bad one is refused")
    func nickCommand() {
        var state = state()
        #expect(type("/nick grace", into: &state) == [.saveSetting(key: "nickname", value: "grace")])
        #expect(state.nickname == "grace")
        #expect(type("/nick two words", into: &state) == [])
        #expect(state.nickname == "grace")
        #expect(state.status?.isError == true)
    }

    @Test("/theme asks for the theme, and its result shows")
    func themeCommand() {
        var state = state()
        #expect(type("/theme gruvbox", into: &state) == [.loadTheme("gruvbox")])
        #expect(type("/theme", into: &state) == [.loadTheme("")])
        _ = reduce(&state, .failed("gruvbox.toml:3: roles.border has a bad colour"))
        #expect(state.status?.isError == true)
    }

    @Test("/ in another pane jumps to the input line")
    func slashJumpsToInput() {
        var state = state()
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.character("/")))
        #expect(state.focus == .chat && state.input.text == "/")
    }

    @Test("a resize keeps the input cursor visible")
    func resizeKeepsCursorVisible() {
        var state = state()
        for _ in 0..<200 { _ = reduce(&state, .key(.character("x"))) }
        _ = reduce(&state, .resized(TerminalSize(rows: 16, columns: 60)))
        let width = Layout(size: state.size).inputField.width
        #expect(state.input.view(width: width, widths: state.widths).cursorColumn == width - 1)
    }

    @Test("peers coming online and leaving are announced in the chat pane; the pane lists them with marks")
    func peerChangesAnnounced() {
        var state = state()
        let bob = PeerRow(shortID: "BOBBBBB", nickname: "bob", online: true, trust: .verified)
        let carol = PeerRow(shortID: "CAROLLL", nickname: "carol", online: false, trust: .known)
        _ = reduce(&state, .peersUpdated([bob, carol]))
        #expect(state.notices.last == "bob (BOBBBBB) is here.")
        var gone = bob
        gone.online = false
        _ = reduce(&state, .peersUpdated([gone, carol]))
        #expect(state.notices.last == "bob (BOBBBBB) left.")
        _ = reduce(&state, .peersUpdated([bob, carol]))
        let text = render(state).grid.lines.joined(separator: "\n")
        #expect(text.contains("● bob ✓"))
        #expect(text.contains("○ carol"))
    }

    @Test("two peers with the same nickname are told apart by their short IDs")
    func sameNicknameShowsShortIDs() {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 120), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .peersUpdated([PeerRow(shortID: "AAAAAAA", nickname: "sam", online: true, trust: .known),
                                          PeerRow(shortID: "BBBBBBB", nickname: "sam", online: false, trust: .new)]))
        let text = render(state).grid.lines.joined(separator: "\n")
        #expect(text.contains("sam (AAAAAAA)") && text.contains("sam (BBBBBBB) ?"))
    }
}
