import HuddleCore
import NIOCore
import NIOPosix

/// One transfer connection: the async channel of ``TransferMessage``s and what TLS learned
/// about the peer's key.
struct TransferConnection: Sendable {
    let channel: NIOAsyncChannel<TransferMessage, TransferMessage>
    let peerKey: PeerKeyBox

    /// The peer's ID once its certificate was accepted.
    var peer: PeerID? {
        if case let .accepted(publicKey) = peerKey.outcome { return PeerID(publicKey: publicKey) }
        return nil
    }

    /// Preamble, TLS with pinned keys, framing, and the async wrapper, in that order.
    static func configure(_ channel: Channel, tls: SessionTLS, dialing: Bool, expected: PeerID?) throws -> TransferConnection {
        let box = PeerKeyBox()
        let handlers = channel.pipeline.syncOperations
        if dialing {
            try handlers.addHandler(TransferPreambleWriter())
            try handlers.addHandler(tls.clientHandler(expected: expected, peer: box))
        } else {
            try handlers.addHandler(TransferPreambleChecker())
            try handlers.addHandler(tls.serverHandler(peer: box))
        }
        try handlers.addHandler(TransferFrameDecoder())
        try handlers.addHandler(TransferFrameWriter())
        // At most 4 decoded chunks wait for the data loop (which holds up to 5 more): 8 kept
        // the receiver's peak near 50 MB for no more speed.
        let async = try NIOAsyncChannel<TransferMessage, TransferMessage>(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 4)))
        return TransferConnection(channel: async, peerKey: box)
    }

    /// Dials a peer's transfer port, refusing any key but `expected`'s.
    static func dial(group: EventLoopGroup, tls: SessionTLS, host: String, port: Int, expected: PeerID,
                     timeout: TimeAmount) async throws(TransferError) -> TransferConnection {
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try configure(channel, tls: tls, dialing: true, expected: expected) }
                }
        } catch {
            throw .cannotConnect(SessionManager.describe(connectError: error))
        }
    }

    /// Listens for transfer connections on `host:port` (0: any free port).
    static func listen(group: EventLoopGroup, tls: SessionTLS, host: String, port: Int,
                       limiter: ConnectionLimiter) async throws -> NIOAsyncChannel<TransferConnection, Never> {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Past its host's share (or everyone's), a connection is closed unread.
                    guard limiter.admit(channel) else { throw ChannelError.ioOnClosedChannel }
                    return try configure(channel, tls: tls, dialing: false, expected: nil)
                }
            }
    }
}

extension Huddle_Transfer_V1_Frame {
    /// A frame holding `refusal`.
    static func refusal(_ reason: TransferRefusalReason, _ message: String) -> Huddle_Transfer_V1_Frame {
        var frame = Huddle_Transfer_V1_Frame()
        frame.refusal = .with {
            $0.reason = reason.wire
            $0.message = message
        }
        return frame
    }
}
