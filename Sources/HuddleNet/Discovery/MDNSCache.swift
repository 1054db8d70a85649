import HuddleCore
import NIOCore

/// Records heard from other responders, with their TTLs (RFC 6762 §5.2, §7.1, §10).
///
/// Pure: every operation takes the current time, so tests drive it with made-up instants.
/// Records are kept per interface, since each interface has its own addresses.
public struct MDNSCache: Sendable {
    /// One cached record.
    public struct Entry: Equatable, Sendable {
        /// The record as received, with its original TTL.
        public var record: DNSRecord
        /// The interface it arrived on.
        public var interfaceIndex: Int
        /// When it last arrived.
        public var receivedAt: NIODeadline
        /// When it is removed.
        public var expiresAt: NIODeadline
        /// A goodbye (TTL 0) arrived or a cache-flush replaced it: it is gone for the peer
        /// view and only lingers until ``expiresAt`` (§10.1, §10.2).
        public var isGone = false
        /// Which refresh point (``MDNSTiming/refreshPercents``) is next.
        var refreshStep = 0
        /// When to ask for it again; `nil` when no refresh is left.
        var nextRefresh: NIODeadline?
        /// While it is being reconfirmed (§10.4): when to ask the second time.
        var reconfirmAskAgain: NIODeadline?

        /// Whole seconds of TTL left at `now`.
        public func remainingTTL(at now: NIODeadline) -> UInt32 {
            let left = (expiresAt - now).nanoseconds / 1_000_000_000
            return UInt32(clamping: max(0, left))
        }
    }

    /// What ``insert(_:interfaceIndex:now:random:)`` did.
    public enum InsertResult: Equatable, Sendable {
        /// A new record, or one back after a goodbye or flush.
        case added
        /// A known record arrived again; its TTL starts over.
        case refreshed
        /// A goodbye for a cached record: it is gone and removed in one second.
        case goodbye
        /// A goodbye for a record not in the cache, or a record of class other than IN.
        case ignored
        /// The cache is full; the record was dropped.
        case full
    }

    struct Key: Hashable, Sendable {
        var interfaceIndex: Int
        var name: DNSName
        var data: DNSRecordData

        /// Hashes the name and a digest of the data (its type, and its bytes where they are
        /// few and fixed) rather than every byte one at a time; equality still compares all.
        func hash(into hasher: inout Hasher) {
            hasher.combine(interfaceIndex)
            hasher.combine(name)
            hasher.combine(data.type)
            switch data {
            case let .a(bytes), let .aaaa(bytes): bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
            case let .ptr(target): hasher.combine(target)
            case let .srv(_, _, port, target):
                hasher.combine(port)
                hasher.combine(target)
            case let .txt(strings):
                hasher.combine(strings.count)
                if let first = strings.first { first.withUnsafeBytes { hasher.combine(bytes: $0) } }
            case .nsec, .other: break
            }
        }
    }

    /// A name and type on an interface: the index answering questions and cache-flushes.
    struct Slot: Hashable, Sendable {
        var interfaceIndex: Int
        var name: DNSName
        var type: UInt16
    }

    private(set) var entries: [Key: Entry] = [:]
    private var slots: [Slot: Set<Key>] = [:]
    /// Every entry of a name, on any interface: what the peer view reads, per name.
    private var byName: [DNSName: Set<Key>] = [:]
    /// How many live SRV records point to each host: which addresses are wanted.
    private(set) var srvTargets: [DNSName: Int] = [:]
    /// Names whose live records changed since ``takeChangedNames()``.
    private var changedNames: Set<DNSName> = []
    /// No entry expires before this, and no refresh is due before ``earliestRefresh`` (lower
    /// bounds, so the per-packet checks cost nothing; recomputed when they pass).
    private(set) var earliestExpiry: NIODeadline?
    private(set) var earliestRefresh: NIODeadline?
    /// The most entries kept.
    public let capacity: Int

    /// An empty cache holding at most `capacity` records.
    public init(capacity: Int = MDNSLimits.maxCacheEntries) {
        self.capacity = capacity
    }

    /// Every entry, in no particular order.
    public var allEntries: [Entry] { Array(entries.values) }

