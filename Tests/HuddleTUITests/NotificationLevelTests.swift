import Foundation
import HuddleApp
import HuddleCore
import Testing
@testable import HuddleTUI

/// Per-chat notification levels in the workspace: what rings, notifies and shows as unread.
@Suite("Notification levels")
struct NotificationLevelTests {
    static let random = try! DocumentID.channel("random")
    static let dev = try! DocumentID.channel("dev")

    static func state(random: NotificationLevel, dev: NotificationLevel = .mentions) -> TUIState {
        var state = TUIState(size: TerminalSize(rows: 40, columns: 120), nickname: "ada", shortID: "MFZWI3D", theme: .monochrome)
        state.notify = true
        _ = reduce(&state, .documentsUpdated(channels: [ChannelRow(document: .general, name: "#general"),
                                                        ChannelRow(document: Self.random, name: "#random", unread: 3, notifications: random),
                                                        ChannelRow(document: Self.dev, name: "#dev", unread: 1, notifications: dev)],
                                             notes: []))
        return state
    }

    static func message(mentioning: Bool) -> ChatRow {
        ChatRow(id: "BOBBBBB@\(mentioning ? 1 : 2)", nickname: "bob", colorKey: "BOBBBBB", body: mentioning ? "ada?" : "lunch", clock: "12:00",
                mentionsMe: mentioning)
    }

    static func alerts(_ effects: [Effect]) -> (bell: Bool, notify: Bool) {
        (effects.contains(.bell), effects.contains { if case .notify = $0 { true } else { false } })
    }

    @Test("all: every message rings and notifies; mentions: only a mention; mute: nothing, not even a mention")
    func levels() {
        var state = Self.state(random: .all)
        #expect(Self.alerts(reduce(&state, .chatReceived(document: Self.random, Self.message(mentioning: false)))) == (true, true))
        state = Self.state(random: .mentions)
        #expect(Self.alerts(reduce(&state, .chatReceived(document: Self.random, Self.message(mentioning: false)))) == (false, false))
        #expect(Self.alerts(reduce(&state, .chatReceived(document: Self.random, Self.message(mentioning: true)))) == (true, true))
        state = Self.state(random: .mute)
        #expect(Self.alerts(reduce(&state, .chatReceived(document: Self.random, Self.message(mentioning: true)))) == (false, false))
        #expect(state.status == nil, "a muted chat does not say it mentioned you")
    }

    @Test("a muted chat stays out of the title bar's unread list and Ctrl-N passes it by")
    func mutedIsQuiet() {
        var state = Self.state(random: .mute)
        let title = render(state).grid.lines[0]
        #expect(title.contains("#dev 1") && !title.contains("#random"), "\(title)")
        #expect(reduce(&state, .key(.control("n"))) == [.peer(.openChat(Self.dev.description))])
        #expect(render(state).grid.lines.contains { $0.contains("#random ∅ 3") })
    }

    @Test("/notify LEVEL sets the chat shown; /notify says its level; a bad level is refused")
    func command() {
        var state = Self.state(random: .mentions)
        for character in "/notify mute" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.setNotificationLevel(document: .general, .mute))])
        for character in "/notify default" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)) == [.peer(.setNotificationLevel(document: .general, nil))])
        for character in "/notify" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)).isEmpty && state.status?.text.hasPrefix("#general: mentions") == true)
        for character in "/notify loud" { _ = reduce(&state, .key(.character(character))) }
        #expect(reduce(&state, .key(.enter)).isEmpty && state.status?.isError == true)
    }
}
