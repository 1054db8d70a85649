import Foundation
import HuddleCore
import HuddleTesting
import NIOCore
import NIOPosix
import Testing
@testable import HuddleNet

/// What one host can make a peer hold with connections and offers; named after the attacks.
@Suite("Connection and offer caps", .serialized)
struct ConnectionCapTests {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    @Test("a host that opens hundreds of connections and holds them gets its share; another host still gets a session")
    func hostHoldingHundredsOfConnections() async throws {
        let bobID = DeviceIdentity()
        let bob = SessionManager(identity: bobID, tls: try SessionTLS(identity: bobID, policy: AcceptAll()),
                                 settings: .init(nickname: "bob", port: 0), group: group)
        let port = try await bob.start()
        var held: [Channel] = []
        for _ in 0..<200 {
            if let channel = try? await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get() { held.append(channel) }
        }
        // Past the host's share, bob closes each connection as it accepts it.
        #expect(await eventually { held.filter(\.isActive).count <= bob.settings.maxConnectionsPerHost })
        #expect(bob.limiter.open <= bob.settings.maxConnectionsPerHost)
        #expect(bob.lock.withLock { bob.connections.count } <= bob.settings.maxConnectionsPerHost,
                "a refused connection is not listed, so nothing keeps it past its close")
        // An honest peer on another address (IPv6 loopback) still gets its session.
        let aliceID = DeviceIdentity()
        let alice = SessionManager(identity: aliceID, tls: try SessionTLS(identity: aliceID, policy: AcceptAll()),
                                   settings: .init(nickname: "alice", port: 0), group: group)
        _ = try await alice.start()
        alice.dial(host: "::1", port: port, expected: bobID.peerID)
        #expect(await eventually { !bob.connectedPeers.isEmpty })
        for channel in held { try? await channel.close() }
        await alice.stop()
        await bob.stop()
    }

    @Test("a Hello with a nickname of 800 KB is refused with the reason, and no session comes up")
    func megabyteNickname() async throws {
        let aliceID = DeviceIdentity(), bobID = DeviceIdentity()
        let huge = String(repeating: "ä", count: 400_000) // 800 KB of UTF-8: as long as a frame allows
        let alice = SessionManager(identity: aliceID, tls: try SessionTLS(identity: aliceID, policy: AcceptAll()),
                                   settings: .init(nickname: huge, port: 0), group: group)
        let bob = SessionManager(identity: bobID, tls: try SessionTLS(identity: bobID, policy: AcceptAll()),
                                 settings: .init(nickname: "bob", port: 0), group: group)
        let bobEvents = EventLog(bob)
        _ = try await alice.start()
        let port = try await bob.start()
        alice.dial(host: "127.0.0.1", port: port, expected: bobID.peerID)
        let refusal = await bobEvents.wait { isRefused($0) }
        guard case let .refused(_, reason, _, _)? = refusal else {
            Issue.record("bob did not refuse: \(bobEvents.all)")
            return
        }
        #expect(reason.contains("nickname") && reason.count < 300, "\(reason.prefix(300))")
        #expect(bob.connectedPeers.isEmpty)
        #expect(await eventually { alice.connectedPeers.isEmpty }, "alice is told and her session ends")
        await alice.stop()
        await bob.stop()
    }

    @Test("a peer whose offers pile up unanswered is refused past its share of waiting offers")
    func offersPilingUp() async throws {
        var settings = TransferEngine.Settings(nickname: "bob")
        settings.maxWaitingOffersPerPeer = 2
        let pair = try await TransferPair.make(bobSettings: settings)
        for name in ["a", "b", "c"] { try await Blocking.writeRandom(pair.sendFolder + "/\(name).bin", count: 100, seed: 1) }
        _ = try await pair.offer([pair.sendFolder + "/a.bin"])
        _ = try await pair.offer([pair.sendFolder + "/b.bin"])
        _ = try await pair.alice.offer(to: pair.bobID, host: "127.0.0.1", port: pair.bobPort, paths: [pair.sendFolder + "/c.bin"])
        let refusal = try await pair.bobEvents.wait("the third offer is refused") { if case let .offerRefused(_, reason) = $0 { reason } else { nil } }
        #expect(refusal.contains("too many of your offers"))
        #expect(await pair.bob.transfers().filter { $0.state == .offered }.count == 2)
        await pair.cleanUp()
    }

    @Test("a nickname cut to 32 characters never splits one, and short ones are kept as they are")
    func nicknameCap() {
        #expect(ReceivedNickname.capped("ada") == "ada")
        #expect(ReceivedNickname.capped(String(repeating: "👩‍💻", count: 40)) == String(repeating: "👩‍💻", count: 32))
        let marks = "a" + String(repeating: "\u{301}", count: 100_000)
        #expect(ReceivedNickname.capped(marks).unicodeScalars.count <= ReceivedNickname.maxCharacters * 4)
    }
}
