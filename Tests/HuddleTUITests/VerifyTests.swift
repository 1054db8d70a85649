import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

@Suite("Verification shows what you verify")
struct VerifyTests {
    static func state() -> TUIState {
        var state = TUIState(size: TerminalSize(rows: 24, columns: 80), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        state.fingerprint = "1111 2222 3333 4444 5555"
        var bob = PeerRow(shortID: "BOBBBBB", nickname: "bob", online: true, trust: .known)
        bob.id = "BOBBBBB-AAAAAAA-BBBBBBB"
        bob.fingerprint = "9999 8888 7777 6666 5555"
        bob.safetyCode = "12345 67890 12345 67890"
        let dave = PeerRow(shortID: "DAVEEEE", nickname: "dave", online: false, trust: .new)
        _ = reduce(&state, .peersUpdated([bob, dave]))
        return state
    }

    static func type(_ text: String, _ state: inout TUIState) -> [Effect] {
        for character in text { _ = reduce(&state, .key(.character(character))) }
        return reduce(&state, .key(.enter))
    }

    @Test("/verify bob shows both fingerprints and the safety code, and acts only on y")
    func verifyAsks() {
        var state = Self.state()
        #expect(Self.type("/verify bob", &state).isEmpty, "nothing is verified at once")
        let screen = render(state).grid.lines.joined(separator: "\n")
        for text in ["9999 8888 7777 6666 5555", "1111 2222 3333 4444 5555", "12345 67890 12345 67890"] {
            #expect(screen.contains(text), "\(text) is shown")
        }
        state.now.addTimeInterval(1)
        #expect(reduce(&state, .key(.character("y"))) == [.peer(.setTrust(peer: "BOBBBBB-AAAAAAA-BBBBBBB", action: .verify))])
        #expect(state.modals.isEmpty)
    }

    @Test("n or Esc answers the question without verifying")
    func verifyDeclined() {
        for key in [Key.character("n"), .escape] {
            var state = Self.state()
            _ = Self.type("/verify BOBBBBB", &state)
            state.now.addTimeInterval(1)
            #expect(reduce(&state, .key(key)).isEmpty)
            #expect(state.modals.isEmpty)
        }
    }

    @Test("/verify of a peer with no key yet, or nobody, says why and asks nothing")
    func verifyWithoutKey() {
        var state = Self.state()
        #expect(Self.type("/verify dave", &state).isEmpty)
        #expect(state.modals.isEmpty)
        #expect(state.status?.text.contains("has not connected yet") == true)
        #expect(Self.type("/verify zed", &state).isEmpty)
        #expect(state.status?.text.contains("no peer called zed") == true)
    }

    @Test("a key change reported again (each dial of the old address, the list at start) opens one dialog")
    func oneDialogPerKeyChange() {
        var state = Self.state()
        let warning = KeyChangeWarning(nickname: "bob", oldID: "BOBBBBB-AAAAAAA", oldFingerprint: "1", newID: "NEWBOBB-CCCCCCC", newFingerprint: "2")
        _ = reduce(&state, .keyChanged(warning))
        #expect(state.modals.count == 1)
        state.now.addTimeInterval(1)
        _ = reduce(&state, .key(.escape)) // decide later
        #expect(state.modals.isEmpty)
        #expect(reduce(&state, .keyChanged(warning)).isEmpty)
        #expect(state.modals.isEmpty, "the same change does not ask again")
    }
}
