import HuddleCore
import Testing

/// Presence values: what the wire may say, and how much of it is kept.
@Suite("Presence values")
struct PresenceValueTests {
    @Test("an availability number a newer peer sends reads as here; each known one round-trips")
    func wireNumbers() {
        for availability in Availability.allCases { #expect(Availability(wireValue: availability.wireValue) == availability) }
        #expect(Availability(wireValue: 7) == .here)
    }

    @Test("a status text is one line of at most 64 characters, however long what was sent")
    func textIsCapped() {
        let presence = Presence(availability: .away, text: "a\nb" + String(repeating: "👩‍💻", count: 100))
        #expect(presence.text.count == Presence.maxTextCharacters && presence.text.hasPrefix("a b"))
    }
}

/// Notification levels: defaults and what alerts.
@Suite("Notification level values")
struct NotificationLevelValueTests {
    @Test("a channel defaults to mentions, a direct conversation to all")
    func defaults() {
        let a = DeviceIdentity().peerID, b = DeviceIdentity().peerID
        #expect(NotificationLevel.default(for: .general) == .mentions)
        #expect(NotificationLevel.default(for: .direct(between: a, and: b)) == .all)
        #expect(NotificationLevel.allCases.map { $0.alerts(mentionsMe: false) } == [true, false, false])
        #expect(NotificationLevel.allCases.map { $0.alerts(mentionsMe: true) } == [true, true, false])
    }
}
