import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Lists that scroll")
struct ListScrollTests {
    static func state(notes: Int, peers: Int) -> TUIState {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .peersUpdated((0..<peers).map { PeerRow(shortID: "PEER\($0)", nickname: "peer\($0)", online: true, trust: .known) }))
        _ = reduce(&state, .documentsUpdated(channels: [ChannelRow(document: .general, name: "#general")],
                                              notes: (0..<notes).map { NoteRow(name: "note\($0)", lastEditor: nil, size: 1) }))
        return state
    }

    func focus(_ pane: Pane, _ state: inout TUIState) {
        while state.focus != pane { _ = reduce(&state, .key(.tab)) }
    }

    @Test("with 15 notes, Down to the last keeps it on screen, Enter opens the note shown selected, and marks say more is above")
    func notesScroll() {
        var state = Self.state(notes: 15, peers: 1)
        focus(.notes, &state)
        for _ in 0..<14 { _ = reduce(&state, .key(.down)) }
        let screen = render(state).grid.lines.joined(separator: "\n")
        #expect(screen.contains("note14"), "the selected note is visible")
        #expect(!screen.contains("note0 ") && !screen.contains("note0\n"), "the first notes scrolled away")
        #expect(screen.contains("▲"), "a mark says there is more above")
        #expect(reduce(&state, .key(.enter)) == [.peer(.openNote(name: "note14", create: false, workspace: nil))])
        for _ in 0..<14 { _ = reduce(&state, .key(.up)) }
        let top = render(state).grid.lines.joined(separator: "\n")
        #expect(top.contains("note0"))
        #expect(top.contains("▼"), "a mark says there is more below")
    }

    @Test("with 30 peers the picked one stays visible")
    func peersScroll() {
        var state = Self.state(notes: 1, peers: 30)
        focus(.peers, &state)
        for _ in 0..<29 { _ = reduce(&state, .key(.down)) }
        #expect(render(state).grid.lines.joined(separator: "\n").contains("peer29"))
    }

    @Test("the window over a list: selection always inside, marks only when rows are hidden", arguments: 0..<40)
    func viewport(_ selection: Int) {
        let window = ListViewport(selection: selection, count: 40, fit: 7)
        #expect(window.range.contains(selection))
        #expect(window.shown == 7)
        #expect(window.moreAbove == (window.first > 0))
        #expect(window.moreBelow == (window.range.upperBound < 40))
        let short = ListViewport(selection: 2, count: 3, fit: 7)
        #expect(short.range == 0..<3 && !short.moreAbove && !short.moreBelow)
    }

    @Test("typing while a side pane has focus goes to the input line")
    func typingInSidePane() {
        var state = Self.state(notes: 2, peers: 2)
        focus(.notes, &state)
        for character in "hi" { _ = reduce(&state, .key(.character(character))) }
        #expect(state.focus == .chat)
        #expect(state.input.text == "hi")
    }

    @Test("keys do nothing while the window is too small to show what they would do")
    func tooSmallIgnoresKeys() {
        var state = Self.state(notes: 2, peers: 2)
        _ = reduce(&state, .resized(TerminalSize(rows: 10, columns: 40)))
        for character in "posted blind" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)).isEmpty)
        #expect(state.input.text.isEmpty)
        #expect(reduce(&state, .key(.control("q"))) == [.quit], "Ctrl-Q still quits")
    }

    @Test("the picked peer's row is highlighted whole, its name too")
    func peerSelectionHighlightsName() {
        var state = Self.state(notes: 1, peers: 3)
        state.theme = .monochrome
        focus(.peers, &state)
        _ = reduce(&state, .key(.down))
        let grid = render(state).grid
        let row = (0..<grid.size.rows).first { grid.line($0).contains("peer1") }!
        let nameColumn = (0..<grid.size.columns).first { grid[row, $0].text == "p" && grid[row, $0 + 1].text == "e" }!
        #expect(grid[row, nameColumn].style.attributes.contains(.reverse) == state.theme.style(.selection).attributes.contains(.reverse))
        #expect(grid[row, nameColumn].style.background == state.theme.style(.selection).background)
    }
}
