import HuddleCore
import NIOCore

/// The whole of huddle's mDNS responder and browser, without I/O (RFC 6762, RFC 6763).
///
/// The transport feeds it packets (``receive(_:on:from:port:now:)``), interface lists
/// (``setInterfaces(_:now:)``) and the time (``advance(now:)``); it answers with datagrams
/// to send, peer events and counters. Every decision takes the time as a value, so tests
/// run minutes of protocol in milliseconds.
public struct MDNSEngine: Sendable {
    /// Our names and records.
    public internal(set) var names: MDNSServiceNames
    /// Probe and announce schedule.
    public internal(set) var prober = MDNSProber()
    /// Records heard from others.
    public internal(set) var cache = MDNSCache()
    /// Counters.
    public internal(set) var counters = DiscoveryCounters()
    /// The peers currently visible, by ID.
    public internal(set) var peerView: [PeerID: DiscoveredPeer] = [:]

    var interfaces: [Int: MDNSInterface] = [:]
    var random: SplitMix64
    let maxPacketBytes: Int
    var pending: [MDNSLink: [PendingAnswer]] = [:]
    var lastMulticast: [MDNSLink: [RecordKey: NIODeadline]] = [:]
    var browse: [MDNSLink: BrowseSchedule] = [:]
    var linkAnnouncements: [MDNSLink: LinkAnnouncement] = [:]
    var recentlySent: [MDNSLink: [SentPacket]] = [:]
    var outbox: [MDNSDatagram] = []
    var events: [DiscoveryEvent] = []
    /// Our records per interface index, and all of them as keys: rebuilt when interfaces
    /// or names change, since every packet is checked against them.
    var ownRecordsByInterface: [Int: [DNSRecord]] = [:]
    var ownKeys: Set<RecordKey> = []
    /// The peers the cache describes, kept per changed name.
    var index = MDNSPeerIndex()
    /// Peers this one knows (remembered or workspace members): always listed; others are
    /// listed up to ``MDNSLimits/maxStrangers`` (set by the app as it learns of peers).
    public var knownPeers: Set<PeerID> = []
    /// The listed peers that are not in ``knownPeers``, with when each was last heard.
    var listedStrangers: [PeerID: NIODeadline] = [:]
    /// Per-source limits on what a host's packets may cost.
    var rates = SourceRates()
    /// When browsing last started over after records expired.
    var lastBrowseRestart: NIODeadline?

    struct RecordKey: Hashable, Sendable {
        var name: DNSName
        var data: DNSRecordData
        init(_ record: DNSRecord) { name = record.name; data = record.data }
    }

    struct SentPacket: Sendable {
        var bytes: [UInt8]
        var at: NIODeadline
    }

    struct BrowseSchedule: Sendable {
        var next: NIODeadline
        var interval: TimeAmount
    }

    struct LinkAnnouncement: Sendable {
        var remaining: Int
        var next: NIODeadline
    }

    /// Token buckets per source address: packets, and new instances announced.
    struct SourceRates: Sendable {
        /// An mDNS responder sends a few packets a second, but on a LAN of 60 that all start
        /// at once it answers each one's first queries: 200 a second after a burst of 400
        /// leaves it room, and cuts a flood to what costs the engine a few milliseconds.
        var packets = ConnectionRate(burst: 400, perSecond: 200, maxHosts: 1024)
        /// A host announces one instance (two around a rename): 8, then 1 a second.
        var newInstances = ConnectionRate(burst: 8, perSecond: 1, maxHosts: 1024)
    }

    /// An engine for `configuration`; `seed` fixes its random delays (tests).
    public init(configuration: DiscoveryConfiguration, random: SplitMix64 = SplitMix64(),
                maxPacketBytes: Int = MDNSLimits.preferredPacketBytes) {
        names = MDNSServiceNames(nickname: configuration.nickname, peerID: configuration.peerID, port: configuration.port)
        self.random = random
        self.maxPacketBytes = maxPacketBytes
    }

    /// The links (sockets) the engine expects.
    public var links: [MDNSLink] { interfaces.values.flatMap(\.links) }

    /// The interface of a link, if known.
    public func interface(_ index: Int) -> MDNSInterface? { interfaces[index] }

    /// Starts probing and browsing.
    public mutating func start(now: NIODeadline) {
        guard prober.phase == .idle else { return }
        prober.start(now: now, random: &random)
        for link in links { startBrowsing(on: link, now: now) }
    }

