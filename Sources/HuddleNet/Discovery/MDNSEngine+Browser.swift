import HuddleCore
import NIOCore

extension MDNSEngine {
    /// Starts the continuous browse on a link (§5.2): a first query after 20-120 ms, then
    /// 1 s, 2 s, 4 s ... up to ``MDNSTiming/maxQueryInterval``.
    mutating func startBrowsing(on link: MDNSLink, now: NIODeadline) {
        let delay = Int64.random(in: Int64(MDNSTiming.firstQueryDelay.lowerBound)...Int64(MDNSTiming.firstQueryDelay.upperBound),
                                 using: &random)
        browse[link] = BrowseSchedule(next: now + .milliseconds(delay), interval: MDNSTiming.firstQueryInterval)
    }

    static var browseQuestion: DNSQuestion { DNSQuestion(name: MDNSServiceNames.serviceType, type: .ptr) }

    /// Duplicate question suppression (§7.3), for both the browse query and refreshes: a
    /// QM question from another host whose known answers are all ones we would list too
    /// counts as our own if ours was about to go out.
    mutating func observeQuestions(_ message: DNSMessage, on link: MDNSLink, now: NIODeadline) {
        for question in message.questions where !question.wantsUnicastResponse {
            cache.observeQuery(question, knownAnswers: message.answers, interfaceIndex: link.interfaceIndex, now: now, random: &random)
            guard question == Self.browseQuestion, var schedule = browse[link],
                  schedule.next <= now + MDNSTiming.refreshAggregation else { continue }
            let ours = cache.knownAnswers(for: question, interfaceIndex: link.interfaceIndex, now: now)
            let theirs = message.answers.filter { $0.name == question.name && $0.type == question.type }
            guard theirs.allSatisfy({ answer in ours.contains { $0.sameData(as: answer) } }) else { continue }
            schedule.next = now + schedule.interval
            schedule.interval = min(schedule.interval * 2, MDNSTiming.maxQueryInterval)
            browse[link] = schedule
        }
    }

    /// Sends the due browse query and refresh questions of each link as one query with
    /// known answers (§7.1), split with TC if they do not fit (§7.2).
    mutating func sendQueries(now: NIODeadline) {
        for link in links {
            var questions: [DNSQuestion] = []
            if var schedule = browse[link], schedule.next <= now {
                questions.append(Self.browseQuestion)
                schedule.next = now + schedule.interval
                schedule.interval = min(schedule.interval * 2, MDNSTiming.maxQueryInterval)
                browse[link] = schedule
            }
            let refreshDue = cache.hasDueRefresh(interfaceIndex: link.interfaceIndex, now: now)
            let targets = refreshDue ? srvTargets() : []
            for question in !refreshDue ? [] : cache.dueRefreshes(interfaceIndex: link.interfaceIndex, now: now, random: &random,
                                               wanted: { Self.isWanted($0, targets: targets) })
            where !questions.contains(question) {
                questions.append(question)
            }
            guard !questions.isEmpty else { continue }
            var known: [DNSRecord] = []
            for question in questions {
                for record in cache.knownAnswers(for: question, interfaceIndex: link.interfaceIndex, now: now)
                where !known.contains(where: { $0.sameData(as: record) }) {
                    known.append(record)
                }
            }
            send(MDNSPacketSplitter.query(questions: questions, knownAnswers: known, maxBytes: maxPacketBytes), on: link, now: now)
        }
    }

    /// The hosts that live SRV records point to.
    func srvTargets() -> Set<DNSName> {
        var targets = Set<DNSName>()
        for entry in cache.entries.values where !entry.isGone {
            if case let .srv(_, _, _, target) = entry.record.data { targets.insert(target) }
        }
        return targets
    }

    /// Whether a record is huddle's business: the service PTR, an instance's SRV or TXT,
    /// or an address of a host an SRV points to.
    static func isWanted(_ record: DNSRecord, targets: Set<DNSName>) -> Bool {
        let service = MDNSServiceNames.serviceType
        switch record.data {
        case .ptr: return record.name == service
        case .srv, .txt: return record.name.parent == service
        case .a, .aaaa: return targets.contains(record.name)
        default: return false
        }
    }

    /// A response from another host: conflicts first, then its huddle records into the cache.
    mutating func handleResponse(_ message: DNSMessage, on link: MDNSLink, now: NIODeadline) {
        if checkConflict(in: message, now: now) { return }
        let records = message.answers + message.additionals
        var targets = srvTargets()
        for record in records {
            if case let .srv(_, _, _, target) = record.data, record.name.parent == MDNSServiceNames.serviceType {
                targets.insert(target)
            }
        }
        for record in records where Self.isWanted(record, targets: targets) && !isOwnRecord(record)
            && record.name != names.instance && record.name != names.host
        {
            switch cache.insert(record, interfaceIndex: link.interfaceIndex, now: now, random: &random) {
            case .full: counters.cacheFull += 1
            case .added, .goodbye: peersDirty = true
            case .refreshed, .ignored: break
            }
        }
    }

    /// Rebuilds the peer view from the cache and queues `.found` / `.lost` for changes.
    /// A peer needs an SRV, a TXT with a valid `id=`, and at least one address.
    mutating func updatePeers() {
        peersDirty = false
        let live = cache.allEntries.filter { !$0.isGone }
        var view: [PeerID: DiscoveredPeer] = [:]
        let services = live.filter { if case .srv = $0.record.data { $0.record.name.parent == MDNSServiceNames.serviceType } else { false } }
        for service in services.sorted(by: { $0.receivedAt > $1.receivedAt }) {
            guard case let .srv(_, _, port, target) = service.record.data else { continue }
            let txt = live.lazy.compactMap { entry -> (id: PeerID, version: UInt32)? in
                guard entry.record.name == service.record.name, case let .txt(strings) = entry.record.data else { return nil }
                return MDNSTXT.parse(strings)
            }.first
            guard let txt, txt.id != names.peerID else { continue }
            let addresses = live.compactMap { entry -> String? in
                guard entry.record.name == target else { return nil }
                switch entry.record.data {
                case let .a(bytes): return MDNSAddressText.format(bytes)
                case let .aaaa(bytes):
                    let text = MDNSAddressText.format(bytes)
                    guard MDNSAddressText.isLinkLocal(bytes), let name = interfaces[entry.interfaceIndex]?.name else { return text }
                    return text + "%" + name
                default: return nil
                }
            }
            guard !addresses.isEmpty else { continue }
            if var existing = view[txt.id] {
                existing.addresses = Array(Set(existing.addresses + addresses)).sorted(by: Self.addressOrder)
                view[txt.id] = existing
            } else {
                view[txt.id] = DiscoveredPeer(id: txt.id, nickname: ReceivedNickname.capped(service.record.name.firstLabel), port: port,
                                              addresses: Array(Set(addresses)).sorted(by: Self.addressOrder),
                                              protocolVersion: txt.version)
            }
        }
        for (id, peer) in view.sorted(by: { $0.key < $1.key }) where peerView[id] != peer { events.append(.found(peer)) }
        for id in peerView.keys.sorted() where view[id] == nil { events.append(.lost(id)) }
        peerView = view
    }

    /// IPv4 first, then IPv6, each in text order: stable for tests and screens.
    static func addressOrder(_ a: String, _ b: String) -> Bool {
        let (av6, bv6) = (a.contains(":"), b.contains(":"))
        return av6 == bv6 ? a < b : !av6
    }
}
