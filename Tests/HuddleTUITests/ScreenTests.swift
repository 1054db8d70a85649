import HuddleCore
import Foundation
import HuddleApp
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Rendered screens")
struct ScreenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    func state(_ rows: Int, _ columns: Int) -> TUIState {
        TUIState(size: TerminalSize(rows: rows, columns: columns), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
    }

    func check(_ state: TUIState, golden name: String) throws {
        let screen = MemoryScreen(size: state.size)
        let frame = render(state)
        screen.present(frame.grid, cursor: frame.cursor.map { ($0.row, $0.column) })
        let expected = try Golden.expected(at: ScreenTests.golden + "/\(name).txt", actual: screen.text + "\n")
        #expect(screen.text + "\n" == expected, "\(name) differs; rerun with HUDDLE_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test("the layout at 80x24")
    func layout80x24() throws {
        try check(state(24, 80), golden: "layout-80x24")
    }

    @Test("the layout at 120x40")
    func layout120x40() throws {
        try check(state(40, 120), golden: "layout-120x40")
    }

    @Test("the smallest layout, 60x16")
    func layout60x16() throws {
        try check(state(16, 60), golden: "layout-60x16")
    }

    @Test("below 60x16 the screen says the window is too small")
    func tooSmall() throws {
        try check(state(15, 59), golden: "too-small-59x15")
    }

    /// A workspace in use: a conversation, unread channels, notes, transfers.
    func busy(_ rows: Int, _ columns: Int) -> TUIState {
        var state = state(rows, columns)
        _ = reduce(&state, .peersUpdated([PeerRow(shortID: "BOBBBBB", nickname: "bob", online: true, trust: .verified),
                                          PeerRow(shortID: "CARLLLL", nickname: "carl", online: false, trust: .known)]))
        _ = reduce(&state, .documentsUpdated(
            channels: [ChannelRow(document: .general, name: "#general"), ChannelRow(document: TestDocuments.dev, name: "#dev", unread: 3),
                       ChannelRow(document: TestDocuments.bobDM, name: "@bob", unread: 1)],
            notes: [NoteRow(name: "plan", lastEditor: "bob", size: 120), NoteRow(name: "retro", lastEditor: "ada", size: 80)]))
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: [
            ChatRow(id: "1", nickname: "bob", colorKey: "BOBBBBB", body: "standup at 10? the build is green again", clock: "09:14"),
            ChatRow(id: "2", nickname: "ada", colorKey: "MFZWI3D", body: "yes", clock: "09:15", mine: true),
            ChatRow(id: "3", nickname: "carl", colorKey: "CARLLLL", body: "ada, can you review the release notes before lunch? they are long enough to wrap", clock: "09:20", mentionsMe: true),
        ]))
        let transfer = { (id: String, direction: TransferDirection, name: String, done: UInt64, state: TransferState.Kind, rate: Double?) in
            TransferInfo(id: id, shortID: id, direction: direction, peer: "BOBBBBB", nickname: "bob", names: [name], files: 1,
                         bytes: 4_000_000, bytesDone: done, state: state, reason: nil, bytesPerSecond: rate, secondsLeft: rate.map { _ in 2 }, paths: [])
        }
        _ = reduce(&state, .transferUpdated(transfer("t1", .incoming, "photos.zip", 0, .offered, nil)))
        _ = reduce(&state, .transferUpdated(transfer("t2", .outgoing, "report.pdf", 2_000_000, .transferring, 1_000_000)))
        state.modals = [] // the offer's question, answered later (shown in its own golden)
        return state
    }

    @Test("modals at 80x24 and 120x40: an incoming offer, a changed key (with one more waiting)", arguments: [(24, 80), (40, 120)])
    func modals(_ rows: Int, _ columns: Int) throws {
        var state = busy(rows, columns)
        _ = reduce(&state, .transferUpdated(TransferInfo(id: "t3", shortID: "t3", direction: .incoming, peer: "CARLLLL", nickname: "carl",
                                                         names: ["photos"], files: 120, bytes: 310_000_000, bytesDone: 0, state: .offered,
                                                         reason: nil, bytesPerSecond: nil, secondsLeft: nil, paths: [])))
        try check(state, golden: "offer-modal-\(columns)x\(rows)")
        _ = reduce(&state, .keyChanged(KeyChangeWarning(nickname: "bob", oldID: "BOBBBBB-AAAAAAA", oldFingerprint: "1234 5678 9012 3456 7890",
                                                        newID: "NEWBOBB-CCCCCCC", newFingerprint: "9999 8888 7777 6666 5555")))
        state.now.addTimeInterval(1) // past the moment a dialog ignores keys
        _ = reduce(&state, .key(.character("r")))
        try check(state, golden: "keychange-modal-\(columns)x\(rows)")
        state.now.addTimeInterval(1)
        #expect(reduce(&state, .key(.character("v"))).isEmpty, "v only asks again")
        try check(state, golden: "keychange-confirm-modal-\(columns)x\(rows)")
        state.now.addTimeInterval(1)
        #expect(reduce(&state, .key(.character("y"))) == [.peer(.setTrust(peer: "NEWBOBB-CCCCCCC", action: .verify))])
        #expect(state.modals.isEmpty)
    }

    @Test("a workspace in use at 80x24: chat, mention, unread counts, notes, transfers")
    func busy80x24() throws {
        try check(busy(24, 80), golden: "busy-80x24")
    }

    @Test("a workspace in use at 120x40")
    func busy120x40() throws {
        try check(busy(40, 120), golden: "busy-120x40")
    }

    @Test("a note open in the editor at 80x24: wrapped lines, CJK and emoji, the caret on its character")
    func editor80x24() throws {
        var state = busy(24, 80)
        _ = reduce(&state, .noteOpened(NoteView(document: DocumentID.note(workspace: .lan, name: "plan"), name: "plan",
            text: "# Release plan\n\n- freeze on Thursday 木曜日\n- ship 🚀 on Friday, after the release notes are reviewed by carl and bob\n- retro", caret: 20)))
        _ = reduce(&state, .noteUpdated(NoteUpdate(document: DocumentID.note(workspace: .lan, name: "plan"), editor: "bob", patches: [.insert(at: 0, text: "bob was here\n")], carets: [.screen: 33],
                                                   others: [RemoteCaret(nickname: "bob", shortID: "BOBBBBB", offset: 12),
                                                            RemoteCaret(nickname: "carl", shortID: "CARLLLL", offset: 53)])))
        try check(state, golden: "editor-80x24")
        #expect(render(state).cursor == Frame.Cursor(row: 5, column: 22), "the caret stays on its character after bob's line")
    }

    @Test("a note with two teammates' carets (one with a selection) at 120x40")
    func editor120x40() throws {
        var state = busy(40, 120)
        _ = reduce(&state, .noteOpened(NoteView(document: DocumentID.note(workspace: .lan, name: "plan"), name: "plan", text: "# Plan\n\n- freeze 木曜日\n- ship 🚀 Friday", caret: 8,
                                                others: [RemoteCaret(nickname: "bob", shortID: "BOBBBBB", offset: 2),
                                                         RemoteCaret(nickname: "carl", shortID: "CARLLLL", offset: 24, selection: 17..<24)])))
        try check(state, golden: "editor-120x40")
    }

    @Test("the completion candidates, at 80x24 and 120x40", arguments: [(24, 80), (40, 120)])
    func completionList(_ rows: Int, _ columns: Int) throws {
        var state = busy(rows, columns)
        _ = reduce(&state, .peersUpdated(state.peers + [PeerRow(shortID: "BORISSS", nickname: "boris", online: true, trust: .known)]))
        for character in "/msg b" { _ = reduce(&state, .key(.character(character))) }
        _ = reduce(&state, .key(.tab))
        try check(state, golden: "completion-\(columns)x\(rows)")
    }

    @Test("the help overlay at 80x24 and 120x40: summaries wrap under themselves, never cut; Down and End scroll it, Esc closes",
          arguments: [(24, 80), (40, 120)])
    func helpOverlay(size: (rows: Int, columns: Int)) throws {
        var state = state(size.rows, size.columns)
        state.showsHelp = true
        try check(state, golden: "help-\(size.columns)x\(size.rows)")
        let text = render(state).grid.lines.joined(separator: "\n")
        #expect(text.contains("more below"), "the list is longer than the screen: it says so")
        _ = reduce(&state, .key(.end))
        #expect(state.helpScroll == helpScrollLimit(state) && state.helpScroll > 0)
        try check(state, golden: "help-end-\(size.columns)x\(size.rows)")
        _ = reduce(&state, .key(.down))
        #expect(state.helpScroll == helpScrollLimit(state), "no further than the end")
        _ = reduce(&state, .key(.escape))
        #expect(!state.showsHelp && state.helpScroll == 0)
    }

    @Test("every help line fits the box at 80 columns: nothing is cut")
    func helpLinesFit() {
        for line in helpLines(width: 74) { #expect(WidthModel.assumed.width(of: line.text) <= 74, "\(line.text)") }
        for line in helpLines(width: 40) { #expect(WidthModel.assumed.width(of: line.text) <= 40, "\(line.text)") }
    }

    @Test("the help overlay lists every command and key binding")
    func helpListsEverything() {
        let text = helpLines().map(\.text).joined(separator: "\n")
        for command in Command.all { #expect(text.contains("/" + command.name)) }
        for binding in KeyBinding.all { #expect(text.contains(binding.keys)) }
    }

    @Test("the cursor sits in the input line while the chat has focus, hidden elsewhere")
    func cursorFollowsFocus() {
        var state = state(24, 80)
        for key in "hi 日本".map({ Key.character($0) }) { _ = reduce(&state, .key(key)) }
        let frame = render(state)
        let layout = Layout(size: state.size)
        #expect(frame.cursor == Frame.Cursor(row: layout.inputField.row, column: layout.inputField.column + 7))
        _ = reduce(&state, .key(.tab))
        #expect(render(state).cursor == nil)
    }

    @Test("the focused pane's border has the focus style")
    func focusedBorderStyled() {
        var state = state(24, 80)
        state.theme.styles[.borderFocused] = Style(foreground: .indexed(6))
        _ = reduce(&state, .key(.tab)) // channels
        let grid = render(state).grid
        let channels = Layout(size: state.size).channels
        #expect(grid[channels.row + 3, channels.column].style.foreground == .indexed(6))
        let peers = Layout(size: state.size).peers
        #expect(grid[peers.row + 3, peers.column].style.foreground != .indexed(6))
    }

    @Test("a nickname with escape sequences is drawn without them")
    func hostileNicknameIsSanitised() {
        var state = state(24, 80)
        state.nickname = "evil\u{1B}]52;c;cGF5bG9hZA==\u{07}\u{202E}"
        let text = render(state).grid.lines.joined()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x07 })
        #expect(text.contains("Welcome to huddle, evil."))
    }

    @Test("rendering the same state twice changes no cells")
    func renderIsStable() {
        let screen = MemoryScreen(size: TerminalSize(rows: 24, columns: 80))
        screen.present(render(state(24, 80)).grid, cursor: nil)
        screen.present(render(state(24, 80)).grid, cursor: nil)
        #expect(screen.changedCells.last == 0)
    }
}
