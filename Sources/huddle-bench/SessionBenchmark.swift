import ArgumentParser
import Foundation
import HuddleCore
import HuddleNet
import NIOPosix

/// `huddle-bench sessions`: how long a session takes to set up on loopback: TCP connect,
/// TLS 1.3 with both Ed25519 keys checked, and both Hellos (goal: at most 10 ms).
struct SessionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "TLS session set-up time on loopback.")

    @Option(help: "Sessions to time.") var count = 200

    struct AcceptAll: PeerTrustPolicy {
        func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision { .accept }
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let aliceID = DeviceIdentity(), bobID = DeviceIdentity()
        // Sessions follow one another from one host as fast as they can: no churn bound here.
        var settings = SessionManager.Settings(nickname: "bob", port: 0)
        settings.connectionRate = ConnectionRate(burst: count + 1, perSecond: 1_000_000)
        let bob = SessionManager(identity: bobID, tls: try SessionTLS(identity: bobID, policy: AcceptAll()),
                                 settings: settings, group: group)
        let port = try await bob.start()
        var times: [Double] = []
        for _ in 0..<count {
            let alice = SessionManager(identity: aliceID, tls: try SessionTLS(identity: aliceID, policy: AcceptAll()),
                                       settings: .init(nickname: "alice", port: 0), group: group)
            var iterator = alice.events.makeAsyncIterator()
            let start = DispatchTime.now().uptimeNanoseconds
            alice.dial(host: "127.0.0.1", port: port, expected: bobID.peerID)
            while let event = await iterator.next() {
                if case .established = event { break }
                if case let .refused(_, reason, _, _) = event { throw ValidationError("refused: \(reason)") }
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            await alice.stop()
        }
        await bob.stop()
        try await group.shutdownGracefully()
        try printJSON([
            "bench": "session-setup",
            "sessions": count,
            "setup_ms_median": median(times),
            "setup_ms_p99": percentile(times, 0.99),
            "goal_setup_ms": 10,
            "includes": "TCP connect, TLS 1.3 (Ed25519, both keys pinned), Hello both ways",
        ])
    }
}
