import Foundation
import HuddleApp
import HuddleCore
import HuddleTUITesting
import Testing
@testable import HuddleTUI

/// Presence in the workspace: the commands, the away after idle time, and how presence and
/// typing show (golden screens).
@Suite("Presence on screen")
struct PresenceScreenTests {
    static func state(_ rows: Int = 24, _ columns: Int = 80) -> TUIState {
        TUIState(size: TerminalSize(rows: rows, columns: columns), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
    }

    static func type(_ line: String, _ state: inout TUIState) -> [Effect] {
        for character in line { _ = reduce(&state, .key(.character(character))) }
        return reduce(&state, .key(.enter))
    }

    @Test("/away TEXT, /dnd and /here tell the peer (saved); /dnd again is here")
    func commands() {
        var state = Self.state()
        #expect(Self.type("/away lunch, back at 2", &state).contains(.peer(.setPresence(Presence(availability: .away, text: "lunch, back at 2"), automatic: false))))
        #expect(render(state).grid.lines.first?.contains("away: lunch, back at 2 · ada") == true)
        #expect(Self.type("/dnd", &state).contains(.peer(.setPresence(Presence(availability: .doNotDisturb, text: ""), automatic: false))))
        #expect(state.doNotDisturb)
        #expect(Self.type("/dnd", &state).contains(.peer(.setPresence(.here, automatic: false))))
        _ = Self.type("/away", &state)
        #expect(Self.type("/here", &state).contains(.peer(.setPresence(.here, automatic: false))))
        let long = String(repeating: "x", count: Presence.maxTextCharacters + 1)
        #expect(Self.type("/away " + long, &state).filter { if case .peer(.setPresence) = $0 { true } else { false } }.isEmpty)
        #expect(state.status?.isError == true)
    }

    @Test("after away_after_minutes without a key the workspace shows you away; the next key brings you back; a set away stays")
    func awayAfterIdleTime() {
        var state = Self.state()
        state.awayAfterSeconds = 600
        state.now = Date(timeIntervalSince1970: 1_000)
        _ = reduce(&state, .key(.left))
        state.now = Date(timeIntervalSince1970: 1_599)
        #expect(reduce(&state, .tick).isEmpty)
        state.now = Date(timeIntervalSince1970: 1_600)
        #expect(reduce(&state, .tick) == [.peer(.setPresence(Presence(availability: .away, text: ""), automatic: true))])
        #expect(state.automaticallyAway && reduce(&state, .tick).isEmpty)
        state.now = Date(timeIntervalSince1970: 2_000)
        #expect(reduce(&state, .key(.right)).contains(.peer(.setPresence(.here, automatic: true))))
        #expect(state.presence == .here && !state.automaticallyAway)
        _ = Self.type("/away gone", &state)
        state.now = Date(timeIntervalSince1970: 9_000)
        #expect(reduce(&state, .tick).isEmpty && !reduce(&state, .key(.right)).contains { if case .peer(.setPresence) = $0 { true } else { false } },
                "an away set by hand is not taken back by a key")
        state.awayAfterSeconds = 0
        _ = Self.type("/here", &state)
        state.now = Date(timeIntervalSince1970: 99_000)
        #expect(reduce(&state, .tick).isEmpty, "0: never")
    }

    @Test("typing a message says so, emptying the line says you stopped; a /command is not typing")
    func typingNotices() {
        var state = Self.state()
        #expect(reduce(&state, .key(.character("h"))) == [.peer(.typing(document: .general, true))])
        #expect(reduce(&state, .key(.backspace)) == [.peer(.typing(document: .general, false))])
        #expect(reduce(&state, .key(.character("/"))).isEmpty)
        _ = reduce(&state, .key(.backspace))
        _ = reduce(&state, .typingChanged(document: .general, nicknames: ["bob"]))
        #expect(state.typing[.general] == ["bob"])
        _ = reduce(&state, .typingChanged(document: .general, nicknames: []))
        #expect(state.typing[.general] == nil)
    }

    @Test("presence marks in the peers pane, a conversation's title, and who is typing, at 80x24 and 120x40 (a peer's text sanitised)",
          arguments: [(24, 80), (40, 120)])
    func screen(size: (rows: Int, columns: Int)) throws {
        var state = Self.state(size.rows, size.columns)
        var ann = PeerRow(shortID: "AAAAAAA", nickname: "ann", online: true, trust: .known)
        ann.presence = Presence(availability: .away, text: "lunch\u{1b}[31m, back at 2")
        var bob = PeerRow(shortID: "BBBBBBB", nickname: "bob", online: true, trust: .verified)
        bob.presence = Presence(availability: .doNotDisturb, text: "")
        var carl = PeerRow(shortID: "CCCCCCC", nickname: "carl", online: true, trust: .known)
        carl.presence = .here
        let dan = PeerRow(shortID: "DDDDDDD", nickname: "dan", online: false, trust: .known)
        _ = reduce(&state, .peersUpdated([ann, bob, carl, dan]))
        let conversation = DocumentID.direct(between: PeerID(parsing: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") ?? DeviceIdentity().peerID,
                                             and: DeviceIdentity().peerID)
        var mine = ChatRow(id: "MFZWI3D@1", nickname: "ada", colorKey: "MFZWI3D", body: "on my way", clock: "11:59", mine: true)
        mine.delivery = "→ 0 of 1"
        let rows = [ChatRow(id: "AAAAAAA@1", nickname: "ann", colorKey: "AAAAAAA", body: "see you after lunch", clock: "11:58"), mine]
        _ = reduce(&state, .chatOpened(document: conversation, name: "@ann", messages: rows))
        _ = reduce(&state, .typingChanged(document: conversation, nicknames: ["ann"]))
        _ = Self.type("/dnd focus time", &state)
        try ScreenTests().check(state, golden: "presence-\(size.columns)x\(size.rows)")
    }

    @Test("Enter on your picked message lists who holds it and who it has not reached")
    func deliveryListedOnRequest() {
        var line = ChatLine(document: .general, id: "MFZWI3D@1", author: "M", nickname: "ada", body: "hi", time: 0, lamport: 1, mine: true)
        line.delivery = ChatLine.Delivery(deliveredTo: [.init(id: "B", nickname: "bob")],
                                          waitingFor: [.init(id: "C", nickname: "carl\u{1b}[2J"), .init(id: "D", nickname: "dan")])
        let text = Modal.revisions(MessageRevisions(message: line, revisions: [.init(body: "hi", time: 0)])).lines(dropTarget: nil).text
        #expect(text.contains("delivered to: bob") && text.contains("not yet: carl, dan"), "\(text)")
    }
}
