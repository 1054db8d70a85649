import HuddleCore
import NIOCore
import Testing
@testable import HuddleNet

@Suite("mDNS on a simulated LAN: finding, conflicts, goodbyes, expiry, traffic")
struct MDNSLANTests {
    @Test("three peers started together each find the other two within a second")
    func threePeersFindEachOther() throws {
        var lan = SimulatedLAN()
        for (n, nick) in ["ada", "bob", "cy"].enumerated() { lan.add(nick, id: UInt8(n + 1)) }
        lan.run(for: .seconds(3))
        #expect(lan.sees(0) == ["bob", "cy"] && lan.sees(1) == ["ada", "cy"] && lan.sees(2) == ["ada", "bob"])
        for subject in 0..<3 {
            for observer in 0..<3 where observer != subject {
                let at = try #require(lan.foundTime(of: subject, by: observer))
                #expect(at - SimulatedLAN.epoch <= .milliseconds(1_000))
            }
        }
        let peer = try #require(lan.hosts[0].engine.peerView[SimulatedLAN.peerID(2)])
        #expect(peer.port == 47_000 && peer.addresses == ["10.0.0.2"] && peer.protocolVersion == 1)
    }

    @Test("a peer that joins later finds the others from their answers and is found from its announcement")
    func lateJoiner() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.run(for: .seconds(30))
        let start = lan.now
        lan.add("bob", id: 2)
        lan.run(for: .seconds(3))
        let found = try #require(lan.foundTime(of: 0, by: 1))
        #expect(found - start <= .milliseconds(300)) // answer to its first query
        #expect(try #require(lan.foundTime(of: 1, by: 0)) - start <= .milliseconds(1_000))
    }

    @Test("a second peer with the same nickname is renamed 'nick (2)' after probing")
    func conflictRenames() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.run(for: .seconds(5))
        lan.add("ada", id: 2)
        lan.run(for: .seconds(5))
        #expect(lan.hosts[0].engine.names.instanceLabel == "ada")
        #expect(lan.hosts[1].engine.names.instanceLabel == "ada (2)")
        #expect(lan.sees(0) == ["ada (2)"] && lan.sees(1) == ["ada"])
        #expect(lan.hosts[1].engine.counters.conflicts >= 1)
    }

    @Test("two peers probing the same name at once: the tie-break lets one keep it, the other renames")
    func simultaneousProbeTieBreak() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1, seed: 99)
        lan.add("ada", id: 2, seed: 99) // same random delays: their probes cross
        lan.run(for: .seconds(8))
        let labels = Set(lan.hosts.map(\.engine.names.instanceLabel))
        #expect(labels == ["ada", "ada (2)"])
        #expect(lan.sees(0).count == 1 && lan.sees(1).count == 1)
    }

    @Test("a goodbye makes the others report the peer lost at once")
    func goodbyeIsSeenAtOnce() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.add("bob", id: 2)
        lan.run(for: .seconds(5))
        let stop = lan.now
        lan.stop(1)
        let lost = try #require(lan.lostTime(of: 1, by: 0))
        #expect(lost - stop <= .milliseconds(1))
        #expect(lan.sees(0).isEmpty)
    }

    @Test("a peer that falls silent (kill -9) is reported lost with its records' TTL; a live one never is")
    func silentPeerExpires() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.add("bob", id: 2)
        lan.add("cy", id: 3)
        lan.run(for: .seconds(300)) // minutes of refreshes keep everyone
        #expect(lan.hosts.indices.allSatisfy { lan.sees($0).count == 2 })
        #expect(lan.hosts.allSatisfy { host in !host.events.contains { if case .lost = $0.event { true } else { false } } })
        let kill = lan.now
        lan.hosts[2].online = false
        lan.run(for: .seconds(Int64(MDNSTiming.recordTTL) + 2))
        for observer in 0..<2 {
            let lost = try #require(lan.lostTime(of: 2, by: observer))
            #expect(lost - kill <= .seconds(Int64(MDNSTiming.recordTTL)))
        }
        #expect(lan.sees(0) == ["bob"])
    }

    @Test("a reconfirmation (its session ended, a dial failed) makes a silent peer lost within 10 s, and leaves a live one listed")
    func reconfirmedSilentPeerIsLostSoon() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.add("bob", id: 2)
        lan.add("cy", id: 3)
        lan.run(for: .seconds(30))
        let kill = lan.now
        lan.hosts[2].online = false
        lan.hosts[0].engine.reconfirm(SimulatedLAN.peerID(3), now: lan.now) // ada's session with cy ended
        lan.hosts[0].engine.reconfirm(SimulatedLAN.peerID(2), now: lan.now) // and a dial to bob failed once
        lan.run(for: .seconds(11))
        let lost = try #require(lan.lostTime(of: 2, by: 0))
        #expect(lost - kill <= MDNSTiming.reconfirmWait)
        #expect(lan.sees(0) == ["bob"], "bob answered the reconfirming query and stays")
        #expect(lan.sees(1) == ["ada", "cy"], "bob did not reconfirm cy: he keeps it until its TTL runs out")
        lan.run(for: .seconds(Int64(MDNSTiming.recordTTL)))
        #expect(lan.sees(0) == ["bob"] && lan.sees(1) == ["ada"])
    }

    @Test("after an outage longer than the TTL (no goodbye) both sides find each other again by the browse that started over when the records expired, not at the next backed-off browse")
    func foundAgainAfterBlip() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.add("bob", id: 2)
        lan.run(for: .seconds(1_000)) // browsing has backed off to a query many minutes apart
        #expect(lan.sees(0) == ["bob"])
        lan.hosts[1].online = false
        lan.run(for: .seconds(Int64(MDNSTiming.recordTTL) + 5))
        #expect(lan.sees(0).isEmpty, "ada lost bob when his records expired")
        lan.hosts[1].online = true
        lan.run(for: .seconds(6))
        #expect(lan.sees(1) == ["ada"], "bob's view expired while he was away; his browse starts over and ada answers it")
        lan.run(for: .seconds(Int64(MDNSTiming.recordTTL)))
        #expect(lan.sees(0) == ["bob"], "ada's browse, started over when bob's records expired, reaches him within as long again")
    }

    @Test("a changed port is reported as found again with the new port (cache-flush)")
    func changedRecordIsReported() throws {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.add("bob", id: 2, port: 1000)
        lan.run(for: .seconds(5))
        // bob restarts on another port without a goodbye (crash and restart).
        lan.hosts[1].online = false
        lan.run(for: .seconds(2))
        lan.hosts[1] = SimulatedLAN.Host(engine: {
            var engine = MDNSEngine(configuration: .init(nickname: "bob", peerID: SimulatedLAN.peerID(2), port: 2000), random: SplitMix64(seed: 5))
            engine.setInterfaces([SimulatedLAN.interface([10, 0, 0, 2])], now: lan.now)
            engine.start(now: lan.now)
            return engine
        }(), address: [10, 0, 0, 2])
        lan.run(for: .seconds(3))
        #expect(lan.hosts[0].engine.peerView[SimulatedLAN.peerID(2)]?.port == 2000)
    }

    @Test("a TXT without a parseable id= is not reported as a peer")
    func txtWithoutID() {
        var lan = SimulatedLAN()
        lan.add("ada", id: 1)
        lan.run(for: .seconds(2))
        let instance = DNSName(instance: "mallory", service: MDNSServiceNames.serviceType)!
        let host = DNSName("mallory.local.")!
        let bogus = DNSMessage.response(answers: [
            DNSRecord(name: MDNSServiceNames.serviceType, data: .ptr(instance), ttl: 8),
            DNSRecord(name: instance, data: .srv(priority: 0, weight: 0, port: 1, target: host), ttl: 8, cacheFlush: true),
            DNSRecord(name: instance, data: .txt([Array("id=NOT-AN-ID".utf8), Array("v=1".utf8)]), ttl: 8, cacheFlush: true),
            DNSRecord(name: host, data: .a([10, 0, 0, 66]), ttl: 8, cacheFlush: true),
        ])
        lan.hosts[0].engine.receive(bogus.encoded(), on: SimulatedLAN.link, from: [10, 0, 0, 66], port: 5353, now: lan.now)
        #expect(lan.hosts[0].engine.peerView.isEmpty)
        #expect(lan.hosts[0].engine.cache.allEntries.count == 4)
    }

    @Test("thirty peers started together all see each other within 5 s, and nobody is lost for 40 s")
    func thirtyPeers() {
        var lan = SimulatedLAN()
        for n in 0..<30 { lan.add("peer\(n)", id: UInt8(n + 1)) }
        lan.run(for: .seconds(5))
        #expect(lan.hosts.indices.allSatisfy { lan.sees($0).count == 29 })
        lan.run(for: .seconds(35))
        let lost = lan.hosts.flatMap(\.events).filter { if case .lost = $0.event { true } else { false } }
        #expect(lost.isEmpty)
        #expect(lan.wire.allSatisfy { $0.datagram.bytes.count <= MDNSLimits.maxPacketBytes })
    }

    @Test("traffic once settled stays low and does not grow per peer as peers are added")
    func settledTraffic() throws {
        var rates: [Int: Double] = [:]
        for count in [3, 10] {
            var lan = SimulatedLAN()
            for n in 0..<count { lan.add("peer\(n)", id: UInt8(n + 1)) }
            lan.run(for: .seconds(30))
            #expect(lan.hosts.indices.allSatisfy { lan.sees($0).count == count - 1 })
            let from = lan.now
            lan.run(for: .seconds(60))
            let packets = lan.wire.filter { $0.at > from }.count
            rates[count] = Double(packets) / 60 / Double(count)
        }
        let small = try #require(rates[3]), large = try #require(rates[10])
        print("mDNS settled traffic, packets per second per peer: 3 peers \(small), 10 peers \(large)")
        #expect(large < 0.6, "packets per second per peer with 10 peers: \(large)")
        #expect(large < small * 1.5, "3 peers: \(small), 10 peers: \(large)")
    }
}

