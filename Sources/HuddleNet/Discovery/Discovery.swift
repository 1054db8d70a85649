import Foundation
import HuddleCore
import Logging
import NIOCore
import NIOPosix

/// huddle's multicast DNS / DNS-SD discovery (RFC 6762, RFC 6763): announces this peer as
/// `_huddle._tcp.local.` and browses for the others on every selected interface.
///
/// ```swift
/// let discovery = Discovery(configuration: .init(nickname: "ada", peerID: id, port: 47_000),
///                           group: MultiThreadedEventLoopGroup.singleton)
/// try await discovery.start()
/// for await event in discovery.events { ... }   // .found / .lost
/// await discovery.stop()                         // goodbyes
/// ```
///
/// What it finds is a hint where to dial, never an identity: the TLS key proves who a
/// peer is. All state lives on one event loop; ``peers`` and ``counters`` are snapshots.
public final class Discovery: @unchecked Sendable { // mutable state confined to `loop`
    /// Peer events: `.found` when a peer has SRV, TXT with `id=` and an address (again when
    /// that changes), `.lost` on its goodbye or when its records expire.
    public let events: AsyncStream<DiscoveryEvent>
    /// What this discovery announces and where.
    public let configuration: DiscoveryConfiguration

    /// How often interfaces are enumerated again, so a new interface is used.
    public static let rescanInterval = TimeAmount.seconds(10)

    private let continuation: AsyncStream<DiscoveryEvent>.Continuation
    private let loop: EventLoop
    private var engine: MDNSEngine
    private var transport: MDNSTransport!
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// The peer list as last published, sorted (rebuilt only when the engine reports a change).
    private var sortedPeers: [DiscoveredPeer] = []
    private var publishedOnce = false
    private var rescanTask: RepeatedTask?
    private var state = State.idle
    private let snapshot = Snapshot()
    private let logger = Logger(label: "huddle.discovery")

    private enum State { case idle, running, stopped }

    /// Discovery for `configuration`, running on one loop of `group`. Nothing is sent
    /// before ``start()``.
    public init(configuration: DiscoveryConfiguration, group: EventLoopGroup) {
        self.configuration = configuration
        loop = group.next()
        engine = MDNSEngine(configuration: configuration)
        (events, continuation) = AsyncStream.makeStream(of: DiscoveryEvent.self, bufferingPolicy: .unbounded)
        transport = MDNSTransport(loop: loop, receive: { [weak self] link, bytes, source, port in
            self?.received(bytes, on: link, from: source, port: port)
        }, closed: { [weak self] link in
            self?.socketClosed(link)
        })
    }

    /// The peers visible now.
    public var peers: [DiscoveredPeer] { snapshot.read().peers }
    /// Packets sent, received and dropped so far.
    public var counters: DiscoveryCounters { snapshot.read().counters }
    /// The instance name in use (`ada`, or `ada (2)` after a conflict).
    public var instanceName: String { snapshot.read().instance }

    /// Opens the sockets and starts probing, announcing and browsing.
    ///
    /// - Throws: ``DiscoveryError/interfaceUnusable(_:)`` if a configured interface is
    ///   missing, down or without multicast; ``DiscoveryError/socketFailed(interface:reason:)``
    ///   if interfaces were configured and no socket opened. With the default selection and
    ///   no usable interface it starts anyway and picks interfaces up when they appear.
    public func start() async throws(DiscoveryError) {
        let result: Result<Void, DiscoveryError> = await withCheckedContinuation { done in
            loop.execute {
                guard self.state == .idle else { return done.resume(returning: .failure(.alreadyStarted)) }
                self.state = .running
                let found = MDNSInterfaceScanner.scan(selected: self.configuration.interfaces)
                if let missing = self.configuration.interfaces.first(where: { name in !found.contains { $0.interface.name == name } }) {
                    self.state = .idle
                    return done.resume(returning: .failure(.interfaceUnusable(missing)))
                }
                self.apply(found).whenComplete { _ in
                    guard self.state == .running else { return done.resume(returning: .failure(.alreadyStarted)) } // stopped meanwhile
                    if !self.configuration.interfaces.isEmpty, self.transport.openLinks.isEmpty {
                        self.state = .idle
                        return done.resume(returning: .failure(.socketFailed(interface: self.configuration.interfaces.joined(separator: ","),
                                                                             reason: "no socket could be opened")))
                    }
                    self.engine.start(now: .now())
                    self.rescanTask = self.loop.scheduleRepeatedTask(initialDelay: Self.rescanInterval, delay: Self.rescanInterval) { _ in
                        self.rescan()
                    }
                    self.pump()
                    done.resume(returning: .success(()))
                }
            }
        }
        try result.get()
    }

    /// The peers this one knows: always listed; strangers up to ``MDNSLimits/maxStrangers``.
    public func setKnownPeers(_ peers: Set<PeerID>) {
        loop.execute { self.engine.knownPeers = peers }
    }

