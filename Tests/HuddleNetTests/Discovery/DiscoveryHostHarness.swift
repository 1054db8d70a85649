import Foundation
import HuddleCore
import NIOPosix
import Testing
@testable import HuddleNet

/// Runs one real Discovery on real sockets until SIGTERM, for Tests/e2e/discovery.sh
/// (which starts it inside network namespaces). Skipped unless HUDDLE_MDNS_HOST is set.
///
/// Environment: HUDDLE_MDNS_NICK, HUDDLE_MDNS_ID_SEED (a byte: the peer ID is SHA-256 of
/// 32 such bytes), HUDDLE_MDNS_PORT, HUDDLE_MDNS_INTERFACE (optional). Prints JSON lines
/// on stdout: `{"t":…,"event":"started"|"found"|"lost"|"stopped",…}` with wall-clock times.
@Suite("Discovery host for the end-to-end script")
struct DiscoveryHostHarness {
    static let environment = ProcessInfo.processInfo.environment

    @Test("runs a discovery host until SIGTERM", .enabled(if: environment["HUDDLE_MDNS_HOST"] != nil))
    func runDiscoveryHost() async throws {
        let env = Self.environment
        let seed = UInt8(env["HUDDLE_MDNS_ID_SEED"] ?? "1") ?? 1
        let id = PeerID(publicKey: [UInt8](repeating: seed, count: 32))
        let configuration = DiscoveryConfiguration(
            nickname: env["HUDDLE_MDNS_NICK"] ?? "host\(seed)", peerID: id,
            port: UInt16(env["HUDDLE_MDNS_PORT"] ?? "47000") ?? 47_000,
            interfaces: env["HUDDLE_MDNS_INTERFACE"].map { $0.split(separator: ",").map(String.init) } ?? [])
        let discovery = Discovery(configuration: configuration, group: MultiThreadedEventLoopGroup.singleton)
        signal(SIGTERM, SIG_IGN)
        let termination = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        termination.setEventHandler {
            Task { await discovery.stop() } // sends goodbyes, then ends `events` below
        }
        termination.resume()
        try await discovery.start()
        Self.emit(["event": "started", "id": id.description, "nickname": configuration.nickname])
        let sampler = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(5))
                let c = discovery.counters
                Self.emit(["event": "counters", "sent": c.packetsSent, "received": c.packetsReceived,
                           "dropped": c.packetsDropped, "own": c.ownPackets])
            }
        }
        defer { sampler.cancel() }
        for await event in discovery.events {
            switch event {
            case let .found(peer):
                Self.emit(["event": "found", "id": peer.id.description, "nickname": peer.nickname,
                           "addresses": peer.addresses, "port": Int(peer.port), "instance": discovery.instanceName])
            case let .lost(peerID):
                Self.emit(["event": "lost", "id": peerID.description])
            }
        }
        let c = discovery.counters
        Self.emit(["event": "stopped", "sent": c.packetsSent, "received": c.packetsReceived, "dropped": c.packetsDropped,
                   "own": c.ownPackets, "conflicts": c.conflicts, "sendErrors": c.sendErrors])
    }

    static func emit(_ fields: [String: Any]) {
        var line = fields
        line["t"] = Date().timeIntervalSince1970
        guard let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
