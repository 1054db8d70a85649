import HuddleCore
import HuddleNet
import NIOCore

/// Session bytes as a peer sends them, through the session's own ``FrameDecoder`` (see
/// ``StreamFeed``); each Envelope is read as a ``SyncMessage`` whose change runs are decoded.
enum EnvelopeTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        StreamFeed.run(bytes, through: ByteToMessageHandler(FrameDecoder(limits: .session)), yielding: Huddle_V1_Envelope.self, accept: accept)
    }

    /// A message is accepted when it reads as a sync message and each run in it decodes.
    static func accept(_ envelope: Huddle_V1_Envelope) throws {
        switch try SyncMessage(envelope) {
        case let .changes(batch):
            for run in batch.runs { try ChangeTargets.check(run) }
        case let .nameCards(cards):
            for card in cards { _ = try? card.verified(now: Int64.max) }
        case let .status(presence):
            // The oracle: a status kept is within its bounds, whatever was sent.
            precondition(presence.text.count <= Presence.maxTextCharacters && !presence.text.contains(where: \.isNewline))
        case let .held(state):
            precondition(state.version.entries.count <= SyncMessage.maxHeldAuthors && state.document.isChat)
        case .state, .presence, .inviteCode, .typing:
            break
        }
    }
}
