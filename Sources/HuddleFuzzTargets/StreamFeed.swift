import NIOCore
import NIOEmbedded

/// A byte stream as a peer sends it, fed to a connection's own decoder: in two reads cut at
/// the middle (so, as lengths vary, frames are cut everywhere), then the end of the stream.
enum StreamFeed {
    /// Feeds `bytes` through `decoder`; each message it yields goes to `accept` (accepted
    /// unless that throws). A refused stream, or one cut inside a frame, counts one refusal.
    static func run<Message>(_ bytes: [UInt8], through decoder: any ChannelHandler, yielding: Message.Type,
                             accept: (Message) throws -> Void) -> FuzzOutcome {
        var outcome = FuzzOutcome()
        let channel = EmbeddedChannel(handler: decoder)
        for read in [bytes[..<(bytes.count / 2)], bytes[(bytes.count / 2)...]] {
            do {
                try channel.writeInbound(ByteBuffer(bytes: read))
            } catch {
                outcome.refused += 1
                _ = try? channel.finish(acceptAlreadyClosed: true)
                return outcome
            }
            while let message = try? channel.readInbound(as: Message.self) {
                outcome.count { try accept(message) }
            }
        }
        do { _ = try channel.finish(acceptAlreadyClosed: true) } catch { outcome.refused += 1 }
        return outcome
    }
}
