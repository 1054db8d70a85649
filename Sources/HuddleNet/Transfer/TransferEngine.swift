#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HuddleCore
import NIOCore
import NIOPosix

/// Sends and receives files and folders, each transfer on its own TLS 1.3 connection.
///
/// The owner (the app's `Peer`) calls ``offer(to:host:port:paths:)`` to send, answers
/// ``TransferEvent/offered(_:)`` with ``accept(_:into:applyExecutableBits:)`` or ``reject(_:)``,
/// can ``cancel(_:)`` either way and ``resume(_:)`` what it sends, and follows ``events``.
/// File I/O and hashing run on a thread pool, never on the event loops or the cooperative pool.
public actor TransferEngine {
    /// Tunables; the defaults suit a LAN.
    public struct Settings: Sendable {
        /// This peer's nickname, shown to receivers (a hint).
        public var nickname: String
        /// Chunk size for offers this side makes.
        public var chunkSize = 1 << 20
        /// How long an offer waits for an answer.
        public var offerLifetime: Duration = .seconds(600)
        /// Free space kept in reserve beyond what an offer needs.
        public var spaceReserve: UInt64 = 16 << 20
        /// Limits on offers, both ways.
        public var limits = TransferLimits.standard
        /// How long to wait for a TCP connection.
        public var connectTimeout: TimeAmount = .seconds(5)
        /// How long a new connection may take to send its offer.
        public var firstMessageTimeout: TimeAmount = .seconds(15)
        /// Send at most this many bytes per second per transfer (nil: as fast as possible).
        public var maxBytesPerSecond: UInt64?
        /// The shortest time between two progress events of one transfer.
        public var progressInterval: Duration = .milliseconds(200)
        /// The longest time progress goes unsaved in the journal (what a `kill -9` can cost).
        public var journalInterval: Duration = .seconds(1)
        /// The longest a received file waits for the rest of its batch before the batch is
        /// moved into place (``FileReceiver/batchDelay``; tests make it longer).
        public var batchWait: Duration = FileReceiver.batchDelay
        /// Ended transfers stay listed (and journaled) this long after they ended: 30 days.
        public var keepEnded: Duration = .seconds(30 * 86_400)
        /// An interrupted incoming transfer waits this long for its sender to resume it, then
        /// fails and its partial files are removed: 7 days.
        public var keepInterrupted: Duration = .seconds(7 * 86_400)

        /// Most transfer connections one host may hold open to this peer, and most in all.
        public var maxConnectionsPerHost = 16, maxConnections = 128
        /// How fast one host may open transfer connections: a burst, then so many per second.
        public var connectionRate = ConnectionRate(burst: 32, perSecond: 4)
        /// Most offers waiting for an answer from one peer, and from all peers.
        public var maxWaitingOffersPerPeer = 8, maxWaitingOffers = 64
        /// Most bytes of offers (their file lists) waiting from one peer, and from all peers.
        public var maxWaitingOfferBytesPerPeer = 16 << 20, maxWaitingOfferBytes = 64 << 20
        /// Whether an offer from this peer is journaled before it is answered (then it is
        /// listed as failed after a restart). By default none is: an offer costs the disk
        /// nothing until it is accepted (the app journals verified peers' offers at once).
        public var journalsUnansweredOffers: @Sendable (PeerID) -> Bool = { _ in false }

        /// Settings with the defaults.
        public init(nickname: String) { self.nickname = nickname }
    }

    /// Everything that happens, in order.
    public nonisolated let events: AsyncStream<TransferEvent>
    nonisolated let continuation: AsyncStream<TransferEvent>.Continuation
    /// What this side runs with.
    public nonisolated let settings: Settings
    nonisolated let tls: SessionTLS
    nonisolated let group: EventLoopGroup
    nonisolated let pool: NIOThreadPool
    nonisolated let umask: mode_t
    let clock = ContinuousClock()
    let epoch: ContinuousClock.Instant
    var records: [OfferID: TransferRecord] = [:]
    var listener: NIOAsyncChannel<TransferConnection, Never>?
    var generator = SystemRandomNumberGenerator()
    /// Where transfers outlive a restart, if anywhere.
    nonisolated let journal: (any TransferJournal)?
    var journalTail: Task<Void, Never>?
    var journalClosed = false
    /// Set when the engine stops: no more files are moved into place, so the journal, saved
    /// last, describes the disk.
    var stopping = false
    /// Batches of received files being moved into place right now.
    var commitsInFlight = 0

    /// An engine securing its connections with `tls` (the same identity and trust policy as
    /// sessions), on `group`, doing file I/O on `pool`, keeping its transfers in `journal`
    /// (if any) so they resume after a restart.
    public init(tls: SessionTLS, settings: Settings, group: EventLoopGroup, pool: NIOThreadPool = .singleton,
                journal: (any TransferJournal)? = nil) {
        self.tls = tls
        self.journal = journal
        self.settings = settings
        self.group = group
        self.pool = pool
        let mask = Glibc.umask(0o022)
        Glibc.umask(mask)
        umask = mask
        epoch = clock.now
        (events, continuation) = AsyncStream.makeStream(of: TransferEvent.self, bufferingPolicy: .bufferingNewest(100_000))
    }

    /// Loads the journal's transfers (running ones become interrupted, to resume), then
    /// listens for transfer connections on `host:port` (0: any free port); returns the port.
    public func start(host: String = "::", port: Int = 0) async throws -> Int {
        try await restoreFromJournal()
        let server = try await TransferConnection.listen(group: group, tls: tls, host: host, port: port,
                                                         limiter: ConnectionLimiter(perHost: settings.maxConnectionsPerHost,
                                                                                    total: settings.maxConnections,
                                                                                    rate: settings.connectionRate))
        listener = server
        Task { [weak self] in
            try? await server.executeThenClose { connections in
                for try await connection in connections {
                    guard let self else { return }
                    Task { await self.serve(connection) }
                }
            }
        }
        return server.channel.localAddress?.port ?? port
    }

    /// Saves the running transfers to the journal, stops listening and cuts every transfer
    /// still running (partial files stay, to resume, here or after a restart).
    public func stop() async {
        await closeJournal(savingRunning: true)
        try? await listener?.channel.close()
        for record in records.values { try? await record.channel?.close() }
        continuation.finish()
    }

    /// Every transfer this engine knows, oldest first is not guaranteed: sort as needed.
    public func transfers() -> [TransferSummary] {
        let now = clock.now
        return records.values.map { $0.summary(at: now) }
    }

    /// One transfer.
    public func transfer(_ id: OfferID) -> TransferSummary? {
        records[id]?.summary(at: clock.now)
    }

    /// Accepts an incoming offer into `folder` (which must exist). Checks free space first;
    /// top-level folders of the offer are created now, under never-overwrite names.
    public func accept(_ id: OfferID, into folder: String, applyExecutableBits: Bool = false) async throws(TransferError) {
        guard var record = records[id], record.direction == .incoming else { throw .unknownTransfer(id) }
        guard record.state == .offered, let decision = record.decision else { throw .notAllowed("transfer \(id.short) is not waiting for an answer") }
        let offer = record.offer, reserve = settings.spaceReserve
        let plan: ReceivePlan
        do {
            plan = try await pool.runIfActive { try Self.preparePlan(offer: offer, folder: folder, applyExecutableBits: applyExecutableBits, reserve: reserve) }
        } catch let error as TransferError {
            throw error
        } catch {
            throw .notAllowed("\(error)")
        }
        guard records[id]?.decision != nil else { throw .notAllowed("transfer \(id.short) is not waiting for an answer") }
        record = records[id]!
        record.decision = nil
        record.plan = plan
        records[id] = record
        decision.resume(returning: .accept(plan))
    }

    /// Rejects an incoming offer.
    public func reject(_ id: OfferID) throws(TransferError) {
        guard let record = records[id], record.direction == .incoming else { throw .unknownTransfer(id) }
        guard decide(id, .reject) else { throw .notAllowed("transfer \(id.short) is not waiting for an answer") }
        _ = record
    }

    /// Cancels a transfer in either direction: the peer is told, the connection closed, and
    /// the receiver removes the partial file.
    public func cancel(_ id: OfferID) throws(TransferError) {
        guard let record = records[id] else { throw .unknownTransfer(id) }
        guard !record.state.isFinal else { throw .notAllowed("transfer \(id.short) is already \(record.state.name)") }
        if record.direction == .incoming, decide(id, .reject) { return }
        transition(id, .cancel, event: .cancelled(id, byPeer: false))
        if let channel = record.channel {
            channel.writeAndFlush(TransferMessage.frame(.refusal(.cancelled, "\(settings.nickname) cancelled the transfer")))
                .whenComplete { _ in channel.close(promise: nil) }
        } else if record.direction == .incoming, let part = record.plan?.partPath {
            FileIO.remove(part)
        }
    }

    /// Resolves the offer's top-level folders to fresh folders in `folder`, after checking it
    /// is a folder with room for the offer. Blocking.
    static func preparePlan(offer: TransferOffer, folder: String, applyExecutableBits: Bool, reserve: UInt64) throws -> ReceivePlan {
        guard let root = FileIO.canonical(folder), let info = try FileIO.status(root), FileIO.isDirectory(info) else {
            throw TransferError.notAFolder(path: folder)
        }
        let available = try FileIO.availableBytes(at: root)
        let needed = offer.totalBytes.addingReportingOverflow(reserve).partialValue
        guard available >= needed else { throw TransferError.notEnoughSpace(needed: offer.totalBytes, available: available) }
        var folders: [String: String] = [:]
        for file in offer.files where file.path.components.count > 1 && folders[file.path.top] == nil {
            let created = try FileIO.atFreeName(file.path.top, in: root, isDirectory: true, operation: "mkdir") { path throws(TransferError) in
                try FileIO.makeDirectory(path) ? path : nil
            }
            folders[file.path.top] = String(created.dropFirst(root.count + 1))
        }
        return ReceivePlan(directory: root, folders: folders, applyExecutableBits: applyExecutableBits)
    }

    /// Applies `transition` and emits `event` if it was allowed; returns whether it was.
    @discardableResult
    func transition(_ id: OfferID, _ transition: TransferState.Transition, event: TransferEvent?) -> Bool {
        guard var record = records[id], let next = try? record.state.applying(transition) else { return false }
        record.state = next
        records[id] = record
        persist(id)
        if let event { continuation.yield(event) }
        return true
    }

    /// Records progress (`filesDone` nil: unchanged); emits an event at most every `progressInterval` (and always when `force`).
    func progressed(_ id: OfferID, bytes: UInt64, filesDone: Int?, force: Bool = false) {
        guard var record = records[id], !record.state.isFinal else { return }
        let now = clock.now
        record.meter.record(bytes: bytes, at: (now - epoch).inSeconds)
        let files = filesDone ?? record.state.progress?.filesDone ?? 0
        let progress = TransferProgress(bytesDone: bytes, bytesTotal: record.offer.totalBytes, filesDone: files, filesTotal: record.offer.fileCount)
        guard let next = try? record.state.applying(.progress(progress)) else { return }
        record.state = next
        let due = force || record.lastProgress.map { now - $0 >= settings.progressInterval } ?? true
        if due { record.lastProgress = now }
        records[id] = record
        persist(id, force: false)
        if due {
            let rate = record.meter.bytesPerSecond
            continuation.yield(.progress(id, progress, bytesPerSecond: rate, secondsLeft: record.meter.secondsLeft(remaining: progress.bytesRemaining)))
        }
    }

    /// Keeps the plan of an incoming transfer after a commit, and reports its new files. The
    /// journal hears of them with the progress: it has the moves already (``journalCommit``).
    func filesDone(_ id: OfferID, paths: [String], plan: ReceivePlan) {
        records[id]?.plan = plan
        records[id]?.completedPaths += paths
        persist(id, force: false)
        for path in paths { continuation.yield(.fileDone(id, path: path)) }
    }

    /// Keeps the plan of an incoming transfer whose finished files are about to be moved into
    /// place, and waits until the journal has the moves (see ``TransferCommitIntent``).
    /// Offers of more than ``journalEveryCommitUpTo`` files skip the wait: they are journaled
    /// with the progress.
    func journalCommit(_ id: OfferID, plan: ReceivePlan) async {
        records[id]?.plan = plan
        guard (records[id]?.offer.fileCount ?? 0) <= Self.journalEveryCommitUpTo else { return }
        persist(id)
        await journalTail?.value
    }

    /// Offers of up to this many files are journaled before every batch of files is moved
    /// into place (a batch is at most ``FileReceiver/batchFiles`` files); bigger ones with the
    /// progress, since each save writes the list of files done.
    static let journalEveryCommitUpTo = 4096

    /// Whether a batch of received files may be moved into place now (not while stopping);
    /// each `true` must be followed by ``endCommit()``.
    func beginCommit() -> Bool {
        guard !stopping else { return false }
        commitsInFlight += 1
        return true
    }

    func endCommit() { commitsInFlight -= 1 }

    func fileDone(_ id: OfferID, path: String) {
        records[id]?.completedPaths.append(path)
        persist(id, force: everyFileJournaled(id))
        continuation.yield(.fileDone(id, path: path))
    }

    func attach(_ id: OfferID, channel: Channel?) {
        records[id]?.channel = channel
    }

    func state(of id: OfferID) -> TransferState? { records[id]?.state }

    func outgoingRecord(_ id: OfferID) -> TransferRecord? { records[id] }

    /// Keeps an incoming transfer's plan; journals it when a partial file was created or a
    /// file completed (at once for offers of few files, else with the progress).
    func save(_ id: OfferID, plan: ReceivePlan) {
        let old = records[id]?.plan
        records[id]?.plan = plan
        if old?.partPath != plan.partPath || old?.filesDone != plan.filesDone || old?.strayParts != plan.strayParts {
            persist(id, force: everyFileJournaled(id))
        }
    }

    /// Keeps an incoming transfer's plan and reports its progress (one call per message).
    func received(_ id: OfferID, plan: ReceivePlan, bytes: UInt64) {
        save(id, plan: plan)
        progressed(id, bytes: bytes, filesDone: nil)
    }

    /// Whether each new partial file is journaled at once. An entry grows with the offer, so
    /// for offers of many (small) files that would cost more than the transfer; they are
    /// journaled with the progress instead, and a `kill -9` may then leave partial files of
    /// the last `journalInterval` that the journal does not know (inside folders the transfer
    /// created a resume finds and removes them; next to the target folder's own files they
    /// stay). Moves into place are journaled apart from this (``journalCommit``).
    func everyFileJournaled(_ id: OfferID) -> Bool {
        (records[id]?.offer.fileCount ?? 0) <= Self.journalEveryFileUpTo
    }

    /// See ``everyFileJournaled(_:)``.
    static let journalEveryFileUpTo = 16
}

extension TransferEngine {
    /// Cuts a transfer's connection without a word, as a network failure would (tests only).
    func closeConnectionForTesting(_ id: OfferID) async {
        try? await records[id]?.channel?.close()
    }

    /// Stops as `kill -9` would: nothing more reaches the journal, connections are cut
    /// (tests only).
    func abandonForTesting() async {
        await closeJournal(savingRunning: false)
        try? await listener?.channel.close()
        for record in records.values { try? await record.channel?.close() }
        continuation.finish()
    }

    /// The partial file of an incoming transfer (tests only).
    func partPathForTesting(_ id: OfferID) -> String? {
        records[id]?.plan?.partPath
    }
}
