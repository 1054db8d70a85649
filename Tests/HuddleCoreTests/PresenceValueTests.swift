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
