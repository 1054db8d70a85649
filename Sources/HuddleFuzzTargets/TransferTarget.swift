import HuddleCore
import HuddleNet
import NIOCore
import NIOEmbedded

/// Transfer bytes as a peer sends them, in two reads cut at the middle, through the
/// connection's own ``TransferFrameDecoder``; each offer then goes through every check a
/// receiver makes before it shows the offer.
enum TransferTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        let channel = EmbeddedChannel(handler: TransferFrameDecoder(limits: .standard))
        for read in EnvelopeTarget.reads(of: bytes) {
            do {
                try channel.writeInbound(ByteBuffer(bytes: read))
            } catch {
                outcome.refused += 1
                _ = try? channel.finish(acceptAlreadyClosed: true)
                return outcome
            }
            while let message = try? channel.readInbound(as: TransferMessage.self) {
                outcome.count { try accept(message) }
            }
        }
        // The stream ends here: a frame cut short is refused as the connection closes.
        do { _ = try channel.finish(acceptAlreadyClosed: true) } catch { outcome.refused += 1 }
        return outcome
    }

    /// A chunk is accepted as it is (its digest is checked against the file later); a frame
    /// holding an offer only when the offer passes the receiver's checks.
    static func accept(_ message: TransferMessage) throws {
        guard case let .frame(frame) = message, case let .offer(offer)? = frame.body else { return }
        _ = try TransferOffer.received(offer, limits: .standard)
    }
}
