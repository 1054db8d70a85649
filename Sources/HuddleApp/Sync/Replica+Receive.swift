import HuddleCore
import HuddleStore

/// What became of a run received from a peer.
struct Reception: Sendable {
    /// The authentic, applied part, to store and relay (nil: nothing new).
    var accepted: StoredRun?
    /// What the accepted changes made visible.
    var visible = Visible()
    /// The run starts after changes this peer lacks: ask the sender for them.
    var gap = false
    /// Why (part of) the run was refused: a forged, altered or malformed change.
    var refusal: String?
    /// How many changes were refused.
    var refusedCount = 0
}

extension Replica {
    /// Checks and applies a run of signed changes received from a peer.
    ///
    /// Changes this document's chains already hold are skipped; the rest must continue the
    /// author's chain, carry the author's valid signature (one check vouches for the run),
    /// name the key's owner as author, and apply to the CRDT. The longest prefix that passes
    /// is accepted; the rest is refused and reported.
    mutating func receive(_ run: ChangeRun) -> Reception {
        var reception = Reception()
        guard run.authorKey.count == 32 else {
            reception.refusal = "a change run with a malformed author key"
            reception.refusedCount = run.entries.count
            return reception
        }
        let authorPeer = PeerID(publicKey: run.authorKey)
        let author = authorPeer.replicaID
        guard id.accepts(author: authorPeer) else {
            reception.refusal = "changes by \(authorPeer.short), who may not write to \(id)"
            reception.refusedCount = run.entries.count
            return reception
        }
        let head = heads[author] ?? ChainHead(seq: 0, link: .origin)
        var fresh: [(entry: ChangeRun.Entry, change: AnyChange)] = []
        var expectedStart = head.seq + 1
        for (index, entry) in run.entries.enumerated() {
            let change: AnyChange
            do {
                change = try AnyChange(decoding: entry.change, for: id)
            } catch {
                reception.refusal = "a malformed change (\(error))"
                reception.refusedCount = run.entries.count - index
                break
            }
            guard change.author == author else {
                reception.refusal = "a change naming another author than the key that signed it"
                reception.refusedCount = run.entries.count - index
                break
            }
            if change.endSeq <= head.seq { continue } // already held
            guard change.startSeq == expectedStart else {
                if fresh.isEmpty && change.startSeq > expectedStart {
                    reception.gap = true
                } else {
                    reception.refusal = "changes out of their author's order"
                    reception.refusedCount = run.entries.count - index
                }
                break
            }
            fresh.append((entry, change))
            expectedStart = change.endSeq + 1
        }
        guard !fresh.isEmpty else { return reception }
        let candidate = ChangeRun(authorKey: run.authorKey, entries: fresh.map(\.entry))
        let verification = candidate.verify(document: key, author: author, after: head.link)
        if let failure = verification.failure {
            reception.refusal = "a change whose signature does not hold (\(failure))"
            reception.refusedCount += fresh.count - verification.accepted
        }
        var applied = 0
        for item in fresh.prefix(verification.accepted) {
            do {
                try apply(item.change, into: &reception.visible)
            } catch {
                reception.refusal = "a change that does not apply (\(error))"
                reception.refusedCount += verification.accepted - applied
                break
            }
            applied += 1
        }
        guard applied > 0 else { return reception }
        let last = fresh[applied - 1].change
        let link = verification.links[applied - 1]
        let entries = Array(candidate.entries.prefix(applied))
        reception.accepted = StoredRun(author: author, startSeq: fresh[0].change.startSeq, endSeq: last.endSeq,
                                       run: ChangeRun(authorKey: run.authorKey, entries: entries).encoded(), head: link)
        heads[author] = ChainHead(seq: last.endSeq, link: link)
        return reception
    }
}
