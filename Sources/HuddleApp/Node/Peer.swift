import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import NIOCore
import NIOPosix

/// One huddle peer as a whole: identity, trust store, sessions and discovery, wired together.
/// The TUI, the daemon and the CLI (through the control socket) all use it.
public actor Peer {
    /// What happened, for the TUI and the daemon's log.
    public enum Event: Sendable, Equatable {
        /// The list of peers changed.
        case peersChanged
        /// Something worth a line in a log or the status bar.
        case notice(String)
        /// A known peer answered with another key: its nickname, and the old and new peer IDs
        /// and fingerprints (to compare aloud before verifying the new key).
        case keyChanged(KeyChangeWarning)
        /// A peer speaks no protocol version this one speaks: someone must upgrade.
        case incompatible(String)
        /// A chat message appeared or was edited.
        case chat(ChatLine)
        /// A chat message was deleted: its document and ID.
        case chatDeleted(document: String, id: String)
        /// A note's text changed: what changed, in order, and where your caret is now.
        case noteChanged(NoteUpdate)
        /// A channel, note or direct conversation appeared, or unread counts changed.
        case documentsChanged
        /// A file transfer was offered, answered, progressed or ended.
        case transfer(TransferInfo)
    }

    let profile: LocalProfile
    let options: NetworkOptions
    let trust: TrustStore
    let documents: DocumentStore
    let transfers: TransferEngine
    var transferPort = 0
    var replicas: [String: Replica] = [:]
    var book = SyncBook()
    var readMarkers: [String: UInt64] = [:]
    /// Your caret in each note open in an editor, tied to its character.
    var carets: [String: Anchor] = [:]
    /// Notes as they were when handed to an external editor (`/edit`), to merge the result.
    var externalSnapshots: [String: TextDocument] = [:]
    /// Your own edits of each open note, to take back and redo.
    var undoHistory: [String: UndoHistory] = [:]
    /// Where your selection starts in each open note, if you have one.
    var selectionStarts: [String: Anchor] = [:]
    /// Teammates' carets (and selection starts) in notes, as their Presence messages said.
    var presence: [String: [PeerID: Anchor]] = [:]
    var presenceSelections: [String: [PeerID: Anchor]] = [:]
    /// Nicknames of authors, until the peer list changes.
    var nicknameMemo: [PeerID: String] = [:]
    let sessions: SessionManager
    let makeDiscovery: DiscoveryMaker?
    var discovery: (any DiscoveryService)?
    let group: EventLoopGroup
    /// Events, in order.
    public nonisolated let events: AsyncStream<Event>
    let continuation: EventBus

    var discovered: [PeerID: DiscoveredPeer] = [:]
    var discoveredAt: [PeerID: Date] = [:]
    var nextDial: [String: (at: Date, backoff: Double)] = [:]
    /// When each peer's last session ended: one that was just here is redialed every second
    /// for a while (a cut cable, a sleeping laptop), so a healed network reconnects at once.
    var lostAt: [PeerID: Date] = [:]
    /// How long a lost peer is redialed quickly.
    static let quickRedialFor: TimeInterval = 600
    /// The dial loop's sleep; cancelled to wake it early.
    var dialSleeper: Task<Void, Never>?
    var lastRefusal: [String: String] = [:]
    var tasks: [Task<Void, Never>] = []
    var listenPort = 0

    /// Makes LAN discovery once the listening port is known.
    public typealias DiscoveryMaker = @Sendable (_ port: Int) -> (any DiscoveryService)?

    /// A peer for `profile`, storing in `database`; `discovery` makes what finds peers on the
    /// LAN (`nil` = static peers and known addresses only).
    public init(profile: LocalProfile, database: HuddleDatabase, options: NetworkOptions,
                discovery: DiscoveryMaker? = nil, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.profile = profile
        self.options = options
        self.group = group
        makeDiscovery = discovery
        trust = TrustStore(database: database)
        documents = DocumentStore(database: database)
        let (events, main) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(1000))
        self.events = events
        let continuation = EventBus(main: main)
        self.continuation = continuation
        let policy = StoreTrustPolicy(store: trust) { continuation.yield($0) }
        var settings = SessionManager.Settings(nickname: profile.config.nickname, port: options.port)
        settings.connectTimeout = .seconds(3)
        let tls = try SessionTLS(identity: profile.identity, policy: policy)
        sessions = SessionManager(identity: profile.identity, tls: tls, settings: settings, group: group)
        var transferSettings = TransferEngine.Settings(nickname: profile.config.nickname)
        // 256 KiB chunks: as fast as 1 MiB ones here, a quarter of the memory in flight.
        transferSettings.chunkSize = 256 << 10
        if profile.config.sendLimitMBps > 0 { transferSettings.maxBytesPerSecond = UInt64(profile.config.sendLimitMBps) * 1_000_000 }
        transfers = TransferEngine(tls: tls, settings: transferSettings, group: group,
                                   journal: StoreTransferJournal(store: TransferStore(database: database)))
    }

    /// This peer's ID.
    public nonisolated var id: PeerID { profile.identity.peerID }

    /// Another stream of this peer's events, from now on (``events`` has one reader, the TUI or
    /// the daemon's log; control socket clients that follow a channel subscribe here).
    public nonisolated func subscribe() -> AsyncStream<Event> { continuation.subscribe() }

    /// Starts listening, discovery and dialing. Returns the port sessions are accepted on.
    @discardableResult
    public func start() async throws -> Int {
        try loadDocuments()
        try await startTransfers()
        listenPort = try await sessions.start()
        let sessionEvents = sessions.events
        tasks.append(Task { [weak self] in
            for await event in sessionEvents { await self?.handle(event) }
        })
        if let discovery = makeDiscovery?(listenPort) {
            do {
                try await discovery.start()
                self.discovery = discovery
                let found = discovery.events
                tasks.append(Task { [weak self] in
                    for await event in found { await self?.handle(event) }
                })
            } catch where options.interfaces.isEmpty {
                // Discovery is a convenience: without it static and known peers still work.
                continuation.yield(.notice("LAN discovery is off: \(error)"))
            }
        }
        tasks.append(Task { [weak self] in
            // Dial what is missing, then sleep until a dial is due or something changes: an
            // idle peer with everyone connected does not wake at all.
            while !Task.isCancelled, let peer = self {
                let due = await peer.dialMissing()
                await peer.sleepUntilDue(due)
            }
        })
        return listenPort
    }

    /// Says goodbye on the LAN, closes sessions, stops.
    public func stop() async {
        for task in tasks { task.cancel() }
        dialSleeper?.cancel()
        saveSnapshots(force: true)
        await transfers.stop()
        await discovery?.stop()
        await sessions.stop()
        continuation.finish()
    }

    // MARK: queries

    /// Every peer this one knows of, online first, then by nickname.
    public func peers() throws(StoreError) -> [PeerStatus] {
        let online = Dictionary(sessions.connectedPeers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [PeerID: PeerStatus] = [:]
        for known in try trust.peers() {
            guard let id = known.peerID else { continue }
            rows[id] = PeerStatus(id: known.id, shortID: id.short, nickname: known.nickname, online: false,
                                  trust: known.trust.rawValue, addresses: known.addressList, port: nil,
                                  discovered: false, lastSeen: known.lastSeen)
        }
        for (id, peer) in discovered {
            var row = rows[id] ?? PeerStatus(id: id.description, shortID: id.short, nickname: peer.nickname, online: false,
                                             trust: "new", addresses: [], port: nil, discovered: true, lastSeen: nil)
            row.discovered = true
            row.port = Int(peer.port)
            row.addresses = peer.addresses.map { Self.join(host: $0, port: Int(peer.port)) } + row.addresses.filter { address in
                !peer.addresses.contains { address.hasPrefix($0) }
            }
            rows[id] = row
        }
        for (id, session) in online {
            var row = rows[id] ?? PeerStatus(id: id.description, shortID: id.short, nickname: session.nickname, online: true,
                                             trust: "known", addresses: [session.address], port: session.listenPort,
                                             discovered: false, lastSeen: Date().timeIntervalSince1970)
            row.online = true
            row.nickname = session.nickname
            row.port = session.listenPort
            rows[id] = row
        }
        return rows.values.sorted { ($0.online ? 0 : 1, $0.nickname, $0.id) < ($1.online ? 0 : 1, $1.nickname, $1.id) }
    }

    /// This peer's own status.
    public func status() throws(StoreError) -> NodeStatus {
        let counters = discovery?.counters
        return NodeStatus(id: id.description, shortID: id.short, nickname: profile.config.nickname, port: listenPort,
                          sessions: sessions.connectedPeers.count, workspaces: ["lan"], discovery: discovery != nil,
                          keyChanges: try trust.unresolvedKeyChanges().count,
                          mdnsPacketsSent: counters?.packetsSent, mdnsPacketsReceived: counters?.packetsReceived,
                          mdnsPacketsDropped: counters?.packetsDropped, documents: replicas.count,
                          changesReceived: book.received, changesRefused: book.refused,
                          quarantined: try documents.quarantinedCount())
    }

    /// Marks the peer `name` (nickname or ID) verified or blocked; a blocked peer's session ends.
    public func setTrust(_ level: TrustLevel, for name: String) throws(StoreError) -> PeerID {
        // A peer whose session came up a moment ago may not be in the store yet: add it.
        for session in sessions.connectedPeers where session.nickname == name || session.id.description.hasPrefix(name.uppercased()) {
            if try trust.peer(session.id) == nil {
                try trust.recordSession(publicKey: session.publicKey, nickname: session.nickname, address: nil, at: Date())
            }
        }
        let id = try trust.resolve(name)
        try trust.setTrust(level, for: id)
        if level == .blocked { sessions.block(id) }
        continuation.yield(.peersChanged)
        return id
    }

    /// Dials one address now (tests; the CLI's `--peer` goes through the dial loop).
    func dialForTest(host: String, port: Int, expected: PeerID?) {
        sessions.dial(host: host, port: port, expected: expected)
    }

    // MARK: events

    func handle(_ event: SessionEvent) {
        switch event {
        case let .established(peer):
            let host = peer.address.hasPrefix("[") ? String(peer.address.dropFirst().prefix { $0 != "]" })
                : String(peer.address.prefix { $0 != ":" })
            let address = Self.join(host: host, port: peer.listenPort)
            do {
                try trust.recordSession(publicKey: peer.publicKey, nickname: peer.nickname, address: address, at: Date())
            } catch {
                continuation.yield(.notice("could not record \(peer.id.short): \(error)"))
            }
            nextDial[address] = nil
            lastRefusal = lastRefusal.filter { !$0.key.hasSuffix(":\(peer.listenPort)") }
            continuation.yield(.notice("session with \(peer.nickname) (\(peer.id.short)) at \(peer.address)"))
            continuation.yield(.peersChanged)
            nicknameMemo = [:]
            if peer.capabilities.contains("sync.v1") { sendSyncState(to: peer.id) }
            resumeTransfers(to: peer)
        case let .closed(id, reason):
            book.forget(id)
            lostAt[id] = Date()
            forgetPresence(of: id)
            wakeDialer()
            continuation.yield(.notice("session with \(id.short) ended: \(reason)"))
            continuation.yield(.peersChanged)
        case let .refused(address, reason, incompatible):
            if incompatible, lastRefusal[address] != reason {
                continuation.yield(.incompatible("\(address): \(reason)"))
            }
            // Dialing retries with back-off; say each reason once until it changes.
            if lastRefusal[address] != reason {
                lastRefusal[address] = reason
                continuation.yield(.notice("no session with \(address): \(reason)"))
            }
        case let .message(peer, message):
            handleSync(message, from: peer)
            sessions.consumed(from: peer)
        case let .malformed(peer, error):
            if error != .unknownKind {
                book.refused += 1
                continuation.yield(.notice("refused a message from \(peer.short): \(error)"))
            }
            sessions.consumed(from: peer)
        case let .writable(peer):
            if let documents = book.behind.removeValue(forKey: peer) { catchUp(peer, on: Array(documents)) }
        }
    }

    func handle(_ event: DiscoveryEvent) {
        switch event {
        case let .found(peer) where peer.id != id:
            if discovered[peer.id] == nil { discoveredAt[peer.id] = Date() }
            discovered[peer.id] = peer
        case let .lost(peerID):
            discovered[peerID] = nil
            discoveredAt[peerID] = nil
        default:
            return
        }
        wakeDialer()
        continuation.yield(.peersChanged)
    }

    /// Sleeps `seconds` (nil: until woken), or until ``wakeDialer()``.
    func sleepUntilDue(_ seconds: Double?) async {
        let sleeper = Task { _ = try? await Task.sleep(for: .milliseconds(Int((seconds ?? 3600) * 1000))) }
        dialSleeper = sleeper
        await sleeper.value
    }

    /// Wakes the dial loop: peers appeared or left, or trust changed.
    func wakeDialer() {
        dialSleeper?.cancel()
    }

    /// Dials peers that have no session: discovered ones (the smaller ID dials; the other
    /// side too if nothing came after 3 s), static peers, and known peers' last addresses.
    /// Blocked peers are never dialed. Returns the seconds until the next dial is due (nil:
    /// none is, until something changes).
    func dialMissing() -> Double? {
        let connected = Set(sessions.connectedPeers.map(\.id))
        let known = (try? trust.peers()) ?? []
        let blocked = Set(known.filter { $0.trust == .blocked }.compactMap(\.peerID))
        let now = Date()
        var targets: [(address: String, expected: PeerID?)] = []
        var due: Double?
        func wake(in seconds: Double) { due = min(due ?? seconds, max(0.05, seconds)) }
        for (peerID, peer) in discovered where !connected.contains(peerID) && !blocked.contains(peerID) {
            let waited = now.timeIntervalSince(discoveredAt[peerID] ?? now)
            guard id < peerID || waited > 3 else {
                wake(in: 3.05 - waited)
                continue
            }
            for host in peer.addresses { targets.append((Self.join(host: host, port: Int(peer.port)), peerID)) }
        }
        for address in options.staticPeers { targets.append((address, nil)) }
        for peer in known where peer.trust != .blocked {
            guard let peerID = peer.peerID, !connected.contains(peerID), discovered[peerID] == nil else { continue }
            for address in peer.addressList.prefix(2) { targets.append((address, peerID)) }
        }
        let connectedAddresses = Set(sessions.connectedPeers.map(\.address))
        for target in targets where !connectedAddresses.contains(target.address) {
            if target.expected == nil, staticPeerIsConnected(target.address) { continue }
            if let next = nextDial[target.address], next.at > now {
                wake(in: next.at.timeIntervalSince(now))
                continue
            }
            let recentlyLost = target.expected.flatMap { lostAt[$0] }.map { now.timeIntervalSince($0) < Self.quickRedialFor } ?? false
            let backoff = min(recentlyLost ? 1 : 30, (nextDial[target.address]?.backoff ?? 0.5) * 2)
            nextDial[target.address] = (now.addingTimeInterval(backoff), backoff)
            wake(in: backoff)
            guard let (host, port) = NetworkOptions.parse(address: target.address) else { continue }
            sessions.dial(host: host, port: port, expected: target.expected)
        }
        return due
    }

    /// Whether a session already runs with the peer at a static address (matched by the
    /// address it listens on).
    func staticPeerIsConnected(_ address: String) -> Bool {
        guard let (host, port) = NetworkOptions.parse(address: address) else { return false }
        return sessions.connectedPeers.contains { peer in
            peer.listenPort == port && (peer.address.hasPrefix(host + ":") || peer.address.hasPrefix("[\(host)]:"))
        }
    }

    static func join(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// What the user is told when a known peer answers with another key.
public struct KeyChangeWarning: Equatable, Sendable {
    /// The nickname the known key had.
    public var nickname: String
    /// The known peer ID and its fingerprint.
    public var oldID: String, oldFingerprint: String
    /// The peer ID that answered instead and its fingerprint.
    public var newID: String, newFingerprint: String

    /// A warning from its parts.
    public init(nickname: String, oldID: String, oldFingerprint: String, newID: String, newFingerprint: String) {
        self.nickname = nickname
        self.oldID = oldID
        self.oldFingerprint = oldFingerprint
        self.newID = newID
        self.newFingerprint = newFingerprint
    }

    /// The short form of the new ID, as `trust` and `/verify` take it.
    public var newShortID: String { String(newID.prefix(7)) }

    /// One line for a log or a status bar; `remedy` says how to accept or refuse the new key.
    public func message(remedy: String) -> String {
        "KEY CHANGED: \(nickname) was \(oldID.prefix(7)) (fingerprint \(oldFingerprint)), now \(newShortID) "
            + "(fingerprint \(newFingerprint)); refused until you \(remedy)"
    }
}
