import Foundation
import HuddleCore
import HuddleStore

/// An author's chain in a document that split: two different changes under the same seqs (the
/// author lost changes, a power cut or an old backup, and wrote those seqs again), or changes
/// that do not continue what is held here. Refused, logged and listed in `huddle status`:
/// never a silent lock-out.
struct ChainFork: Equatable, Sendable {
    /// Where: the document and the author.
    var document: DocumentID
    var author: ReplicaID
    /// The first seq known to differ.
    var seq: UInt64
    /// The peer whose changes showed it.
    var reportedBy: PeerID
    /// Whether two different changes were compared (otherwise the new changes only failed to
    /// continue the held chain, which a forgery does too).
    var compared: Bool
}

/// The forks found since start, one per document and author, at most ``limit``.
struct ChainForks: Sendable {
    static let limit = 256
    private(set) var all: [ChainFork] = []

    /// Records `fork`; false when it was known (or there is no room), so it is reported once.
    /// Two changes compared replace a report of changes that only did not follow.
    mutating func record(_ fork: ChainFork) -> Bool {
        if let index = all.firstIndex(where: { $0.document == fork.document && $0.author == fork.author }) {
            guard fork.compared && !all[index].compared else { return false }
            all[index] = fork
            return true
        }
        guard all.count < Self.limit else { return false }
        all.append(fork)
        return true
    }
}

extension SyncEngine {
    /// The forks to report: every one where two changes were compared, and the others (changes
    /// that only failed to follow the held chain, as a forged relay's do too) while the
    /// author's chain still stops before them; once the genuine ones arrived, it was no fork.
    var currentForks: [ChainFork] {
        forks.all.filter { fork in
            fork.compared || (replicas[fork.document]?.heads[fork.author]?.seq ?? 0) < fork.seq
        }
    }

    /// Checks what a reception says about the author's chain: a change held here received
    /// again with other bytes, or new changes that do not follow the held chain, is a fork.
    mutating func checkFork(_ reception: Reception, author: ReplicaID, in documentID: DocumentID, from peer: PeerID) -> [SyncEvent] {
        var found: ChainFork?
        if let overlap = reception.overlap, let held = heldChange(of: documentID, by: author, startingAt: overlap.startSeq),
           held != overlap.change {
            found = ChainFork(document: documentID, author: author, seq: overlap.startSeq, reportedBy: peer, compared: true)
        } else if let seq = reception.discontinuity {
            found = ChainFork(document: documentID, author: author, seq: seq, reportedBy: peer, compared: false)
        }
        guard let fork = found, forks.record(fork) else { return [] }
        let who = author == replicaID ? "your own" : "\(PeerID(digest: author.bytes)?.short ?? "an author")'s"
        let what = fork.compared ? "two different changes hold seq \(fork.seq)"
                                 : "the changes from seq \(fork.seq) do not follow the ones held here (or are forged)"
        return [.notice("\(who) chain in \(documentID) has forked, as sent by \(peer.short): \(what); they are refused")]
    }

    /// The stored change of `author` in `documentID` that starts at `seq`.
    func heldChange(of documentID: DocumentID, by author: ReplicaID, startingAt seq: UInt64) -> [UInt8]? {
        guard let stored = try? store.run(of: documentID.description, by: author, holding: seq),
              let run = try? ChangeRun(decoding: stored.run) else { return nil }
        return run.entries.first { (try? AnyChange(decoding: $0.change, for: documentID))?.startSeq == seq }?.change
    }
}
