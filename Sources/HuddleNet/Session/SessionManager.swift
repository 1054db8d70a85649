import Foundation
import HuddleCore
import NIOCore
import NIOPosix

/// Listens for and dials sessions, keeps one per pair of peers, and reports what happens.
///
/// Thread-safe: channel handlers call it from event loops; its state sits behind a lock and
/// its events come out, in order, through ``events``.
public final class SessionManager: @unchecked Sendable {
    /// Timings and identity of this side.
    public struct Settings: Sendable {
        /// This peer's nickname, sent in Hello.
        public var nickname: String
        /// The port to listen on (`WireProtocol.defaultPort`); 0 = any free port.
        public var port: Int
        /// Whether a taken ``port`` is replaced by any free one (only for the default port: a
        /// port the user asked for is theirs, and its being taken is an error).
        public var fallbackToAnyPort = true
        /// The kernel's probing of a quiet connection: a peer whose host or link is gone
        /// is dropped within 11 s, at no cost to the process (see ``TCPKeepAlive``).
        public var tcpKeepAlive = TCPKeepAlive(idle: 5, interval: 2, count: 3)
        /// Ask (ping) after hearing nothing for this long: the dialer does; the answerer
        /// waits twice as long (see ``KeepAlive``). Catches a peer process that hangs while
        /// its host still answers; the kernel's keep-alive catches the rest sooner.
        public var pingAfter: TimeAmount = .seconds(10)
        /// Drop a session after this long without hearing anything.
        public var deadAfter: TimeAmount = .seconds(30)
        /// Close a connection whose TLS handshake and Hello are not done after this long.
        public var handshakeTimeout: TimeAmount = .seconds(7)
        /// Give up dialing after this long.
        public var connectTimeout: TimeAmount = .seconds(3)
        /// Most connections one host may hold open to this peer (sessions and handshakes), and
        /// most in all: what a host opening thousands gets.
        public var maxConnectionsPerHost = 8, maxConnections = 512
        /// How fast one host may open connections: a burst, then so many per second.
        public var connectionRate = ConnectionRate(burst: 16, perSecond: 2)
        /// The protocol versions spoken (tests narrow it to check refusals).
        public var versions: ClosedRange<UInt32> = WireProtocol.minimumVersion...WireProtocol.version

        /// Settings with the default timings.
        public init(nickname: String, port: Int = WireProtocol.defaultPort) {
            self.nickname = nickname
            self.port = port
        }
    }

    /// What this side runs with.
    public let settings: Settings
    /// This peer's ID.
    public let localID: PeerID
    /// Events, in the order they happened.
    public let events: AsyncStream<SessionEvent>

    let tls: SessionTLS
    let group: EventLoopGroup
    let continuation: AsyncStream<SessionEvent>.Continuation
    let lock = NSLock()
    var sessions: [PeerID: (peer: SessionPeer, channel: Channel)] = [:]
    /// Connections this side ended with a Refusal (their end is deliberate), until they close.
    var saidGoodbye: Set<ObjectIdentifier> = []
    /// Every connection, from its first byte to its close: sessions and those still in their
    /// handshake. `stop` closes them all.
    var connections: [ObjectIdentifier: Channel] = [:]
    /// Set by `stop`: no connection is taken or kept from then on.
    var stopping = false
    var listener: Channel?
    var nickname: String
    var capabilities = WireProtocol.capabilities
    let limiter: ConnectionLimiter

    /// A manager for `identity` on `group`.
    public init(identity: DeviceIdentity, tls: SessionTLS, settings: Settings, group: EventLoopGroup) {
        self.settings = settings
        self.tls = tls
        self.group = group
        localID = identity.peerID
        nickname = settings.nickname
        limiter = ConnectionLimiter(perHost: settings.maxConnectionsPerHost, total: settings.maxConnections, rate: settings.connectionRate)
        // Unbounded, but never large: a peer whose messages wait unhandled is not read from
        // (see `received` and `consumed`), so at most `pauseAfter` frames per peer queue up.
        (events, continuation) = AsyncStream.makeStream(of: SessionEvent.self, bufferingPolicy: .unbounded)
    }