@Suite("mDNS packet splitting under the size cap")
struct MDNSPacketSplitterTests {
    func ptr(_ n: Int) -> DNSRecord {
        DNSRecord(name: MDNSServiceNames.serviceType,
                  data: .ptr(DNSName(instance: "peer number \(n)", service: MDNSServiceNames.serviceType)!), ttl: 8)
    }

    @Test("known answers that do not fit continue in more packets, each but the last with TC")
    func queryIsSplit() throws {
        let known = (0..<100).map(ptr)
        let packets = MDNSPacketSplitter.query(questions: [DNSQuestion(name: MDNSServiceNames.serviceType, type: .ptr)],
                                               knownAnswers: known, maxBytes: 512)
        #expect(packets.count > 1)
        #expect(packets.allSatisfy { $0.encodedSize <= 512 })
        #expect(packets.dropLast().allSatisfy(\.isTruncated) && !packets.last!.isTruncated)
        #expect(packets[0].questions.count == 1 && packets.dropFirst().allSatisfy(\.questions.isEmpty))
        let decoded = try packets.flatMap { try DNSMessage(decoding: $0.encoded()).answers }
        #expect(decoded == known)
    }

    @Test("a response is split between records and never exceeds the cap")
    func responseIsSplit() throws {
        let answers = (0..<100).map(ptr)
        let packets = MDNSPacketSplitter.response(answers: answers, maxBytes: 600)
        #expect(packets.count > 1 && packets.allSatisfy { $0.encodedSize <= 600 && $0.isResponse })
        #expect(packets.flatMap(\.answers) == answers)
        // With the real limits everything fits one packet well under 9000 bytes.
        let one = MDNSPacketSplitter.response(answers: Array(answers.prefix(20)))
        #expect(one.count == 1 && one[0].encodedSize <= MDNSLimits.preferredPacketBytes)
    }

