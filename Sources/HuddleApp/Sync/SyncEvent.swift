import HuddleCore
import HuddleNet

/// What the sync engine tells the rest of the peer: what became visible, and what is worth
/// a line in the log. The peer turns these into its public events (with nicknames).
enum SyncEvent: Sendable, Equatable {
    /// A chat message was posted, edited or deleted.
    case chat(DocumentID, ChatEvent)
    /// A note's text changed (`author` made the last of the changes).
    case noteChanged(DocumentID, patches: [TextPatch], author: ReplicaID)
    /// A teammate's caret in a note moved, or went.
    case caretsChanged(DocumentID, by: PeerID)
    /// A document appeared, or unread counts changed.
    case documentsChanged
    /// A private workspace's roster changed (members to dial, lists to redraw).
    case rosterChanged(WorkspaceID)
    /// Name cards of these peers arrived: they are shown by these names now.
    case namesLearned([PeerID])
    /// This peer's own messages `seqs` of a chat reached another peer.
    case delivered(DocumentID, seqs: ClosedRange<UInt64>)
    /// Something worth a line in the log.
    case notice(String)
}

/// What one step of the sync engine produced: messages to send, in order, and events.
struct SyncStep: Sendable {
    /// Messages for peers, in the order they must go out.
    var outgoing: [(peer: PeerID, message: SyncMessage)] = []
    /// What became visible or is worth a note, in order.
    var events: [SyncEvent] = []
    /// Peers with catch-up work that no sender pulls yet: start one for each.
    var catchUp: [PeerID] = []

    mutating func send(_ message: SyncMessage, to peer: PeerID) { outgoing.append((peer, message)) }

    mutating func append(_ other: SyncStep) {
        outgoing += other.outgoing
        events += other.events
        catchUp += other.catchUp.filter { !catchUp.contains($0) }
    }
}