    /// Replaces the interface list. New links start browsing (and are announced on if
    /// the names are ours); an interface whose addresses changed is announced again, with
    /// goodbyes for addresses it lost; a removed interface's cache entries go.
    public mutating func setInterfaces(_ list: [MDNSInterface], now: NIODeadline) {
        let old = interfaces
        interfaces = Dictionary(list.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        rebuildOwnRecords()
        for (index, interface) in old where interfaces[index] == nil {
            for link in interface.links { forget(link) }
            cache.removeAll(interfaceIndex: index)
        }
        for interface in list {
            let before = old[interface.index]
            for link in interface.links where before?.links.contains(link) != true {
                if prober.phase != .idle { startBrowsing(on: link, now: now) }
                if prober.ownsNames { linkAnnouncements[link] = LinkAnnouncement(remaining: MDNSTiming.announceCount, next: now) }
            }
            for link in before?.links ?? [] where !interface.links.contains(link) { forget(link) }
            if let before, before != interface, prober.ownsNames {
                let kept = Set(names.uniqueRecords(on: interface).map(RecordKey.init))
                let lost = names.uniqueRecords(on: before, ttl: 0).filter { !kept.contains(RecordKey($0)) }
                for link in interface.links {
                    if !lost.isEmpty { send(MDNSPacketSplitter.response(answers: lost, maxBytes: maxPacketBytes), on: link, now: now) }
                    linkAnnouncements[link] = LinkAnnouncement(remaining: MDNSTiming.announceCount, next: now)
                }
            }
        }
        updatePeers()
    }

    private mutating func forget(_ link: MDNSLink) {
        pending[link] = nil
        lastMulticast[link] = nil
        browse[link] = nil
        linkAnnouncements[link] = nil
        recentlySent[link] = nil
    }

    /// Handles one received packet. Own packets, off-link sources and malformed packets
    /// are dropped and counted; nothing a peer sends can make this trap.
    public mutating func receive(_ bytes: [UInt8], on link: MDNSLink, from source: [UInt8], port: UInt16, now: NIODeadline) {
        counters.packetsReceived += 1
        guard let interface = interfaces[link.interfaceIndex] else { return drop() }
        if isOwnPacket(bytes, on: link, now: now) {
            counters.ownPackets += 1
            return
        }
        guard interface.isOnLink(source) else {
            counters.offLink += 1
            return drop()
        }
        let sender = MDNSAddressText.format(source)
        guard rates.packets.admit(sender, at: Double(now.uptimeNanoseconds) / 1e9) else {
            counters.rateLimited += 1
            return drop()
        }
        let message: DNSMessage
        do {
            message = try DNSMessage(decoding: bytes)
        } catch {
            counters.malformed += 1
            return drop()
        }
        // §18.3, §18.11: opcode and rcode other than 0 are ignored.
        guard message.opcode == 0, message.responseCode == 0 else { return drop() }
        if message.isResponse {
            // §11: responses from a port other than 5353 are not genuine mDNS.
            guard port == 5353 else { return drop() }
            handleResponse(message, on: link, from: sender, now: now)
        } else {
            handleQuery(message, on: link, from: source, port: port, now: now)
        }
        updatePeers()
    }

    mutating func drop() { counters.packetsDropped += 1 }

    /// Content comparison: a packet identical to one we sent on this link in the last two
    /// seconds is our own echo (on `lo` every sender is 127.0.0.1, so addresses cannot tell).
    /// Each sent packet matches one echo; an identical packet from another host is then
    /// handled normally, which is harmless since its content is the same.
    mutating func isOwnPacket(_ bytes: [UInt8], on link: MDNSLink, now: NIODeadline) -> Bool {
        for key in recentlySent.keys {
            recentlySent[key]!.removeAll { now - $0.at > MDNSTiming.ownPacketMemory }
        }
        if let index = recentlySent[link]?.firstIndex(where: { $0.bytes == bytes }) {
            recentlySent[link]!.remove(at: index)
            return true
        }
        // The same LAN reached through a second interface of ours.
        return recentlySent.contains { $0.key.family == link.family && $0.value.contains { $0.bytes == bytes } }
    }

    /// Everything due at `now`: probes, announcements, answers, queries. Call it after each
    /// input and whenever ``nextDeadline`` passes.
    public mutating func advance(now: NIODeadline) -> [MDNSDatagram] {
        guard prober.phase != .stopped else { return [] }
        runProber(now: now)
        sendLinkAnnouncements(now: now)
        sendDueAnswers(now: now)
        sendQueries(now: now)
        if cache.expire(now: now).contains(where: { !$0.isGone && $0.record.name.isChild(of: MDNSServiceNames.serviceType) }) {
            browseAgain(now: now)
        }
        updatePeers()
        let out = outbox
        outbox = []
        counters.packetsSent += out.count
        return out
    }

    /// Starts every link's browse over (a first query in 20-120 ms, then 1 s, 2 s, ...), unless
    /// it started over less than ``MDNSTiming/requeryAfterExpiry`` ago.
    mutating func browseAgain(now: NIODeadline) {
        if let last = lastBrowseRestart, now - last < MDNSTiming.requeryAfterExpiry { return }
        lastBrowseRestart = now
        for link in links where browse[link] != nil { startBrowsing(on: link, now: now) }
    }

    /// When ``advance(now:)`` next has something to do.
    public var nextDeadline: NIODeadline? {
        guard prober.phase != .stopped else { return nil }
        let candidates: [NIODeadline?] = [
            prober.nextAction, cache.nextDeadline,
            pending.values.flatMap { $0 }.map(\.due).min(),
            browse.values.map(\.next).min(),
            linkAnnouncements.values.map(\.next).min(),
        ]
        return candidates.compactMap { $0 }.min()
    }

    /// Goodbyes (every record with TTL 0) on every link, if our names were announced, and
    /// nothing more after that.
    public mutating func stop(now: NIODeadline) -> [MDNSDatagram] {
        if prober.ownsNames {
            for link in links {
                guard let interface = interfaces[link.interfaceIndex] else { continue }
                send(MDNSPacketSplitter.response(answers: names.allRecords(on: interface, ttl: 0), maxBytes: maxPacketBytes),
                     on: link, now: now)
            }
        }
        prober.stop()
        pending = [:]
        let out = outbox
        outbox = []
        counters.packetsSent += out.count
        return out
    }

    /// Peer events since the last call.
    public mutating func takeEvents() -> [DiscoveryEvent] {
        defer { events = [] }
        return events
    }

    /// Queues packets on a link and remembers them to recognise their echoes.
    mutating func send(_ messages: [DNSMessage], on link: MDNSLink, to destination: MDNSDatagram.Destination = .multicast,
                       now: NIODeadline) {
        for message in messages {
            let bytes = message.encoded()
            outbox.append(MDNSDatagram(link: link, destination: destination, bytes: bytes))
            if case .multicast = destination {
                recentlySent[link, default: []].append(SentPacket(bytes: bytes, at: now))
                if recentlySent[link]!.count > 64 { recentlySent[link]!.removeFirst() }
            }
        }
    }

    /// Notes that records were multicast on a link now (for the §6.2 rate limit).
    mutating func noteMulticast(_ records: [DNSRecord], on link: MDNSLink, now: NIODeadline) {
        for record in records { lastMulticast[link, default: [:]][RecordKey(record)] = now }
    }

    /// Whether a record may be multicast on a link now.
    func mayMulticast(_ record: DNSRecord, on link: MDNSLink, now: NIODeadline, limit: TimeAmount = MDNSTiming.multicastRateLimit) -> Bool {
        guard let last = lastMulticast[link]?[RecordKey(record)] else { return true }
        return now - last >= limit
    }

    /// Our records on an interface, for answering there.
    func ownRecords(on link: MDNSLink) -> [DNSRecord] {
        ownRecordsByInterface[link.interfaceIndex] ?? []
    }

    /// Whether a record is one of ours, on any interface (ignoring TTL and cache-flush).
    func isOwnRecord(_ record: DNSRecord) -> Bool {
        record.recordClass == 1 && ownKeys.contains(RecordKey(record))
    }

    /// Recomputes ``ownRecordsByInterface`` and ``ownKeys``.
    mutating func rebuildOwnRecords() {
        ownRecordsByInterface = interfaces.mapValues { names.allRecords(on: $0) }
        ownKeys = Set(ownRecordsByInterface.values.flatMap { $0.map(RecordKey.init) })
    }
}
