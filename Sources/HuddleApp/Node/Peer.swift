import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import NIOCore
import NIOPosix

/// One huddle peer as a whole: identity, trust store, sessions and discovery, documents and
/// transfers, wired together. The TUI, the daemon and the CLI (through the control socket)
/// all use it.
///
/// A thin actor: it owns its parts and routes events between them. Each part has one concern
/// and owns its state: ``SyncEngine`` the documents and what peers hold, ``EditorSessions``
/// each client's carets and undo, ``DialPlanner`` whom to dial when, ``PeerDirectory`` who is
/// who; sessions, transfers and discovery are HuddleNet's. docs/architecture.md maps them.
public actor Peer {
    let profile: LocalProfile
    let sessions: SessionManager
    let transfers: TransferEngine
    var sync: SyncEngine
    var editors = EditorSessions()
    var dialing: Dialing
    var directory: PeerDirectory
    let bus: EventBus
    var discovery: DiscoveryHost
    var running = Running()
    var codes = CodeState()
    /// The full-text index of the documents held, and what it lacks.
    var search: SearchHost
    /// This peer's presence, and what peers in session said of theirs (and where they type).
    var presences = PresenceHost()
    /// The blocked peers, in memory for the handshake's trust check.
    let blocked: BlockedKeys
    /// Fingerprints of keys already worked out (1,024 rounds of SHA-256 each), by key.
    var fingerprints: [Data: String] = [:]

    /// How long a peer that was never verified is remembered after it was last seen: 30 days.
    static let forgetUnverifiedAfter: TimeInterval = 30 * 86_400

    /// Makes LAN discovery once the listening port is known.
    typealias DiscoveryMaker = @Sendable (_ port: Int) -> (any DiscoveryService)?

    /// A peer for `profile`, storing in its database (opened, and migrated, here), finding
    /// peers on the LAN when `options.discovery` is on.
    public init(profile: LocalProfile, options: NetworkOptions) throws(PeerError) {
        let database: HuddleDatabase
        do { database = try HuddleDatabase(path: profile.folders.database) } catch { throw .store(StorageError(error)) }
        do {
            try self.init(profile: profile, database: database, options: options,
                          discovery: options.discovery ? Self.lanDiscovery(profile, options) : nil)
        } catch {
            throw PeerError(error)
        }
    }

    /// mDNS / DNS-SD discovery on the chosen (or usual) interfaces.
    static func lanDiscovery(_ profile: LocalProfile, _ options: NetworkOptions) -> DiscoveryMaker {
        let nickname = profile.config.nickname, id = profile.identity.peerID, interfaces = options.interfaces
        return { port in
            let configuration = DiscoveryConfiguration(nickname: nickname, peerID: id, port: UInt16(clamping: port),
                                                       interfaces: interfaces)
            return Discovery(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton)
        }
    }

    /// A peer for `profile`, storing in `database`; `discovery` makes what finds peers on the
    /// LAN (`nil` = static peers and known addresses only).
    init(profile: LocalProfile, database: HuddleDatabase, options: NetworkOptions,
         discovery: DiscoveryMaker? = nil, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.profile = profile
        let bus = EventBus()
        self.bus = bus
        let trust = TrustStore(database: database)
        directory = PeerDirectory(trust: trust, me: profile.identity.peerID, nickname: profile.config.nickname)
        sync = SyncEngine(identity: profile.identity, store: DocumentStore(database: database))
        sync.lobby = profile.config.lan
        presences.book.mine = profile.config.presence
        search = SearchHost(path: URL(fileURLWithPath: database.path).deletingLastPathComponent().appendingPathComponent("search.sqlite").path)
        let staleHints = StaleHints()
        var planner = DialPlanner(me: profile.identity.peerID, staticPeers: options.staticPeers)
        planner.lobby = profile.config.lan
        planner.fullMeshUpTo = profile.config.fullMeshUpTo
        dialing = Dialing(planner: planner)
        self.discovery = DiscoveryHost(make: discovery, interfacesChosen: !options.interfaces.isEmpty, staleHints: staleHints)
        let blocked = BlockedKeys() // filled by refreshRemembered in start(), before sessions are taken
        self.blocked = blocked
        let policy = StoreTrustPolicy(store: trust, report: { bus.yield($0) }, staleHints: staleHints, blocked: blocked)
        var settings = SessionManager.Settings(nickname: profile.config.nickname, port: options.port)
        settings.fallbackToAnyPort = !options.portIsExplicit
        settings.connectTimeout = .seconds(3)
        let tls = try SessionTLS(identity: profile.identity, policy: policy)
        sessions = SessionManager(identity: profile.identity, tls: tls, settings: settings, group: group)
        var transferSettings = TransferEngine.Settings(nickname: profile.config.nickname)
        // 256 KiB chunks: as fast as 1 MiB ones here, a quarter of the memory in flight.
        transferSettings.chunkSize = 256 << 10
        if profile.config.sendLimitMBps > 0 { transferSettings.maxBytesPerSecond = UInt64(profile.config.sendLimitMBps) * 1_000_000 }
        // A verified peer's offer is journaled as it arrives (listed after a restart); anyone
        // else's costs the disk nothing until accepted.
        transferSettings.journalsUnansweredOffers = { peer in
            do { return try trust.peer(peer)?.trust == .verified } catch { return false }
        }
        transfers = TransferEngine(tls: tls, settings: transferSettings, group: group,
                                   journal: TransferStore(database: database))
    }

    /// This peer's ID.
    public nonisolated var id: PeerID { profile.identity.peerID }

    /// This peer's events, in order, for its one reader (the TUI or the daemon's log).
    public nonisolated var events: AsyncStream<Event> { bus.events }

    /// Another stream of this peer's events, from now on (``events`` has one reader, the TUI or
    /// the daemon's log; control socket clients that follow a channel subscribe here).
    public nonisolated func subscribe() -> AsyncStream<Event> { bus.subscribe() }

    /// Starts listening, discovery and dialing. Returns the port sessions are accepted on.
    @discardableResult
    public func start() async throws -> Int {
        for problem in try sync.load() { bus.yield(.notice(problem)) }
        sync.names.setOwn(try NameCard(signing: profile.config.nickname, by: profile.identity,
                                       at: Date().millisecondsSince1970))
        dialing.planner.members = sync.workspaceMembers
        startSearchUpkeep()
        // Peers met once and never verified are forgotten after a month away.
        let forgotten = try directory.trust.forgetUnverified(lastSeenBefore: Date().addingTimeInterval(-Self.forgetUnverifiedAfter))
        if forgotten > 0 { bus.yield(.notice("forgot \(forgotten) peer(s) never verified and not seen for 30 days")) }
        try refreshRemembered()
        try await startTransfers()
        running.port = try await sessions.start()
        let requested = sessions.settings.port
        if requested != 0, running.port != requested {
            bus.yield(.notice("port \(requested) is taken: listening on \(running.port) instead (--port chooses one)"))
        }
        let sessionEvents = sessions.events
        running.tasks.append(Task { [weak self] in
            for await event in sessionEvents { await self?.handle(event) }
        })
        try await startDiscovery()
        running.tasks.append(Task { [weak self] in
            // Dial what is due, then sleep until the next dial is due or something changes.
            while !Task.isCancelled, let peer = self {
                let wakeAt = await peer.dialDue()
                await peer.sleep(until: wakeAt)
            }
        })
        return running.port
    }

    /// Says goodbye on the LAN, closes sessions, stops. Stopping again does nothing.
    public func stop() async {
        guard !running.stopped else { return }
        running.stopped = true
        codes.waiter?.resume(returning: .failure(.refused("huddle is stopping; the join by code did not finish")))
        codes.waiter = nil
        for task in running.tasks { task.cancel() }
        dialing.sleeper?.cancel()
        for event in sync.saveSnapshots(force: true) { publish(event) }
        await closeSearch()
        await transfers.stop()
        await discovery.service?.stop()
        await sessions.stop()
        bus.finish()
    }

    /// Dials one address now (tests; the CLI's `--peer` goes through the dial loop).
    func dialForTest(host: String, port: Int, expected: PeerID?) {
        sessions.dial(host: host, port: port, expected: expected)
    }
}

/// What a running peer keeps of its own life: its tasks, the port it listens on, whether it stopped.
struct Running: Sendable {
    var tasks: [Task<Void, Never>] = []
    var port = 0
    var stopped = false
}

/// LAN discovery: how to make it, and the service once it runs.
struct DiscoveryHost: Sendable {
    let make: Peer.DiscoveryMaker?
    /// Whether the user chose interfaces (then a failure to start is an error, not a notice).
    let interfacesChosen: Bool
    /// Announced addresses that answered with another key (stale or spoofed hints).
    let staleHints: StaleHints
    var service: (any DiscoveryService)?
}