    @Test("additionals that fit nowhere are left out, answers never")
    func additionalsAreOptional() {
        let packets = MDNSPacketSplitter.response(answers: [ptr(1)], additionals: (2..<200).map(ptr), maxBytes: 300)
        #expect(packets.count == 1 && packets[0].answers == [ptr(1)] && packets[0].encodedSize <= 300)
    }
}

@Suite("mDNS prober schedule")
struct MDNSProberTests {
    @Test("three probes 250 ms apart, then two announcements one second apart")
    func schedule() {
        var prober = MDNSProber()
        var random = SplitMix64(seed: 3)
        let t0 = SimulatedLAN.epoch
        prober.start(now: t0, random: &random)
        var actions: [(TimeAmount, MDNSProber.Action)] = []
        while let next = prober.nextAction {
            if let action = prober.due(now: next) { actions.append((next - t0, action)) }
        }
        #expect(actions.map(\.1) == [.probe, .probe, .probe, .announce, .announce])
        let first = actions[0].0
        #expect(first <= MDNSTiming.probeInitialDelayMax)
        #expect(actions.map(\.0) == [first, first + .milliseconds(250), first + .milliseconds(500),
                                     first + .milliseconds(750), first + .milliseconds(1_750)])
        #expect(prober.phase == .announced)
    }

    @Test("fifteen conflicts in ten seconds make the next probe wait five seconds")
    func conflictRateLimit() {
        var prober = MDNSProber()
        var random = SplitMix64(seed: 3)
        let t0 = SimulatedLAN.epoch
        prober.start(now: t0, random: &random)
        for n in 0..<14 { prober.conflict(now: t0 + .milliseconds(Int64(n) * 100)) }
        #expect(prober.nextAction == t0 + .milliseconds(1_300))
        prober.conflict(now: t0 + .milliseconds(1_400))
        #expect(prober.nextAction == t0 + .milliseconds(6_400))
    }

    @Test("the tie-break compares class, type and raw rdata; the later set wins")
    func tieBreakOrder() {
        let name = DNSName("ada._huddle._tcp.local.")!
        let low = [DNSRecord(name: name, data: .a([10, 0, 0, 1]), ttl: 8)]
        let high = [DNSRecord(name: name, data: .a([10, 0, 0, 2]), ttl: 8)]
        #expect(MDNSTieBreak.compare(low, high) < 0 && MDNSTieBreak.compare(high, low) > 0)
        #expect(MDNSTieBreak.compare(low, low) == 0)
        #expect(MDNSTieBreak.compare(low, low + high) < 0) // the set that runs out first loses
    }
}