    /// Adds or refreshes a record from a response; a TTL of 0 is a goodbye.
    @discardableResult
    public mutating func insert(_ record: DNSRecord, interfaceIndex: Int, now: NIODeadline,
                                random: inout SplitMix64) -> InsertResult {
        guard record.recordClass == 1 else { return .ignored }
        let key = Key(interfaceIndex: interfaceIndex, name: record.name, data: record.data)
        if record.ttl == 0 {
            guard var entry = entries[key] else { return .ignored }
            if !entry.isGone { noteLive(entry.record, by: -1) }
            entry.isGone = true
            entry.expiresAt = min(entry.expiresAt, now + MDNSTiming.goodbyeGrace)
            entry.nextRefresh = nil
            entries[key] = entry
            lowerBounds(expiry: entry.expiresAt, refresh: nil)
            return .goodbye
        }
        let existed = entries[key] != nil
        guard existed || entries.count < capacity else { return .full }
        var record = record
        record.ttl = min(record.ttl, MDNSLimits.maxCachedTTL)
        if record.cacheFlush { flush(except: key, type: record.type, now: now) }
        var entry = Entry(record: record, interfaceIndex: interfaceIndex, receivedAt: now,
                          expiresAt: now + .seconds(Int64(record.ttl)))
        entry.nextRefresh = Self.refreshTime(of: entry, step: 0, random: &random)
        let wasLive = entries[key].map { !$0.isGone } ?? false
        if !existed {
            slots[Slot(interfaceIndex: interfaceIndex, name: record.name, type: record.type), default: []].insert(key)
            byName[record.name, default: []].insert(key)
        }
        entries[key] = entry
        lowerBounds(expiry: entry.expiresAt, refresh: entry.nextRefresh)
        if !wasLive { noteLive(record, by: 1) }
        // Which SRV and TXT of an instance is newest decides what the peer view shows.
        if wasLive, record.type == DNSRecordType.srv.rawValue || record.type == DNSRecordType.txt.rawValue { changedNames.insert(record.name) }
        return wasLive ? .refreshed : .added
    }

    /// Counts a record becoming live (+1) or not (-1): its name changed for the peer view,
    /// and an SRV's host is wanted while some live SRV points to it.
    private mutating func noteLive(_ record: DNSRecord, by delta: Int) {
        changedNames.insert(record.name)
        guard case let .srv(_, _, _, target) = record.data else { return }
        let count = srvTargets[target, default: 0] + delta
        srvTargets[target] = count > 0 ? count : nil
    }

    private mutating func lowerBounds(expiry: NIODeadline?, refresh: NIODeadline?) {
        if let expiry { earliestExpiry = min(earliestExpiry ?? expiry, expiry) }
        if let refresh { earliestRefresh = min(earliestRefresh ?? refresh, refresh) }
    }

    /// The names whose live records changed since the last call (the peer view reads them again).
    public mutating func takeChangedNames() -> Set<DNSName> {
        defer { changedNames = [] }
        return changedNames
    }

    /// Every entry of `name` on any interface, gone ones too, without scanning the cache.
    public func entries(named name: DNSName) -> [Entry] {
        (byName[name] ?? []).compactMap { entries[$0] }
    }

    /// Forgets every record of `name`, on every interface (a stranger no longer listed).
    public mutating func removeAll(named name: DNSName) {
        for key in byName[name] ?? [] { remove(key) }
    }

    /// Forgets one record (by name and data) on every interface in `interfaces`.
    public mutating func remove(name: DNSName, data: DNSRecordData, interfaces: some Sequence<Int>) {
        for index in interfaces { remove(Key(interfaceIndex: index, name: name, data: data)) }
    }

    /// The names of the services' instances (their SRV records' owners) held now (tests and
    /// the full rebuild).
    public var instanceNames: Set<DNSName> {
        Set(entries.values.compactMap { entry in if case .srv = entry.record.data { entry.record.name } else { nil } })
    }