    /// Starts listening on IPv6 and IPv4 (one dual-stack socket where the system allows);
    /// if the port is taken, on any free port when ``Settings/fallbackToAnyPort`` allows,
    /// else ``ListenError/portTaken(port:holder:)``. Returns the port.
    public func start() async throws -> Int {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel, dialedByUs: false, expected: nil) }
            }
        var attempts: [(String, Int)] = [("::", settings.port), ("0.0.0.0", settings.port)]
        if settings.port != 0, settings.fallbackToAnyPort { attempts += [("::", 0), ("0.0.0.0", 0)] }
        var lastError: Error?
        for (host, port) in attempts {
            do {
                let channel = try await bootstrap.bind(host: host, port: port).get()
                lock.withLock { listener = channel }
                return channel.localAddress?.port ?? port
            } catch {
                lastError = error
            }
        }
        if let error = lastError as? IOError, error.errnoCode == EADDRINUSE {
            throw ListenError.portTaken(port: settings.port, holder: PortHolder.describe(port: settings.port))
        }
        throw lastError ?? ChannelError.inappropriateOperationForState
    }

    /// The port sessions are accepted on, once started.
    public var port: Int? { lock.withLock { listener?.localAddress?.port } }

    /// Dials `host:port`, expecting the peer `expected` if known. The outcome arrives as an
    /// event (`.established` or `.refused`).
    public func dial(host: String, port: Int, expected: PeerID?, announced: Bool = false) {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(settings.connectTimeout)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel, dialedByUs: true, expected: expected, announced: announced) }
            }
        bootstrap.connect(host: host, port: port).whenFailure { [self] error in
            let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            continuation.yield(.refused(address: address, reason: "cannot connect: \(Self.describe(connectError: error))", incompatible: false,
                                        nothingAnswered: true))
        }
    }

    /// Adds capabilities announced in the Hello of sessions from now on, e.g. `files.v1:PORT`.
    public func announce(capabilities more: [String]) {
        lock.withLock { capabilities += more.filter { !capabilities.contains($0) } }
    }

    /// The peers with a session now.
    public var connectedPeers: [SessionPeer] {
        lock.withLock { sessions.values.map(\.peer) }
    }

    /// Sends `message` to `peer`; returns false if there is no session with it.
    @discardableResult
    public func send(_ message: SyncMessage, to peer: PeerID) -> Bool {
        send(message.envelope, to: peer)
    }

    /// Sends `message` to `peer` and waits until it was handed to the network; returns false
    /// if there is no session or the write failed. Awaiting each write paces a long stream of
    /// messages to what the peer takes, without holding up other sessions.
    public func sendAwaitingWrite(_ message: SyncMessage, to peer: PeerID) async -> Bool {
        await sendAwaitingWrite(message.envelope, to: peer)
    }

    /// Ends the session with `peer`, telling it that it is blocked.
    public func block(_ peer: PeerID) {
        guard let channel = lock.withLock({ sessions[peer]?.channel }) else { return }
        sayGoodbye(on: channel, .blocked, "blocked")
    }

    /// Ends the session with `peer`, telling it why: one this peer no longer needs (on a LAN
    /// too large for a full mesh, a peer that is not its neighbour). The other side may dial
    /// again if it needs the session; a session it dialed is never ended this way.
    public func end(_ peer: PeerID, reason: String) {
        guard let channel = lock.withLock({ sessions[peer]?.channel }) else { return }
        sayGoodbye(on: channel, .unspecified, reason)
    }

    /// Sends `envelope` to `peer`; returns false if there is no session with it.
    @discardableResult
    func send(_ envelope: Huddle_V1_Envelope, to peer: PeerID) -> Bool {
        guard let channel = lock.withLock({ sessions[peer]?.channel }) else { return false }
        channel.writeAndFlush(envelope, promise: nil)
        return true
    }

    func sendAwaitingWrite(_ envelope: Huddle_V1_Envelope, to peer: PeerID) async -> Bool {
        guard let channel = lock.withLock({ sessions[peer]?.channel }) else { return false }
        do {
            try await channel.writeAndFlush(envelope)
            return true
        } catch {
            return false
        }
    }

    /// Whether the session with `peer` takes writes without queueing past its high-water mark.
    public func isWritable(_ peer: PeerID) -> Bool {
        lock.withLock { sessions[peer]?.channel.isWritable } ?? false
    }

    /// Stops accepting, closes every session (telling peers why) and every connection still
    /// in its handshake, and returns once they are all closed.
    ///
    /// The listener closes first and no connection is taken from then on, so a peer that
    /// redials at once (it just heard the goodbye) cannot leave a session behind.
    public func stop() async {
        let server = lock.withLock { () -> Channel? in
            stopping = true
            return listener
        }
        try? await server?.close()
        let (channels, established) = lock.withLock {
            (Array(connections.values), Set(sessions.values.map { ObjectIdentifier($0.channel) }))
        }
        for channel in channels {
            guard established.contains(ObjectIdentifier(channel)) else {
                channel.close(promise: nil)
                continue
            }
            sayGoodbye(on: channel, .shuttingDown, "\(lock.withLock { nickname }) is shutting down")
        }
        for channel in channels { try? await channel.closeFuture.get() }
        continuation.finish()
    }

    /// Sends a refusal, then closes: after the write, or after half a second in any case, so a
    /// peer that is not reading (its buffer full) cannot hold the connection open.
    func sayGoodbye(on channel: Channel, _ reason: Huddle_V1_Refusal.Reason, _ message: String) {
        var envelope = Huddle_V1_Envelope()
        envelope.refusal = Huddle_V1_Refusal.with {
            $0.reason = reason
            $0.message = message
        }
        let key = ObjectIdentifier(channel)
        lock.withLock { _ = saidGoodbye.insert(key) }
        // Forgotten once the close has been reported (a connection that never became a
        // session is never reported, and its identifier may be reused).
        channel.closeFuture.whenComplete { [self] _ in channel.eventLoop.execute { self.lock.withLock { _ = self.saidGoodbye.remove(key) } } }
        channel.writeAndFlush(envelope).whenComplete { _ in channel.close(promise: nil) }
        channel.eventLoop.scheduleTask(in: .milliseconds(500)) { channel.close(promise: nil) }
    }

    func configure(_ channel: Channel, dialedByUs: Bool, expected: PeerID?, announced: Bool = false) throws {
        // Throwing from the initializer closes the connection; a refused one is never listed.
        guard dialedByUs || limiter.admit(channel) else {
            if limiter.shouldReportRefusal(of: channel) {
                refused(address: channel.remoteAddress.map(Self.describe) ?? "?",
                        reason: "too many connections from that host, or opened too fast (more refused quietly for \(Int(ConnectionLimiter.reportEvery)) s)")
            }
            throw ChannelError.ioOnClosedChannel
        }
        try settings.tcpKeepAlive.apply(to: channel)
        let id = ObjectIdentifier(channel)
        let taken = lock.withLock { () -> Bool in
            guard !stopping else { return false }
            connections[id] = channel
            return true
        }
        guard taken else { throw ChannelError.ioOnClosedChannel }
        channel.closeFuture.whenComplete { [self] _ in _ = lock.withLock { connections.removeValue(forKey: id) } }
        let box = PeerKeyBox()
        let handlers = channel.pipeline.syncOperations
        if dialedByUs {
            try handlers.addHandler(tls.clientHandler(expected: expected, announced: announced, peer: box))
        } else {
            try handlers.addHandler(tls.serverHandler(peer: box))
        }
        try handlers.addHandler(ByteToMessageHandler(FrameDecoder(limits: .session)))
        try handlers.addHandler(MessageToByteHandler(FrameEncoder()))
        try handlers.addHandler(SessionHandler(manager: self, keyBox: box, dialedByUs: dialedByUs))
    }

    func hello() -> Huddle_V1_Hello {
        let port = self.port ?? settings.port
        return Huddle_V1_Hello.with {
            $0.protocolVersion = settings.versions.upperBound
            $0.minProtocolVersion = settings.versions.lowerBound
            $0.nickname = lock.withLock { nickname }
            $0.listenPort = UInt32(clamping: port)
            $0.software = WireProtocol.software
            $0.capabilities = lock.withLock { capabilities }
        }
    }

    /// A session came up. If one already exists with this peer, the one dialed by the peer
    /// with the smaller ID is kept; of two dialed by the same peer, the one from its smaller
    /// port (``keepsSecond(_:_:dialedByUs:)``). Both sides decide the same; the other is closed.
    func established(_ peer: SessionPeer, channel: Channel) {
        let (keep, drop, shuttingDown): (Bool, Channel?, Bool) = lock.withLock {
            guard !stopping else { return (false, channel, true) }
            guard let existing = sessions[peer.id] else {
                sessions[peer.id] = (peer, channel)
                return (true, nil, false)
            }
            let preferredDialerIsUs = localID < peer.id
            let newIsPreferred = peer.dialedByUs == preferredDialerIsUs
            let oldIsPreferred = existing.peer.dialedByUs == preferredDialerIsUs
            let newWins = newIsPreferred == oldIsPreferred
                ? Self.keepsSecond(existing.channel, channel, dialedByUs: peer.dialedByUs)
                : newIsPreferred
            guard newWins else { return (false, channel, false) }
            sessions[peer.id] = (peer, channel)
            return (true, existing.channel, false)
        }
        if let drop {
            if shuttingDown {
                sayGoodbye(on: drop, .shuttingDown, "\(lock.withLock { nickname }) is shutting down")
            } else {
                sayGoodbye(on: drop, .duplicateSession, "another session between the same peers is kept")
            }
        }
        if keep { continuation.yield(.established(peer)) }
    }

    /// Of two connections dialed by the same side (over IPv4 and IPv6, say), whether to keep
    /// the second. Both sides must choose the same one whatever order they saw them in, so
    /// the choice rests on what both see: the dialing socket's port and address, the local
    /// end on the dialer's side and the remote end on the other. Without addresses (never on
    /// TCP), the second.
    static func keepsSecond(_ first: Channel, _ second: Channel, dialedByUs: Bool) -> Bool {
        func dialingEnd(_ channel: Channel) -> (port: Int, host: String)? {
            guard let address = dialedByUs ? channel.localAddress : channel.remoteAddress, let port = address.port,
                  let host = address.ipAddress?.split(separator: "%").first.map(String.init) else { return nil }
            return (port, unmapped(host))
        }
        guard let kept = dialingEnd(first), let new = dialingEnd(second) else { return true }
        return new < kept
    }

    func ended(_ id: PeerID, channel: Channel, reason: String, refusalReceived: Bool) {
        let deliberate = refusalReceived || lock.withLock { saidGoodbye.remove(ObjectIdentifier(channel)) != nil }
        let wasCurrent = lock.withLock { () -> Bool in
            guard sessions[id]?.channel === channel else { return false }
            sessions[id] = nil
            backlog[id] = nil
            paused.remove(id)
            return true
        }
        if wasCurrent { continuation.yield(.closed(id, reason: reason, deliberate: deliberate)) }
    }

    func refused(address: String, reason: String, incompatible: Bool = false) {
        continuation.yield(.refused(address: address, reason: reason, incompatible: incompatible, nothingAnswered: false))
    }

    /// Messages handed up but not yet handled, per peer; reading from a peer pauses at
    /// `pauseAfter` and resumes when its backlog falls to `resumeAt`.
    var backlog: [PeerID: Int] = [:]
    var paused: Set<PeerID> = []
    static let pauseAfter = 64
    static let resumeAt = 16

    func received(_ envelope: Huddle_V1_Envelope, from peer: PeerID) {
        let channel: Channel? = lock.withLock {
            backlog[peer, default: 0] += 1
            guard backlog[peer, default: 0] >= Self.pauseAfter, paused.insert(peer).inserted else { return nil }
            return sessions[peer]?.channel
        }
        channel?.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        do {
            continuation.yield(.message(peer, try SyncMessage(envelope)))
        } catch {
            continuation.yield(.malformed(peer, error))
        }
    }

    /// Says that a `.message` from `peer` has been handled: reading from a peer whose backlog
    /// had paused it resumes once the backlog is small again. Call once per `.message` event.
    public func consumed(from peer: PeerID) {
        let channel: Channel? = lock.withLock {
            guard let count = backlog[peer], count > 0 else { return nil }
            backlog[peer] = count - 1
            guard count - 1 <= Self.resumeAt, paused.remove(peer) != nil else { return nil }
            return sessions[peer]?.channel
        }
        guard let channel else { return }
        channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in channel.read() }
    }

    /// Pongs received on any session since start: each is a keep-alive round trip done.
    var pongsReceived: Int { lock.withLock { pongs } }
    var pongs = 0

    func keepAliveAnswered() { lock.withLock { pongs += 1 } }

    func becameWritable(_ peer: PeerID, channel: Channel) {
        guard lock.withLock({ sessions[peer]?.channel === channel }) else { return }
        continuation.yield(.writable(peer))
    }

    /// `ip` with an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as a dual-stack socket sees
    /// an IPv4 peer) written as IPv4.
    static func unmapped(_ ip: String) -> String {
        ip.lowercased().hasPrefix("::ffff:") && ip.filter { $0 == "." }.count == 3 ? String(ip.dropFirst(7)) : ip
    }

    /// `host:port` (IPv6 in brackets; IPv4-mapped IPv6 shown as IPv4).
    static func describe(_ address: SocketAddress) -> String {
        guard let mapped = address.ipAddress, let port = address.port else { return "\(address)" }
        var ip = unmapped(mapped)
        // A link-local IPv6 address means nothing without its interface: keep it (`fe80::1%eth0`).
        if case let .v6(v6) = address, v6.address.sin6_scope_id != 0, !ip.contains("%") {
            var name = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
            if if_indextoname(v6.address.sin6_scope_id, &name) != nil {
                ip += "%" + String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// A short reason for a failed connect: "connection refused", "timed out", ...
    static func describe(connectError error: Error) -> String {
        if let failure = error as? NIOConnectionError, let first = failure.connectionErrors.first {
            return describe(connectError: first.error)
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return "timed out" }
        return NetworkErrorText.describe(error)
    }
}
