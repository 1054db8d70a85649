import Foundation
import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

/// Private workspaces on the screen: switching, what the panes list, invitations.
@Suite("Workspaces in the TUI")
struct WorkspaceScreenTests {
    static let team = WorkspaceID(creator: DeviceIdentity().peerID, nonce: WorkspaceID.randomNonce())
    static let teamGeneral = DocumentID.channel(workspace: .team(team), name: "general")
    static let teamPlan = DocumentID.note(workspace: .team(team), name: "plan")

    func state() -> TUIState {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        _ = reduce(&state, .documentsUpdated(
            channels: [ChannelRow(document: .general, name: "#general", unread: 0),
                       ChannelRow(document: Self.teamGeneral, name: "#general", unread: 2),
                       ChannelRow(document: TestDocuments.bobDM, name: "@bob", unread: 0)],
            notes: [NoteRow(name: "lobby notes", lastEditor: nil, size: 3),
                    NoteRow(name: "plan", lastEditor: "bob", size: 12, workspace: Self.team.description)]))
        return state
    }

    @Test("/workspace switches the title and the panes to that workspace's channels and notes; conversations stay listed")
    func switching() {
        var state = state()
        #expect(state.channels.map(\.document) == [.general, TestDocuments.bobDM])
        #expect(state.notes.map(\.name) == ["lobby notes"])
        for character in "/workspace team" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.switchWorkspace("team"))])
        let opened = reduce(&state, .workspaceSwitched(id: Self.team.description, name: "team"))
        #expect(opened == [.peer(.openChat(Self.teamGeneral.description))])
        #expect(state.channels.map(\.document) == [Self.teamGeneral, TestDocuments.bobDM])
        #expect(state.notes.map(\.name) == ["plan"])
        for character in "/join #dev" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.openChat("\(Self.team)/#dev"))], "a new channel is made in the workspace shown")
        for character in "/note plan" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.openNote(name: "plan", create: false, workspace: Self.team.description))])
        for character in "/invite bob" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.invite(peer: "bob", workspace: Self.team.description))])
        for character in "/invite --code" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.inviteCode(workspace: Self.team.description))])
    }

    @Test("/join-code takes the code and an optional address; without a code it says how")
    func joinCode() {
        var state = state()
        for character in "/join-code 7-revenge-guitarist 10.0.0.2:47474" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.joinCode(code: "7-revenge-guitarist", address: "10.0.0.2:47474"))])
        for character in "/join-code" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)).isEmpty && state.status?.isError == true)
    }

    @Test("Alt-2 shows the second workspace as /workspace lists them; Alt-9 with fewer says so")
    func altDigitSwitches() {
        var state = state()
        let lobby = WorkspaceSummary(id: "lan", name: "lan", isLobby: true, role: nil, members: [])
        let team = WorkspaceSummary(id: Self.team.description, name: "team", isLobby: false, role: .member, members: [])
        _ = reduce(&state, .documentsUpdated(channels: [], notes: [], workspaces: [lobby, team]))
        #expect(reduce(&state, .key(.altDigit(2))) == [.peer(.switchWorkspace(Self.team.description))])
        #expect(reduce(&state, .key(.altDigit(9))).isEmpty && state.status?.isError == true)
    }

    @Test("a key that claims a member's nickname arriving is announced as new device or impostor")
    func impostorAnnounced() {
        var state = state()
        var suspect = PeerRow(shortID: "XQZ4711", nickname: "bob", online: true, trust: .known)
        suspect.claimsNameOf = "BOBBBBB"
        _ = reduce(&state, .peersUpdated([suspect]))
        #expect(state.messages.last?.body.contains("New device or impostor?") == true)
        #expect(state.messages.last?.body.contains("BOBBBBB") == true)
    }

    @Test("/invite in the lobby says to show a private workspace first")
    func inviteInLobbyRefused() {
        var state = state()
        for character in "/invite bob" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)).isEmpty && state.status?.isError == true)
    }

    @Test("an invitation asks once in a dialog with the inviter's fingerprint; j joins, d declines")
    func invitationDialog() throws {
        var state = state()
        let invitation = InvitationSummary(workspace: Self.team.description, name: "team\u{1B}[31m", inviter: "BOBBBBB-AAAAAAA-BBBBBBB",
                                           inviterNickname: "bob", inviterFingerprint: "1234 5678 9012 3456 7890", members: 3)
        _ = reduce(&state, .documentsUpdated(channels: [], notes: [], invitations: [invitation]))
        _ = reduce(&state, .documentsUpdated(channels: [], notes: [], invitations: [invitation]))
        #expect(state.modals == [.invitation(invitation)], "asked once")
        let screen = MemoryScreen(size: state.size)
        let frame = render(state)
        screen.present(frame.grid, cursor: nil)
        let expected = try Golden.expected(at: ScreenTests.golden + "/invitation-modal-80x24.txt", actual: screen.text + "\n")
        #expect(screen.text + "\n" == expected, "invitation-modal-80x24 differs; rerun with HUDDLE_UPDATE_GOLDEN=1 and review the diff")
        #expect(!screen.text.contains("\u{1B}"), "the workspace's name is sanitised")
        state.now.addTimeInterval(1)
        #expect(reduce(&state, .key(.character("j"))) == [.peer(.answerInvitation(workspace: Self.team.description, join: true))])
        #expect(state.modals.isEmpty)
    }

    @Test("a private workspace shown at 80x24: its name in the title bar, its channels and notes")
    func privateWorkspaceScreen() throws {
        var state = state()
        _ = reduce(&state, .workspaceSwitched(id: Self.team.description, name: "team"))
        _ = reduce(&state, .chatOpened(document: Self.teamGeneral, name: "#general", messages: []))
        let screen = MemoryScreen(size: state.size)
        let frame = render(state)
        screen.present(frame.grid, cursor: nil)
        let expected = try Golden.expected(at: ScreenTests.golden + "/workspace-80x24.txt", actual: screen.text + "\n")
        #expect(screen.text + "\n" == expected, "workspace-80x24 differs; rerun with HUDDLE_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test("look-alike nicknames at 80x24: each line carries its author's trust mark, and look-alikes their short IDs and a warning")
    func lookAlikeNicknames() throws {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        var verified = ChatRow(id: "BOBBBBB@1", nickname: "bob (BOBBBBB) ⚠", colorKey: "BOBBBBB", body: "the build is green", clock: "09:14")
        verified.trustMark = "✓"
        var impostor = ChatRow(id: "XQZ4711@1", nickname: "b\u{043E}b (XQZ4711) ⚠", colorKey: "XQZ4711", body: "send me the keys", clock: "09:15")
        impostor.trustMark = "?"
        let known = ChatRow(id: "CARLLLL@1", nickname: "carl", colorKey: "CARLLLL", body: "on it", clock: "09:16")
        _ = reduce(&state, .chatOpened(document: .general, name: "#general", messages: [verified, impostor, known]))
        let screen = MemoryScreen(size: state.size)
        let frame = render(state)
        screen.present(frame.grid, cursor: nil)
        let expected = try Golden.expected(at: ScreenTests.golden + "/lookalike-nicknames-80x24.txt", actual: screen.text + "\n")
        #expect(screen.text + "\n" == expected, "lookalike-nicknames-80x24 differs; rerun with HUDDLE_UPDATE_GOLDEN=1 and review the diff")
    }
}