    /// Asks again for `peer`'s records, which go within 10 s unless it answers (RFC 6762
    /// §10.4): call it when a sign says the peer may be gone (its session ended, a dial to
    /// it failed). A peer still there answers and stays listed.
    public func reconfirm(_ peer: PeerID) {
        loop.execute {
            guard self.state == .running else { return }
            self.engine.reconfirm(peer, now: .now())
            self.pump()
        }
    }

    /// Sends goodbyes (TTL 0) on every interface, closes the sockets and ends ``events``.
    public func stop() async {
        let finished: EventLoopFuture<Void> = loop.flatSubmit {
            guard self.state == .running else {
                self.state = .stopped
                self.continuation.finish()
                return self.loop.makeSucceededVoidFuture()
            }
            self.state = .stopped
            self.rescanTask?.cancel()
            self.timer?.cancel()
            let sends = self.engine.stop(now: .now()).map { self.transport.send($0) }
            self.publish()
            return EventLoopFuture.whenAllComplete(sends, on: self.loop).flatMap { _ in
                self.transport.closeAll()
            }.map { self.continuation.finish() }
        }
        try? await finished.get()
    }

    // MARK: on the loop

    private func received(_ bytes: [UInt8], on link: MDNSLink, from source: [UInt8], port: UInt16) {
        guard state == .running else { return }
        engine.receive(bytes, on: link, from: source, port: port, now: .now())
        pump()
    }

    /// Sends what is due, reports events and sets the timer for the next deadline.
    private func pump() {
        guard state == .running else { return }
        for datagram in engine.advance(now: .now()) {
            transport.send(datagram).whenFailure { [weak self] error in
                guard let self else { return }
                engine.counters.sendErrors += 1
                logger.debug("mDNS send on \(datagram.link) failed: \(error)")
            }
        }
        publish()
        guard let deadline = engine.nextDeadline else { return }
        if let current = timerDeadline, current <= deadline, current > .now() { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = loop.scheduleTask(deadline: deadline) { [weak self] in
            self?.timerDeadline = nil
            self?.pump()
        }
    }

    /// Hands out the engine's events and refreshes the snapshot. The peer list is sorted
    /// again only when an event says it changed (on a LAN of 100 a packet that changes
    /// nothing should not cost a sort of 100 peers).
    private func publish() {
        let events = engine.takeEvents()
        for event in events { continuation.yield(event) }
        engine.counters.cacheEntries = engine.cache.entries.count
        engine.counters.openLinks = transport.openLinks.count
        if !events.isEmpty || !publishedOnce {
            publishedOnce = true
            sortedPeers = engine.peerView.values.sorted { $0.nickname < $1.nickname || ($0.nickname == $1.nickname && $0.id < $1.id) }
        }
        snapshot.write(peers: sortedPeers, counters: engine.counters, instance: engine.names.instanceLabel)
    }

    /// Opens sockets for new links, closes those of vanished ones, tells the engine.
    private func apply(_ found: [MDNSInterfaceScanner.Found]) -> EventLoopFuture<Void> {
        let wanted = Set(found.flatMap(\.interface.links))
        for link in transport.openLinks where !wanted.contains(link) { transport.close(link) }
        var opens: [EventLoopFuture<Void>] = []
        for entry in found {
            for link in entry.interface.links where !transport.openLinks.contains(link) {
                opens.append(transport.open(link, found: entry).flatMapErrorThrowing { error in
                    self.logger.warning("mDNS: cannot use \(entry.interface.name) (\(link.family)): \(error)")
                    throw error
                })
            }
        }
        let usable = found.map(\.interface)
        return EventLoopFuture.whenAllComplete(opens, on: loop).map { _ in
            // The engine only knows links whose socket is open.
            let open = self.transport.openLinks
            let list = usable.compactMap { interface -> MDNSInterface? in
                var copy = interface
                if !open.contains(MDNSLink(interfaceIndex: interface.index, family: .v4)) { copy.ipv4 = [] }
                if !open.contains(MDNSLink(interfaceIndex: interface.index, family: .v6)) { copy.ipv6 = [] }
                return copy.links.isEmpty ? nil : copy
            }
            self.engine.setInterfaces(list, now: .now())
        }
    }

    private func rescan() {
        guard state == .running else { return }
        apply(MDNSInterfaceScanner.scan(selected: configuration.interfaces)).whenComplete { _ in self.pump() }
    }

    private func socketClosed(_ link: MDNSLink) {
        guard state == .running else { return }
        logger.debug("mDNS socket \(link) closed; reopening")
        // Rebuild soon rather than at the next rescan.
        loop.scheduleTask(in: .seconds(1)) { self.rescan() }
    }
}

/// The values readable from any thread.
private final class Snapshot: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (peers: [DiscoveredPeer], counters: DiscoveryCounters, instance: String) = ([], DiscoveryCounters(), "")

    func read() -> (peers: [DiscoveredPeer], counters: DiscoveryCounters, instance: String) {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func write(peers: [DiscoveredPeer], counters: DiscoveryCounters, instance: String) {
        lock.lock()
        defer { lock.unlock() }
        value = (peers, counters, instance)
    }
}
