import Foundation
import HuddleCore
import HuddleNet
import NIOCore
import NIOPosix
import SwiftProtobuf

/// A peer with its own key that speaks the real protocol to a real peer, byte by byte: TLS 1.3
/// with its key, its Hello, and then whatever it likes (sync messages no honest peer would
/// send, frames that lie about their length, random bytes). It reads and discards what it is
/// sent, counting the bytes.
public final class HostilePeer: @unchecked Sendable {
    struct Open: PeerTrustPolicy {
        func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision { .accept }
    }

    /// Counts what the victim sends, and notices the close.
    final class Sink: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private let lock = NSLock()
        private var bytes = 0
        var received: Int { lock.withLock { bytes } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let count = unwrapInboundIn(data).readableBytes
            lock.withLock { bytes += count }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }

    /// Its key.
    public let identity: DeviceIdentity
    let channel: Channel
    let sink: Sink

    /// Its peer ID.
    public var id: PeerID { identity.peerID }
    /// Bytes the victim has sent so far (TLS plaintext).
    public var received: Int { sink.received }
    /// Whether the victim still holds the connection.
    public var isConnected: Bool { channel.isActive }

    private init(identity: DeviceIdentity, channel: Channel, sink: Sink) {
        self.identity = identity
        self.channel = channel
        self.sink = sink
    }

    /// Connects to the peer listening on `port` and says Hello as `nickname`.
    public static func connect(to port: Int, host: String = "127.0.0.1", as nickname: String = "mallory",
                               identity: DeviceIdentity = DeviceIdentity()) async throws -> HostilePeer {
        let tls = try SessionTLS(identity: identity, policy: Open())
        let sink = Sink()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(3))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(tls.clientHandler(expected: nil, peer: PeerKeyBox()))
                    try channel.pipeline.syncOperations.addHandler(sink)
                }
            }
            .connect(host: host, port: port).get()
        let peer = HostilePeer(identity: identity, channel: channel, sink: sink)
        var envelope = Huddle_V1_Envelope()
        envelope.hello = .with {
            $0.protocolVersion = WireProtocol.version
            $0.minProtocolVersion = WireProtocol.minimumVersion
            $0.nickname = nickname
            $0.software = "mallory 6.6.6"
            $0.capabilities = WireProtocol.capabilities
        }
        try await peer.send(envelope)
        return peer
    }

    /// Sends one Envelope as a frame.
    public func send(_ envelope: Huddle_V1_Envelope) async throws {
        let body: [UInt8] = try envelope.serializedBytes()
        try await sendRaw(Self.frame(body))
    }

    /// Sends a sync message.
    public func send(_ message: SyncMessage) async throws { try await send(message.envelope) }

    /// Sends bytes as they are.
    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// `body` behind its 4-byte big-endian length.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body
    }

    /// Closes the connection.
    public func close() async { try? await channel.close() }
}
