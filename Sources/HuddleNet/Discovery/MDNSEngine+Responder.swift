import NIOCore

/// An answer waiting for its delay (RFC 6762 §6), merged with others due on the same link.
struct PendingAnswer: Sendable {
    var record: DNSRecord
    var due: NIODeadline
    var destination: MDNSDatagram.Destination
    /// Who asked (source addresses); a later known-answer packet from all of them cancels it.
    var requesters: Set<[UInt8]>
    /// An answer to a probe: only the 250 ms limit applies (§6.2).
    var probeDefence: Bool
}

extension MDNSEngine {
    /// A query from another host: tie-breaks, duplicate suppression, and answers.
    mutating func handleQuery(_ message: DNSMessage, on link: MDNSLink, from source: [UInt8], port: UInt16, now: NIODeadline) {
        checkTieBreak(message, on: link, now: now)
        observeQuestions(message, on: link, now: now)
        // §7.2: a packet of known answers only continues a truncated query.
        if message.questions.isEmpty {
            applyLateKnownAnswers(message.answers, on: link, from: source)
            return
        }
        guard prober.ownsNames else { return }
        let ours = ownRecords(on: link)
        let legacy = port != 5353
        let isProbe = !message.authorities.isEmpty
        var legacyAnswers: [DNSRecord] = []
        for question in message.questions where question.recordClass == 1 || question.recordClass == 255 {
            let matches = ours.filter { $0.name == question.name && (question.type == 255 || $0.type == question.type) }
            guard !matches.isEmpty else { continue }
            // §7.1 known-answer suppression: the asker holds it with at least half our TTL.
            let needed = matches.filter { record in
                !message.answers.contains { $0.sameData(as: record) && $0.hasHalfTTL(of: record) }
            }
            if legacy {
                legacyAnswers += needed
                continue
            }
            let unique = needed.allSatisfy(\.cacheFlush)
            let delayMs: Int
            if isProbe || (unique && !message.isTruncated) {
                delayMs = 0 // §6: unique answers go out at once
            } else if message.isTruncated {
                delayMs = Int.random(in: MDNSTiming.truncatedQueryDelay, using: &random)
            } else {
                delayMs = Int.random(in: MDNSTiming.sharedAnswerDelay, using: &random)
            }
            for record in needed {
                // §5.4: a QU question gets a unicast reply if the record went out by multicast
                // within a quarter of its TTL; otherwise the multicast serves everyone.
                let recent = !mayMulticast(record, on: link, now: now, limit: .milliseconds(Int64(record.ttl) * 250))
                let destination: MDNSDatagram.Destination = question.wantsUnicastResponse && recent
                    ? .unicast(address: source, port: port) : .multicast
                schedule(record, on: link, due: now + .milliseconds(Int64(delayMs)), destination: destination,
                         requester: source, probeDefence: isProbe)
            }
        }
        if legacy, !legacyAnswers.isEmpty { answerLegacy(message, answers: legacyAnswers, on: link, to: source, port: port, now: now) }
    }

    private mutating func schedule(_ record: DNSRecord, on link: MDNSLink, due: NIODeadline,
                                   destination: MDNSDatagram.Destination, requester: [UInt8], probeDefence: Bool) {
        if let index = pending[link]?.firstIndex(where: { $0.record == record && $0.destination == destination }) {
            pending[link]![index].due = min(pending[link]![index].due, due)
            pending[link]![index].requesters.insert(requester)
            pending[link]![index].probeDefence = pending[link]![index].probeDefence || probeDefence
        } else {
            pending[link, default: []].append(PendingAnswer(record: record, due: due, destination: destination,
                                                            requesters: [requester], probeDefence: probeDefence))
        }
    }

    /// Known answers arriving after a truncated query: the answers that only this asker
    /// wanted and already has are not sent.
    private mutating func applyLateKnownAnswers(_ known: [DNSRecord], on link: MDNSLink, from source: [UInt8]) {
        guard var list = pending[link] else { return }
        for index in list.indices where known.contains(where: { $0.sameData(as: list[index].record) && $0.hasHalfTTL(of: list[index].record) }) {
            list[index].requesters.remove(source)
        }
        pending[link] = list.filter { !$0.requesters.isEmpty }
    }

    /// §6.7: a query from a port other than 5353 gets a plain unicast DNS reply at once, with
    /// its ID and questions, TTLs capped at 10 s and no cache-flush bits.
    private mutating func answerLegacy(_ query: DNSMessage, answers: [DNSRecord], on link: MDNSLink, to source: [UInt8],
                                       port: UInt16, now: NIODeadline) {
        var response = DNSMessage.response(answers: answers.map { record in
            var copy = record
            copy.ttl = min(copy.ttl, MDNSTiming.legacyUnicastTTL)
            copy.cacheFlush = false
            return copy
        })
        response.id = query.id
        response.questions = query.questions
        guard MDNSPacketSplitter.fits(response, maxPacketBytes) else { return }
        send([response], on: link, to: .unicast(address: source, port: port), now: now)
    }

    /// Sends, per link, every pending answer that is due and allowed by the rate limit, in
    /// as few packets as fit; answers held back by the limit wait for it.
    mutating func sendDueAnswers(now: NIODeadline) {
        for (link, list) in pending {
            var remaining: [PendingAnswer] = []
            var multicast: [DNSRecord] = []
            var unicast: [MDNSDatagram.Destination: [DNSRecord]] = [:]
            for var answer in list {
                guard answer.due <= now else {
                    remaining.append(answer)
                    continue
                }
                switch answer.destination {
                case .unicast:
                    unicast[answer.destination, default: []].append(answer.record)
                case .multicast:
                    let limit = answer.probeDefence ? MDNSTiming.probeDefenceRateLimit : MDNSTiming.multicastRateLimit
                    if mayMulticast(answer.record, on: link, now: now, limit: limit) {
                        if !multicast.contains(answer.record) { multicast.append(answer.record) }
                    } else {
                        answer.due = lastMulticast[link]![RecordKey(answer.record)]! + limit
                        remaining.append(answer)
                    }
                }
            }
            pending[link] = remaining.isEmpty ? nil : remaining
            if !multicast.isEmpty {
                let extra = additionals(for: multicast, on: link)
                let packets = MDNSPacketSplitter.response(answers: multicast, additionals: extra, maxBytes: maxPacketBytes)
                send(packets, on: link, now: now)
                noteMulticast(packets.flatMap { $0.answers + $0.additionals }, on: link, now: now)
            }
            for (destination, records) in unicast {
                send(MDNSPacketSplitter.response(answers: records, additionals: additionals(for: records, on: link),
                                                 maxBytes: maxPacketBytes), on: link, to: destination, now: now)
            }
        }
    }

    /// RFC 6763 §12: with a PTR answer go the SRV, TXT and addresses; with an SRV the
    /// addresses.
    func additionals(for answers: [DNSRecord], on link: MDNSLink) -> [DNSRecord] {
        let ours = ownRecords(on: link)
        var extra: [DNSRecord] = []
        func add(_ records: [DNSRecord]) {
            for record in records where !answers.contains(record) && !extra.contains(record) { extra.append(record) }
        }
        for answer in answers {
            switch answer.data {
            case let .ptr(target) where answer.name == MDNSServiceNames.serviceType:
                add(ours.filter { $0.name == target })
                add(ours.filter { $0.name == names.host })
            case let .srv(_, _, _, target):
                add(ours.filter { $0.name == target })
            default:
                break
            }
        }
        return extra
    }
}
