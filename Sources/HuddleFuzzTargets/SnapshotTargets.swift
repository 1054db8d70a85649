import HuddleCore

/// Stored snapshots, read at start-up (a bad row is quarantined, so it must throw, not trap).
/// Oracles: what decodes holds its invariants and survives a second round trip unchanged.
enum SnapshotTargets {
    static func note(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        outcome.count {
            let note = try TextDocument(decoding: bytes, replica: FuzzSeeds.bob.peerID.replicaID)
            precondition(note.checkInvariants().isEmpty, "a decoded note breaks its invariants")
            let again = try? TextDocument(decoding: note.encoded(), replica: FuzzSeeds.ada.peerID.replicaID)
            precondition(again?.text == note.text, "a note's round trip differs")
        }
        return outcome
    }

    static func channel(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        outcome.count {
            let channel = try ChatLog(decoding: bytes, replica: FuzzSeeds.bob.peerID.replicaID)
            let again = try? ChatLog(decoding: channel.encoded(), replica: FuzzSeeds.ada.peerID.replicaID)
            precondition(again?.messages == channel.messages, "a channel's round trip differs")
        }
        return outcome
    }
}
