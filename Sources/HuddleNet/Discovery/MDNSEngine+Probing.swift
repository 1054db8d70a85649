import NIOCore

extension MDNSEngine {
    /// Sends the prober's due probe or announcement on every link.
    mutating func runProber(now: NIODeadline) {
        while let action = prober.due(now: now) {
            for link in links {
                guard let interface = interfaces[link.interfaceIndex] else { continue }
                switch action {
                case .probe:
                    // §8.1: questions of type ANY for each name, proposed records as
                    // authorities. The QU bit is left clear: unicast replies to port 5353
                    // reach only one of the sockets sharing it (NETWORK-NOTES.md).
                    let questions = names.uniqueNames.map { DNSQuestion(name: $0, type: .any) }
                    var message = DNSMessage.query(questions)
                    message.authorities = names.uniqueRecords(on: interface)
                    send([message], on: link, now: now)
                case .announce:
                    announce(on: link, interface: interface, now: now)
                }
            }
            if action == .announce { for link in links { linkAnnouncements[link] = nil } }
        }
    }

    /// Announcements on links that appeared, or whose addresses changed, after probing.
    mutating func sendLinkAnnouncements(now: NIODeadline) {
        guard prober.ownsNames else { return }
        for (link, var state) in linkAnnouncements where state.next <= now {
            guard let interface = interfaces[link.interfaceIndex] else { continue }
            announce(on: link, interface: interface, now: now)
            state.remaining -= 1
            state.next = now + MDNSTiming.announceInterval
            linkAnnouncements[link] = state.remaining > 0 ? state : nil
        }
    }

    /// One unsolicited response with every record that may be multicast now (§8.3, §6.2).
    private mutating func announce(on link: MDNSLink, interface: MDNSInterface, now: NIODeadline) {
        let records = names.allRecords(on: interface).filter { mayMulticast($0, on: link, now: now) }
        guard !records.isEmpty else { return }
        send(MDNSPacketSplitter.response(answers: records, maxBytes: maxPacketBytes), on: link, now: now)
        noteMulticast(records, on: link, now: now)
    }

    /// A response from another host: records under our unique names that are not ours are
    /// a conflict (§8.1 while probing: rename; §9 afterwards: probe again).
    /// Returns whether there was one.
    mutating func checkConflict(in message: DNSMessage, now: NIODeadline) -> Bool {
        guard prober.isProbing || prober.ownsNames else { return false }
        let instance = names.instance, host = names.host
        for record in message.answers + message.additionals where record.ttl > 0 {
            guard record.name == instance || record.name == host, !isOwnRecord(record) else { continue }
            counters.conflicts += 1
            if prober.isProbing {
                if record.name == instance { names.renameInstance() } else { names.renameHost() }
                rebuildOwnRecords()
            }
            pending = [:]
            prober.conflict(now: now)
            return true
        }
        return false
    }

    /// A probe from another host for a name we are probing too (§8.2): the lexicographically
    /// later set of proposed records wins; the loser probes again in one second.
    mutating func checkTieBreak(_ message: DNSMessage, on link: MDNSLink, now: NIODeadline) {
        guard prober.isProbing, !message.authorities.isEmpty,
              let interface = interfaces[link.interfaceIndex] else { return }
        let ours = names.uniqueRecords(on: interface)
        for name in names.uniqueNames {
            let theirs = message.authorities.filter { $0.name == name }
            guard !theirs.isEmpty else { continue }
            let mine = ours.filter { $0.name == name }
            if MDNSTieBreak.compare(mine, theirs) < 0 {
                prober.lostTieBreak(now: now)
                return
            }
        }
    }
}

/// The simultaneous-probe tie-break of RFC 6762 §8.2.
enum MDNSTieBreak {
    /// Negative if `ours` loses to `theirs`, zero if identical, positive if it wins.
    /// Records are sorted, then compared by class, type and raw uncompressed rdata; a set
    /// that runs out first loses.
    static func compare(_ ours: [DNSRecord], _ theirs: [DNSRecord]) -> Int {
        let a = ours.map(sortKey).sorted(by: lexicographicallyLess)
        let b = theirs.map(sortKey).sorted(by: lexicographicallyLess)
        for (x, y) in zip(a, b) where x != y {
            return lexicographicallyLess(x, y) ? -1 : 1
        }
        return a.count - b.count
    }

    static func sortKey(_ record: DNSRecord) -> [UInt8] {
        [UInt8(record.recordClass >> 8), UInt8(record.recordClass & 0xFF),
         UInt8(record.type >> 8), UInt8(record.type & 0xFF)] + record.data.uncompressedBytes
    }

    static func lexicographicallyLess(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        x.lexicographicallyPrecedes(y)
    }
}

extension DNSRecordData {
    /// The rdata as it would be written without name compression (RFC 6762 §8.2).
    var uncompressedBytes: [UInt8] {
        func name(_ name: DNSName) -> [UInt8] { name.labels.flatMap { [UInt8($0.count)] + $0 } + [0] }
        func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
        switch self {
        case let .a(bytes), let .aaaa(bytes), let .other(_, bytes): return bytes
        case let .ptr(target): return name(target)
        case let .srv(priority, weight, port, target): return be16(priority) + be16(weight) + be16(port) + name(target)
        case let .txt(strings): return strings.isEmpty ? [0] : strings.flatMap { [UInt8(min($0.count, 255))] + $0.prefix(255) }
        case let .nsec(next, types):
            var writer = DNSWriter()
            writer.nsecBitmap(types)
            return name(next) + writer.bytes
        }
    }
}
