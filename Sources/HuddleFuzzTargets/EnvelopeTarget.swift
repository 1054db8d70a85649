import HuddleNet
import NIOCore
import NIOEmbedded

/// Session bytes as a peer sends them: split into two reads at the middle (so, as lengths vary,
/// frames are cut everywhere), decoded by the session's own ``FrameDecoder``, and each
/// Envelope read as a ``SyncMessage`` whose change runs are decoded.
enum EnvelopeTarget {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(limits: .session)))
        for read in reads(of: bytes) {
            do {
                try channel.writeInbound(ByteBuffer(bytes: read))
            } catch {
                outcome.refused += 1
                _ = try? channel.finish(acceptAlreadyClosed: true)
                return outcome
            }
            while let envelope = try? channel.readInbound(as: Huddle_V1_Envelope.self) {
                outcome.count { try accept(envelope) }
            }
        }
        // The stream ends here: a frame cut short is refused as the connection closes.
        do { _ = try channel.finish(acceptAlreadyClosed: true) } catch { outcome.refused += 1 }
        return outcome
    }

    /// A message is accepted when it reads as a sync message and each run in it decodes.
    static func accept(_ envelope: Huddle_V1_Envelope) throws {
        switch try SyncMessage(envelope) {
        case let .changes(batch):
            for run in batch.runs { try ChangeTargets.check(run) }
        case .state, .presence:
            break
        }
    }

    /// The input as two reads, cut at the middle.
    static func reads(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        [bytes[..<(bytes.count / 2)], bytes[(bytes.count / 2)...]]
    }
}
