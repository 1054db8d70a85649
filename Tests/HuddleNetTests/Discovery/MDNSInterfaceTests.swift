import HuddleCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Testing
@testable import HuddleNet

@Suite("mDNS interfaces: selection, new links, changed addresses")
struct MDNSInterfaceTests {
    static let upRunning = UInt32(IFF_UP | IFF_RUNNING)

    @Test("by default: up, running, multicast, not loopback, not a container or VM bridge")
    func defaultSelection() {
        #expect(MDNSInterfaceScanner.isUsable(name: "eth0", flags: Self.upRunning, multicast: true, selected: []))
        #expect(MDNSInterfaceScanner.isUsable(name: "br0", flags: Self.upRunning, multicast: true, selected: []))
        for bridge in ["docker0", "br-3f2a", "virbr0", "lxcbr0", "vboxnet0", "cni0"] {
            #expect(!MDNSInterfaceScanner.isUsable(name: bridge, flags: Self.upRunning, multicast: true, selected: []))
        }
        #expect(!MDNSInterfaceScanner.isUsable(name: "lo", flags: Self.upRunning | UInt32(IFF_LOOPBACK), multicast: true, selected: []))
        #expect(!MDNSInterfaceScanner.isUsable(name: "eth0", flags: UInt32(IFF_UP), multicast: true, selected: []))
        #expect(!MDNSInterfaceScanner.isUsable(name: "eth0", flags: Self.upRunning, multicast: false, selected: []))
    }

    @Test("a selection names interfaces, loopback included, and excludes the rest")
    func explicitSelection() {
        #expect(MDNSInterfaceScanner.isUsable(name: "lo", flags: Self.upRunning | UInt32(IFF_LOOPBACK), multicast: true, selected: ["lo"]))
        #expect(MDNSInterfaceScanner.isUsable(name: "docker0", flags: Self.upRunning, multicast: true, selected: ["docker0"]))
        #expect(!MDNSInterfaceScanner.isUsable(name: "eth0", flags: Self.upRunning, multicast: true, selected: ["lo"]))
        #expect(!MDNSInterfaceScanner.isUsable(name: "lo", flags: UInt32(IFF_LOOPBACK), multicast: true, selected: ["lo"]))
    }

    @Test("an interface that appears after announcing gets two announcements and its own browse")
    func newInterfaceIsAnnounced() throws {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        let second = MDNSInterface(index: 3, name: "wlan0", ipv4: [MDNSSubnet(address: [192, 168, 5, 5], prefixLength: 24)], ipv6: [])
        engine.setInterfaces([SimulatedLAN.interface(MDNSResponderTests.me), second], now: now)
        var sent: [(NIODeadline, MDNSDatagram)] = []
        var clock = now
        while let next = engine.nextDeadline, next <= now + .seconds(3) {
            clock = max(clock, next)
            sent += engine.advance(now: clock).map { (clock, $0) }
        }
        let onNew = sent.filter { $0.1.link.interfaceIndex == 3 }
        let announcements = try onNew.filter { try DNSMessage(decoding: $0.1.bytes).isResponse }
        #expect(announcements.count == 2)
        let records = try DNSMessage(decoding: try #require(announcements.first).1.bytes).answers
        #expect(records.contains { $0.data == .a([192, 168, 5, 5]) } && !records.contains { $0.data == .a(MDNSResponderTests.me) })
        #expect(onNew.contains { (try? DNSMessage(decoding: $0.1.bytes))?.questions.first?.type == DNSRecordType.ptr.rawValue })
    }

    @Test("a changed address is announced again, with a goodbye for the old one")
    func changedAddress() throws {
        var (engine, now) = MDNSResponderTests.announcedEngine()
        engine.setInterfaces([SimulatedLAN.interface([10, 0, 0, 77])], now: now)
        let sent = try engine.advance(now: now).map { try DNSMessage(decoding: $0.bytes) }
        let goodbye = sent.flatMap(\.answers).filter { $0.ttl == 0 }
        #expect(goodbye.map(\.data) == [.a(MDNSResponderTests.me)])
        #expect(sent.flatMap(\.answers).contains { $0.data == .a([10, 0, 0, 77]) && $0.ttl > 0 })
    }

    @Test("another host answering for our host name while we probe makes us pick huddle-<id>-2")
    func hostNameConflict() throws {
        var engine = MDNSEngine(configuration: DiscoveryConfiguration(nickname: "ada", peerID: SimulatedLAN.peerID(1), port: 1),
                                random: SplitMix64(seed: 7))
        let now = SimulatedLAN.epoch
        engine.setInterfaces([SimulatedLAN.interface(MDNSResponderTests.me)], now: now)
        engine.start(now: now)
        let host = engine.names.host
        let claim = DNSMessage.response(answers: [DNSRecord(name: host, data: .a([10, 0, 0, 66]), ttl: 120, cacheFlush: true)])
        engine.receive(claim.encoded(), on: SimulatedLAN.link, from: [10, 0, 0, 66], port: 5353, now: now)
        #expect(engine.names.host.description == host.description.replacingOccurrences(of: ".local.", with: "-2.local."))
        #expect(engine.names.instanceLabel == "ada" && engine.counters.conflicts == 1)
    }
}
