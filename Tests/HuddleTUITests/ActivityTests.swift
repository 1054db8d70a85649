import HuddleCore
import HuddleApp
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Activity and notifications")
struct ActivityTests {
    func state(notify: Bool = true) -> TUIState {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 100), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        state.notify = notify
        _ = reduce(&state, .documentsUpdated(channels: [ChannelRow(document: .general, name: "#general"),
                                                        ChannelRow(document: TestDocuments.dev, name: "#dev", unread: 2),
                                                        ChannelRow(document: TestDocuments.bobDM, name: "@bob", unread: 1)], notes: []))
        return state
    }

    @Test("Ctrl-N goes to the next channel or conversation with unread messages; the title bar lists them")
    func nextUnread() {
        var state = state()
        #expect(reduce(&state, .key(.control("n"))) == [.peer(.openChat("lan/#dev"))])
        _ = reduce(&state, .chatOpened(document: TestDocuments.dev, name: "#dev", messages: []))
        #expect(reduce(&state, .key(.control("n"))) == [.peer(.openChat(TestDocuments.bobDM.description))])
        let screen = MemoryScreen(size: state.size)
        screen.present(render(state).grid, cursor: nil)
        let title = String(screen.text.split(separator: "\n").first ?? "")
        #expect(title.contains("@bob 1 (Ctrl-N)") && !title.contains("#dev 2"), "\(title)")
    }

    @Test("a mention or a direct message from someone else raises a desktop notification, if the config allows")
    func notifications() {
        var state = state()
        let mention = ChatRow(id: "1", nickname: "bob", colorKey: "B", body: "ada, look", clock: "09:00", mentionsMe: true)
        #expect(reduce(&state, .chatReceived(document: TestDocuments.dev, mention)).contains(.notify(title: "bob in #dev", body: "ada, look")))
        let direct = ChatRow(id: "2", nickname: "bob", colorKey: "B", body: "psst", clock: "09:01")
        #expect(reduce(&state, .chatReceived(document: TestDocuments.bobDM, direct)).contains(.notify(title: "bob in @bob", body: "psst")))
        let plain = ChatRow(id: "3", nickname: "bob", colorKey: "B", body: "hello all", clock: "09:02")
        #expect(!reduce(&state, .chatReceived(document: TestDocuments.dev, plain)).contains { if case .notify = $0 { true } else { false } })
        var quiet = self.state(notify: false)
        #expect(!reduce(&quiet, .chatReceived(document: TestDocuments.dev, mention)).contains { if case .notify = $0 { true } else { false } })
    }

    @Test("a note a teammate changed while you do not have it open shows in the activity line until you open it")
    func noteActivity() {
        var state = state()
        _ = reduce(&state, .noteUpdated(NoteUpdate(document: DocumentID.note(workspace: .lan, name: "plan"), editor: "bob", patches: [.insert(at: 0, text: "x")], carets: [:])))
        _ = reduce(&state, .noteUpdated(NoteUpdate(document: DocumentID.note(workspace: .lan, name: "mine"), editor: "ada", patches: [.insert(at: 0, text: "x")], carets: [:])))
        #expect(state.noteActivity == [DocumentID.note(workspace: .lan, name: "plan"): 1], "your own edits do not count")
        let screen = MemoryScreen(size: state.size)
        screen.present(render(state).grid, cursor: nil)
        #expect(screen.text.split(separator: "\n").first?.contains("✎ plan") == true)
        _ = reduce(&state, .noteOpened(NoteView(document: DocumentID.note(workspace: .lan, name: "plan"), name: "plan", text: "x", caret: 0)))
        #expect(state.noteActivity.isEmpty)
    }
}
