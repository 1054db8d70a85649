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
    /// counts as our own if ours was about to go out. Our own records count as listed: the
    /// answers to that query lack only what its asker knows, and we need no answer with our
    /// own records. So on a LAN of N peers one browse query serves all, instead of N that
    /// each differ from the others by their sender's own record and nobody answers.
    mutating func observeQuestions(_ message: DNSMessage, on link: MDNSLink, now: NIODeadline) {
        for question in message.questions where !question.wantsUnicastResponse {
            cache.observeQuery(question, knownAnswers: message.answers, interfaceIndex: link.interfaceIndex, now: now, random: &random)
            guard question == Self.browseQuestion, var schedule = browse[link],
                  schedule.next <= now + MDNSTiming.refreshAggregation else { continue }
            let ours = Set(cache.knownAnswers(for: question, interfaceIndex: link.interfaceIndex, now: now).map(RecordKey.init))
            let theirs = message.answers.filter { $0.name == question.name && $0.type == question.type }
            guard theirs.allSatisfy({ ours.contains(RecordKey($0)) || ownKeys.contains(RecordKey($0)) }) else { continue }
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
            let targets = cache.srvTargets
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
        cache.settleRefreshes(now: now)
    }

    /// Whether a record is huddle's business: the service PTR, an instance's SRV or TXT,
    /// or an address of a host a live SRV (cached, or in `packet`) points to.
    static func isWanted(_ record: DNSRecord, targets: [DNSName: Int], packet: Set<DNSName> = []) -> Bool {
        let service = MDNSServiceNames.serviceType
        switch record.data {
        case .ptr: return record.name == service
        case .srv, .txt: return record.name.isChild(of: service)
        case .a, .aaaa: return targets[record.name] != nil || packet.contains(record.name)
        default: return false
        }
    }

    /// A response from another host: conflicts first, then its huddle records into the cache.
    /// A source that sends too many packets, or announces too many new instances, per second
    /// has the excess dropped and counted.
    mutating func handleResponse(_ message: DNSMessage, on link: MDNSLink, from sender: String, now: NIODeadline) {
        if checkConflict(in: message, now: now) { return }
        let records = message.answers + message.additionals
        var targets = Set<DNSName>()
        var newInstances = Set<DNSName>()
        for record in records where record.name.isChild(of: MDNSServiceNames.serviceType) && record.ttl > 0 {
            guard case let .srv(_, _, _, target) = record.data, !isOwnRecord(record), record.name != names.instance else { continue }
            targets.insert(target)
            if index.instances[record.name] == nil && cache.entries(named: record.name).isEmpty { newInstances.insert(record.name) }
        }
        let seconds = Double(now.uptimeNanoseconds) / 1e9
        for _ in newInstances {
            guard rates.newInstances.admit(sender, at: seconds) else {
                counters.rateLimited += 1
                return drop()
            }
        }
        for record in records where Self.isWanted(record, targets: cache.srvTargets, packet: targets) && !isOwnRecord(record)
            && record.name != names.instance && record.name != names.host
        {
            if case .full = cache.insert(record, interfaceIndex: link.interfaceIndex, now: now, random: &random) { counters.cacheFull += 1 }
        }
    }

    /// Brings the peer view up to date with what changed in the cache, and queues `.found` /
    /// `.lost` for each peer whose view changed. Peers this one does not know (``knownPeers``)
    /// are listed up to ``MDNSLimits/maxStrangers``; past that the one heard least recently
    /// makes room, and known peers are never displaced.
    mutating func updatePeers() {
        let changed = cache.takeChangedNames()
        guard !changed.isEmpty else { return }
        let interfaces = self.interfaces
        for id in index.update(changed: changed, cache: cache, me: names.peerID).sorted() {
            let peer = index.peer(id, cache: cache, interfaceName: { interfaces[$0]?.name })
            guard let peer else {
                if peerView.removeValue(forKey: id) != nil {
                    listedStrangers[id] = nil
                    events.append(.lost(id))
                }
                continue
            }
            let heard = index.newest(id) ?? .distantPast
            if peerView[id] == nil && !knownPeers.contains(id) {
                guard makeRoomForStranger(heardAt: heard) else {
                    counters.strangersNotListed += 1
                    continue
                }
            }
            listedStrangers[id] = knownPeers.contains(id) ? nil : heard
            if peerView[id] != peer {
                peerView[id] = peer
                events.append(.found(peer))
            }
        }
    }

    /// Whether a stranger heard at `heardAt` may be listed: yes while fewer than the limit
    /// are, else if a listed one was heard longer ago (it is dropped from the list).
    private mutating func makeRoomForStranger(heardAt: NIODeadline) -> Bool {
        guard listedStrangers.count >= MDNSLimits.maxStrangers else { return true }
        let known = knownPeers
        listedStrangers = listedStrangers.filter { !known.contains($0.key) } // some may have become known
        guard listedStrangers.count >= MDNSLimits.maxStrangers else { return true }
        guard let (oldest, heardOldest) = listedStrangers.min(by: { $0.value < $1.value }), heardOldest < heardAt else { return false }
        listedStrangers[oldest] = nil
        peerView[oldest] = nil
        events.append(.lost(oldest))
        forget(oldest)
        return true
    }

    /// Drops a stranger's records from the cache, so strangers that are no longer listed
    /// take no room there (it comes back, as a new announcer, when it announces again).
    private mutating func forget(_ id: PeerID) {
        for (instance, hosts) in index.ownNames(of: id) {
            for host in hosts { cache.removeAll(named: host) }
            cache.removeAll(named: instance)
            cache.remove(name: MDNSServiceNames.serviceType, data: .ptr(instance), interfaces: interfaces.keys)
        }
    }

    /// §10.4: a sign that peer `id` may be gone without a goodbye (its session ended, a dial
    /// to it failed). Its instances' records and its host's addresses are asked for at once
    /// and again, and dropped within ``MDNSTiming/reconfirmWait`` unless it answers, so a
    /// peer that vanished is not listed (and dialed) for the rest of its records' TTL.
    public mutating func reconfirm(_ id: PeerID, now: NIODeadline) {
        for (instance, hosts) in index.ownNames(of: id) {
            for name in [instance] + hosts { cache.reconfirm(name: name, now: now) }
        }
    }

    /// IPv4 first, then IPv6, each in text order: stable for tests and screens.
    static func addressOrder(_ a: String, _ b: String) -> Bool {
        let (av6, bv6) = (a.contains(":"), b.contains(":"))
        return av6 == bv6 ? a < b : !av6
    }
}
