import HuddleCore

/// What a change from the network goes through: the run that carries it (decoded and checked
/// against its signatures), and the change itself applied to a document that already holds
/// another author's work, where every bound on seqs, clocks, counts and memory is checked.
/// The oracles trap: a decoded change re-encodes to its bytes, and a note that took a change
/// still holds its invariants.
enum ChangeTargets {
    /// The document the seeds are signed for.
    static let document = "lan/note/plan"

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        outcome.count { try check(bytes) }
        return outcome
    }

    /// Decodes a run, then checks it as the first of its author's chain in ``document``.
    static func check(_ bytes: [UInt8]) throws {
        let run = try ChangeRun(decoding: bytes)
        let first = run.entries[0].change
        let author = try (try? Change(decoding: first).author) ?? ChatChange(decoding: first).author
        if let failure = run.verify(document: document, author: author, after: .origin).failure { throw failure }
    }

    static func textChange(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        outcome.count {
            let change = try Change(decoding: bytes)
            precondition(change.encoded == bytes, "text change decoding is not canonical")
            var note = FuzzSeeds.baseNote
            defer { precondition(note.checkInvariants().isEmpty, "a change broke the note: \(note.checkInvariants())") }
            _ = try note.apply(change)
        }
        return outcome
    }

    static func chatChange(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        outcome.count {
            let change = try ChatChange(decoding: bytes)
            precondition(change.encoded == bytes, "chat change decoding is not canonical")
            var channel = FuzzSeeds.baseChannel
            _ = try channel.apply(change)
        }
        return outcome
    }
}