    /// §10.2: a record with the cache-flush bit replaces the others of its name and type
    /// that arrived more than a second ago; they go away in one second.
    private mutating func flush(except key: Key, type: UInt16, now: NIODeadline) {
        for other in slots[Slot(interfaceIndex: key.interfaceIndex, name: key.name, type: type)] ?? [] where other != key {
            guard var entry = entries[other], entry.receivedAt < now - MDNSTiming.goodbyeGrace, !entry.isGone else { continue }
            noteLive(entry.record, by: -1)
            entry.isGone = true
            entry.expiresAt = min(entry.expiresAt, now + MDNSTiming.goodbyeGrace)
            entry.nextRefresh = nil
            entries[other] = entry
            lowerBounds(expiry: entry.expiresAt, refresh: nil)
        }
    }

    /// Removes what has expired at `now` and returns it. Costs nothing until the earliest
    /// expiry passes; then one scan, which also finds the next one.
    @discardableResult
    public mutating func expire(now: NIODeadline) -> [Entry] {
        guard let earliest = earliestExpiry, earliest <= now else { return [] }
        var expired: [Entry] = []
        var next: NIODeadline?
        for (key, entry) in entries {
            if entry.expiresAt <= now {
                expired.append(entry)
                remove(key)
            } else {
                next = min(next ?? entry.expiresAt, entry.expiresAt)
            }
        }
        earliestExpiry = next
        return expired
    }

