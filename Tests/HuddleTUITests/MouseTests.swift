import HuddleCore
import HuddleApp
import Testing
@testable import HuddleTUI

@Suite("The mouse")
struct MouseTests {
    func state() -> TUIState {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .documentsUpdated(channels: [ChannelRow(document: .general, name: "#general"),
                                                        ChannelRow(document: TestDocuments.dev, name: "#dev")],
                                             notes: [NoteRow(name: "plan", lastEditor: nil, size: 1)]))
        _ = reduce(&state, .peersUpdated([PeerRow(shortID: "A", nickname: "ann", online: true, trust: .known),
                                          PeerRow(shortID: "B", nickname: "bob", online: true, trust: .known)]))
        return state
    }

    @Test("a click on a channel opens it, on a note opens it, on a peer picks it")
    func clicks() {
        var state = state()
        let layout = Layout(size: state.size)
        let channels = layout.channels.content, notes = layout.notes.content, peers = layout.peers.content
        #expect(reduce(&state, .mouse(MouseEvent(row: channels.row + 1, column: channels.column + 1, kind: .click))) == [.peer(.openChat("lan/#dev"))])
        #expect(reduce(&state, .mouse(MouseEvent(row: notes.row, column: notes.column, kind: .click))) == [.peer(.openNote(name: "plan", create: false))])
        #expect(reduce(&state, .mouse(MouseEvent(row: peers.row + 1, column: peers.column, kind: .click))).isEmpty)
        #expect(state.focus == .peers && state.peerSelection == 1)
        _ = reduce(&state, .mouse(MouseEvent(row: layout.chat.content.row, column: layout.chat.content.column, kind: .click)))
        #expect(state.focus == .chat)
    }

    @Test("the wheel scrolls the chat, and moves through an open note")
    func wheel() {
        var state = state()
        let chat = Layout(size: state.size).chat.content
        _ = reduce(&state, .mouse(MouseEvent(row: chat.row, column: chat.column, kind: .wheelUp)))
        #expect(state.chatScroll == 3)
        _ = reduce(&state, .mouse(MouseEvent(row: chat.row, column: chat.column, kind: .wheelDown)))
        #expect(state.chatScroll == 0)
        _ = reduce(&state, .noteOpened(NoteView(document: DocumentID.note(workspace: .lan, name: "plan"), name: "plan", text: "a\nb\nc\nd\ne", caret: 0)))
        #expect(reduce(&state, .mouse(MouseEvent(row: chat.row, column: chat.column, kind: .wheelDown))) == [.peer(.noteInput(document: DocumentID.note(workspace: .lan, name: "plan"), .moveCaret(6)))])
    }
}
