import HuddleCore
import NIOCore
@testable import HuddleNet

/// A LAN of engines on one virtual clock: every multicast reaches every engine on it (the
/// sender too, as IP_MULTICAST_LOOP does), unicast reaches the addressed one. Minutes of
/// protocol run in milliseconds.
struct SimulatedLAN {
    struct Host {
        var engine: MDNSEngine
        var address: [UInt8]
        var online = true
        var events: [(at: NIODeadline, event: DiscoveryEvent)] = []
        var sent: [MDNSDatagram] = []
    }

    static let link = MDNSLink(interfaceIndex: 2, family: .v4)
    static let epoch = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    var hosts: [Host] = []
    var now = SimulatedLAN.epoch
    /// Every datagram that went over the wire, with when.
    var wire: [(at: NIODeadline, from: Int, datagram: MDNSDatagram)] = []

    static func peerID(_ n: UInt8) -> PeerID { PeerID(publicKey: [UInt8](repeating: n, count: 32)) }

    static func interface(_ address: [UInt8]) -> MDNSInterface {
        MDNSInterface(index: 2, name: "eth0", ipv4: [MDNSSubnet(address: address, prefixLength: 24)], ipv6: [])
    }

    /// Adds a host `10.0.0.<n>` and starts it now.
    @discardableResult
    mutating func add(_ nickname: String, id: UInt8, port: UInt16 = 47_000, seed: UInt64? = nil, start: Bool = true) -> Int {
        let address: [UInt8] = [10, 0, 0, UInt8(hosts.count + 1)]
        var engine = MDNSEngine(configuration: DiscoveryConfiguration(nickname: nickname, peerID: Self.peerID(id), port: port),
                                random: SplitMix64(seed: seed ?? UInt64(id)))
        engine.setInterfaces([Self.interface(address)], now: now)
        if start { engine.start(now: now) }
        hosts.append(Host(engine: engine, address: address))
        return hosts.count - 1
    }

    /// Runs every host until `end`, delivering packets at once.
    mutating func run(until end: NIODeadline) {
        while true {
            flush()
            let next = hosts.indices.filter { hosts[$0].online }.compactMap { hosts[$0].engine.nextDeadline }.min()
            guard let next, next <= end else { break }
            now = max(now, next)
        }
        now = end
        flush()
    }

    mutating func run(for amount: TimeAmount) { run(until: now + amount) }

    /// Advances every online host at `now` and delivers what they send, until quiet.
    mutating func flush() {
        var progress = true
        while progress {
            progress = false
            for index in hosts.indices where hosts[index].online {
                let out = hosts[index].engine.advance(now: now)
                collect(index)
                for datagram in out {
                    progress = true
                    deliver(datagram, from: index)
                }
            }
        }
    }

    mutating func deliver(_ datagram: MDNSDatagram, from sender: Int) {
        wire.append((now, sender, datagram))
        hosts[sender].sent.append(datagram)
        for index in hosts.indices where hosts[index].online {
            switch datagram.destination {
            case .multicast: break
            case let .unicast(address, _): if hosts[index].address != address { continue }
            }
            hosts[index].engine.receive(datagram.bytes, on: Self.link, from: hosts[sender].address, port: 5353, now: now)
            collect(index)
        }
    }

    mutating func collect(_ index: Int) {
        for event in hosts[index].engine.takeEvents() { hosts[index].events.append((now, event)) }
    }

    /// Stops a host cleanly: its goodbyes go out.
    mutating func stop(_ index: Int) {
        for datagram in hosts[index].engine.stop(now: now) { deliver(datagram, from: index) }
        hosts[index].online = false
    }

    /// The first time `observer` saw `subject` found.
    func foundTime(of subject: Int, by observer: Int) -> NIODeadline? {
        let id = hosts[subject].engine.names.peerID
        return hosts[observer].events.first { if case let .found(peer) = $0.event { peer.id == id } else { false } }?.at
    }

    /// The first time `observer` saw `subject` lost.
    func lostTime(of subject: Int, by observer: Int) -> NIODeadline? {
        let id = hosts[subject].engine.names.peerID
        return hosts[observer].events.first { $0.event == .lost(id) }?.at
    }

    func sees(_ observer: Int) -> Set<String> { Set(hosts[observer].engine.peerView.values.map(\.nickname)) }
}