    private mutating func remove(_ key: Key) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        if !entry.isGone { noteLive(entry.record, by: -1) }
        changedNames.insert(key.name)
        let slot = Slot(interfaceIndex: key.interfaceIndex, name: key.name, type: entry.record.type)
        slots[slot]?.remove(key)
        if slots[slot]?.isEmpty == true { slots[slot] = nil }
        byName[key.name]?.remove(key)
        if byName[key.name]?.isEmpty == true { byName[key.name] = nil }
    }

    /// The keys of the entries that can answer `name`/`type` (255: any) on an interface.
    private func keys(named name: DNSName, type: UInt16, interfaceIndex: Int) -> [Key] {
        if type != 255 { return Array(slots[Slot(interfaceIndex: interfaceIndex, name: name, type: type)] ?? []) }
        return (byName[name] ?? []).filter { $0.interfaceIndex == interfaceIndex }
    }

    /// Live (not gone) records of `name` and `type` (255: any) on an interface, or on
    /// every interface if `interfaceIndex` is nil.
    public func records(named name: DNSName, type: UInt16, interfaceIndex: Int? = nil) -> [Entry] {
        if let interfaceIndex {
            return keys(named: name, type: type, interfaceIndex: interfaceIndex).compactMap { entries[$0] }.filter { !$0.isGone }
        }
        return entries(named: name).filter { !$0.isGone && (type == 255 || $0.record.type == type) }
    }

    /// Known answers for a question (§7.1): cached answers with more than half their TTL
    /// left, with the TTL that is left.
    public func knownAnswers(for question: DNSQuestion, interfaceIndex: Int, now: NIODeadline) -> [DNSRecord] {
        records(named: question.name, type: question.type, interfaceIndex: interfaceIndex)
            .filter { UInt64($0.remainingTTL(at: now)) * 2 > UInt64($0.record.ttl) }
            .map { entry in
                var record = entry.record
                record.ttl = entry.remainingTTL(at: now)
                record.cacheFlush = false
                return record
            }
    }

    /// The earliest expiry or refresh, for the engine's timer (at most this early: a record
    /// heard again may have moved its own later, and the wake-up then finds nothing to do).
    public var nextDeadline: NIODeadline? {
        [earliestExpiry, earliestRefresh].compactMap { $0 }.min()
    }

    /// Whether a refresh is due on an interface at `now` (no scan before the earliest is due).
    public func hasDueRefresh(interfaceIndex: Int, now: NIODeadline) -> Bool {
        guard let earliest = earliestRefresh, earliest <= now else { return false }
        return entries.contains { $0.key.interfaceIndex == interfaceIndex && ($0.value.nextRefresh.map { $0 <= now } ?? false) }
    }

    /// Moves the refresh bound past `now` once no entry's refresh is due by then (after the
    /// due refreshes of every interface were asked).
    public mutating func settleRefreshes(now: NIODeadline) {
        guard let earliest = earliestRefresh, earliest <= now else { return }
        earliestRefresh = entries.values.compactMap(\.nextRefresh).min()
    }

    /// Questions to ask on an interface now (§5.2): one per name and type with a refresh
    /// due by `now` plus ``MDNSTiming/refreshAggregation``. `wanted` says whether a record
    /// is still of interest; unwanted ones are left to expire.
    public mutating func dueRefreshes(interfaceIndex: Int, now: NIODeadline, random: inout SplitMix64,
                                      wanted: (DNSRecord) -> Bool) -> [DNSQuestion] {
        var questions: [DNSQuestion] = []
        let horizon = now + MDNSTiming.refreshAggregation
        let due = entries.filter {
            $0.key.interfaceIndex == interfaceIndex && ($0.value.nextRefresh.map { $0 <= now } ?? false)
        }
        guard !due.isEmpty else { return [] }
        for (key, var entry) in entries where key.interfaceIndex == interfaceIndex {
            guard let next = entry.nextRefresh, next <= horizon else { continue }
            if wanted(entry.record) {
                let question = DNSQuestion(name: entry.record.name, rawType: entry.record.type, recordClass: 1,
                                           wantsUnicastResponse: false)
                if !questions.contains(question) { questions.append(question) }
            }
            advance(&entry, random: &random)
            entries[key] = entry
        }
        return questions
    }

    /// Duplicate question suppression (§7.3): another host asked `question` on this
    /// interface without listing our cached answer as known, so its answer refreshes us
    /// too; our own refresh query for it waits for the next refresh point.
    public mutating func observeQuery(_ question: DNSQuestion, knownAnswers: [DNSRecord], interfaceIndex: Int,
                                      now: NIODeadline, random: inout SplitMix64) {
        for key in keys(named: question.name, type: question.type, interfaceIndex: interfaceIndex) {
            guard var entry = entries[key], !entry.isGone, let next = entry.nextRefresh, next <= now + MDNSTiming.refreshAggregation,
                  !knownAnswers.contains(where: { $0.sameData(as: entry.record) && $0.hasHalfTTL(of: entry.record) })
            else { continue }
            advance(&entry, random: &random)
            entries[key] = entry
        }
    }

    private mutating func advance(_ entry: inout Entry, random: inout SplitMix64) {
        if let again = entry.reconfirmAskAgain {
            entry.nextRefresh = again
            entry.reconfirmAskAgain = nil
            entry.refreshStep = MDNSTiming.refreshPercents.count // no refresh after it: an answer starts them over
            return
        }
        entry.refreshStep += 1
        entry.nextRefresh = Self.refreshTime(of: entry, step: entry.refreshStep, random: &random)
    }

    static func refreshTime(of entry: Entry, step: Int, random: inout SplitMix64) -> NIODeadline? {
        guard step < MDNSTiming.refreshPercents.count else { return nil }
        let ttl = Int64(entry.record.ttl) * 1_000_000_000
        let jitter = Int64.random(in: 0...(ttl * Int64(MDNSTiming.refreshJitterPercent) / 100), using: &random)
        return entry.receivedAt + .nanoseconds(ttl * Int64(MDNSTiming.refreshPercents[step]) / 100 + jitter)
    }
}

extension MDNSCache {
    /// §10.4, a sign that the records of `name` are stale (a dial to the peer failed, or its
    /// session ended): they are asked for at once and again ``MDNSTiming/reconfirmSecondAsk``
    /// later, and are removed ``MDNSTiming/reconfirmWait`` from now unless an answer comes
    /// (which starts their TTL over). Returns whether `name` had live records.
    @discardableResult
    public mutating func reconfirm(name: DNSName, now: NIODeadline) -> Bool {
        var live = false
        for key in byName[name] ?? [] {
            guard var entry = entries[key], !entry.isGone else { continue }
            live = true
            guard entry.expiresAt > now + MDNSTiming.reconfirmWait else { continue } // going soon anyway
            entry.expiresAt = now + MDNSTiming.reconfirmWait
            entry.nextRefresh = now
            entry.reconfirmAskAgain = now + MDNSTiming.reconfirmSecondAsk
            entries[key] = entry
            lowerBounds(expiry: entry.expiresAt, refresh: now)
        }
        return live
    }

    /// Forgets everything heard on an interface that went away.
    public mutating func removeAll(interfaceIndex: Int) {
        for key in entries.keys where key.interfaceIndex == interfaceIndex { remove(key) }
    }
}
