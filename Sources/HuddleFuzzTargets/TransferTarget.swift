import HuddleCore
import HuddleNet

/// Transfer bytes as a peer sends them, through the connection's own ``TransferFrameDecoder``
/// (see ``StreamFeed``); each offer then goes through every check a receiver makes before it
/// shows the offer.
enum TransferTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        StreamFeed.run(bytes, through: TransferFrameDecoder(limits: .standard), yielding: TransferMessage.self, accept: accept)
    }

    /// A chunk is accepted as it is (its digest is checked against the file later); a frame
    /// holding an offer only when the offer passes the receiver's checks.
    static func accept(_ message: TransferMessage) throws {
        guard case let .frame(frame) = message, case let .offer(offer)? = frame.body else { return }
        _ = try TransferOffer.received(offer, limits: .standard)
    }
}
