import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

extension SyncEngine {
    /// Cards from `peer`: each is kept if it is the peer's own or names an author whose
    /// changes are held here, its signature holds and it is newer than the card held. Others
    /// are dropped before their signature is checked, so a flood of cards costs little.
    mutating func receiveNameCards(_ cards: [NameCard], from peer: PeerID) -> SyncStep {
        var step = SyncStep()
        var learned: [PeerID] = []
        let now = clock().millisecondsSince1970
        for card in cards {
            let author = card.peer
            guard author == peer || holdsChanges(by: author.replicaID) else { continue }
            if let held = names[author], !card.supersedes(held) { continue }
            do {
                if names.take(try card.verified(now: now)) { learned.append(author) }
            } catch {
                book.refused += 1
                step.events.append(.notice("refused a name card from \(peer.short): \(error)"))
            }
        }
        if !learned.isEmpty { step.events.append(.namesLearned(learned)) }
        return step
    }

    /// Whether some document here holds changes by `author` (applied or waiting).
    func holdsChanges(by author: ReplicaID) -> Bool {
        replicas.values.contains { $0.heads[author] != nil || $0.pending.last(of: author) != nil }
    }

    /// Runs were just sent to `peer`: the cards of their authors, to send after them.
    mutating func owedCards(after runs: [StoredRun], to peer: PeerID) -> [SyncMessage] {
        names.sentRuns(by: Set(runs.map(\.author)), to: peer)
        var messages: [SyncMessage] = []
        while let message = names.nextOwed(by: peer) { messages.append(message) }
        return messages
    }
}
