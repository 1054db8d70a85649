import HuddleTesting
import HuddleCore
import NIOCore
import NIOPosix
import Testing
@testable import HuddleNet

struct AcceptAll: PeerTrustPolicy {
    func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision { .accept }
}

/// Collects a manager's events so tests can wait for them.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [SessionEvent] = []
    private var task: Task<Void, Never>?

    init(_ manager: SessionManager) {
        task = Task { [weak self] in
            for await event in manager.events { self?.append(event) }
        }
    }

    private func append(_ event: SessionEvent) { lock.withLock { events.append(event) } }

    var all: [SessionEvent] { lock.withLock { events } }

    /// Waits up to `seconds` for an event matching `match`. The limit is generous: a loaded
    /// machine running the whole suite on two cores can take seconds to schedule a handshake.
    func wait(_ seconds: Double = 20, _ match: (SessionEvent) -> Bool) async -> SessionEvent? {
        await eventually(seconds, every: .milliseconds(10)) { all.first(where: match) }
    }
}

func isEstablished(_ event: SessionEvent) -> Bool {
    if case .established = event { return true }
    return false
}

func isRefused(_ event: SessionEvent) -> Bool {
    if case .refused = event { return true }
    return false
}

import Foundation

@Suite("Sessions between peers", .serialized)
struct SessionManagerTests {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    func manager(_ nickname: String, _ identity: DeviceIdentity = DeviceIdentity(),
                 configure: (inout SessionManager.Settings) -> Void = { _ in }) throws -> SessionManager {
        var settings = SessionManager.Settings(nickname: nickname, port: 0)
        configure(&settings)
        return SessionManager(identity: identity, tls: try SessionTLS(identity: identity, policy: AcceptAll()),
                              settings: settings, group: group)
    }

    @Test("a dialed peer and the dialer both see the session with each other's nickname and key")
    func dialEstablishes() async throws {
        let aliceID = DeviceIdentity(), bobID = DeviceIdentity()
        let alice = try manager("alice", aliceID), bob = try manager("bob", bobID)
        let aliceLog = EventLog(alice), bobLog = EventLog(bob)
        _ = try await alice.start()
        let bobPort = try await bob.start()
        alice.dial(host: "127.0.0.1", port: bobPort, expected: bobID.peerID)
        guard case let .established(seenByAlice)? = await aliceLog.wait(20, isEstablished),
              case let .established(seenByBob)? = await bobLog.wait(20, isEstablished) else {
            Issue.record("no session: \(aliceLog.all) \(bobLog.all)")
            return
        }
        #expect(seenByAlice.id == bobID.peerID && seenByAlice.nickname == "bob" && seenByAlice.dialedByUs)
        #expect(seenByBob.id == aliceID.peerID && seenByBob.nickname == "alice" && !seenByBob.dialedByUs)
        #expect(seenByBob.listenPort == alice.port)
        await alice.stop()
        #expect(await bobLog.wait(20) { if case .closed = $0 { true } else { false } } != nil)
        await bob.stop()
    }

    @Test("a peer whose messages are not handled is not read from until they are: the backlog stays bounded")
    func unhandledMessagesPauseReading() async throws {
        let aliceID = DeviceIdentity(), bobID = DeviceIdentity()
        let alice = try manager("alice", aliceID), bob = try manager("bob", bobID)
        let bobLog = EventLog(bob)
        _ = try await alice.start()
        let bobPort = try await bob.start()
        alice.dial(host: "127.0.0.1", port: bobPort, expected: bobID.peerID)
        #expect(await bobLog.wait(20, isEstablished) != nil)
        #expect(await eventually { !alice.connectedPeers.isEmpty })
        var envelope = Huddle_V1_Envelope()
        envelope.syncState = Huddle_V1_SyncState.with { $0.documents = [.with { $0.document = String(repeating: "x", count: 4000) }] }
        for _ in 0..<2000 { alice.send(envelope, to: bobID.peerID) }
        func messages() -> Int { bobLog.all.filter { if case .message = $0 { true } else { false } }.count }
        // Reading stops once `pauseAfter` messages wait: the flag goes up, and once the event
        // loop has finished what it was decoding (a task submitted after it runs after it),
        // nothing more arrives.
        #expect(await eventually { bob.lock.withLock { bob.paused.contains(aliceID.peerID) } })
        let channel = try #require(bob.lock.withLock { bob.sessions[aliceID.peerID]?.channel })
        try await channel.eventLoop.submit {}.get()
        let whilePaused = messages()
        #expect(whilePaused >= SessionManager.pauseAfter && whilePaused < 400, "reading paused with \(whilePaused) unhandled")
        for _ in 0..<whilePaused { bob.consumed(from: aliceID.peerID) }
        #expect(await eventually { messages() > whilePaused + 50 }, "reading resumed once the backlog was handled")
        await alice.stop()
        await bob.stop()
    }

    @Test("when both peers dial at once, both keep the same single session")
    func simultaneousDialKeepsOne() async throws {
        let aliceID = DeviceIdentity(), bobID = DeviceIdentity()
        let alice = try manager("alice", aliceID), bob = try manager("bob", bobID)
        let alicePort = try await alice.start(), bobPort = try await bob.start()
        alice.dial(host: "127.0.0.1", port: bobPort, expected: bobID.peerID)
        bob.dial(host: "127.0.0.1", port: alicePort, expected: aliceID.peerID)
        // Until both connections have arrived and been resolved: one session and one
        // connection left on each side, the same one.
        #expect(await eventually {
            alice.connectedPeers.count == 1 && bob.connectedPeers.count == 1
                && alice.lock.withLock { alice.connections.count } == 1 && bob.lock.withLock { bob.connections.count } == 1
                && alice.connectedPeers.first?.dialedByUs != bob.connectedPeers.first?.dialedByUs
        })
        let aliceDialed = try #require(alice.connectedPeers.first).dialedByUs
        let bobDialed = try #require(bob.connectedPeers.first).dialedByUs
        #expect(aliceDialed != bobDialed, "both sides must keep the same connection")
        #expect(aliceDialed == (aliceID.peerID < bobID.peerID), "the peer with the smaller ID dialed the kept one")
        await alice.stop()
        await bob.stop()
    }

    @Test("when one peer dials the other twice at once, both sides keep the same connection")
    func doubleDialKeepsTheSameConnection() async throws {
        let aliceID = DeviceIdentity(), bobID = DeviceIdentity()
        let alice = try manager("alice", aliceID), bob = try manager("bob", bobID)
        let aliceLog = EventLog(alice), bobLog = EventLog(bob)
        let bobPort = try await bob.start()
        // Over IPv4 and IPv6, as a peer found at two addresses is dialed; several rounds, since
        // the two sides may see the connections come up in either order.
        for _ in 0..<6 {
            alice.dial(host: "127.0.0.1", port: bobPort, expected: bobID.peerID)
            alice.dial(host: "::1", port: bobPort, expected: bobID.peerID)
            try await Task.sleep(for: .milliseconds(150))
        }
        _ = await eventually { alice.lock.withLock { alice.connections.count } <= 1 && bob.lock.withLock { bob.connections.count } <= 1 }
        let kept = alice.lock.withLock { alice.sessions[bobID.peerID]?.channel.localAddress?.port }
        let seenByBob = bob.lock.withLock { bob.sessions[aliceID.peerID]?.channel.remoteAddress?.port }
        let closed = (aliceLog.all + bobLog.all).compactMap { if case let .closed(_, reason, _) = $0 { reason } else { nil } }
        #expect(kept != nil && kept == seenByBob, "both sides keep the same connection; sessions closed: \(closed)")
        await alice.stop()
        await bob.stop()
    }

    @Test("peers whose protocol versions do not overlap are refused, and both are told why")
    func incompatibleVersionRefused() async throws {
        let alice = try manager("alice"), bob = try manager("bob") { $0.versions = 2...3 }
        let aliceLog = EventLog(alice), bobLog = EventLog(bob)
        let bobPort = try await bob.start()
        alice.dial(host: "127.0.0.1", port: bobPort, expected: nil)
        let aliceSaw = await aliceLog.wait(20, isRefused)
        let bobSaw = await bobLog.wait(20, isRefused)
        for event in [aliceSaw, bobSaw] {
            guard case let .refused(_, reason, incompatible, _)? = event else { Issue.record("no refusal: \(aliceLog.all) \(bobLog.all)"); continue }
            #expect(reason.contains("protocol versions do not overlap"))
            #expect(incompatible, "both sides learn that someone must upgrade")
        }
        #expect(alice.connectedPeers.isEmpty && bob.connectedPeers.isEmpty)
        await alice.stop()
        await bob.stop()
    }

    @Test("an idle session stays up on the dialer's pings, which the answerer answers")
    func pingsKeepIdleSessionAlive() async throws {
        let fast: (inout SessionManager.Settings) -> Void = { $0.pingAfter = .milliseconds(200); $0.deadAfter = .milliseconds(1500) }
        let bobID = DeviceIdentity()
        let alice = try manager("alice", configure: fast), bob = try manager("bob", bobID, configure: fast)
        let aliceLog = EventLog(alice), bobLog = EventLog(bob)
        let bobPort = try await bob.start()
        alice.dial(host: "127.0.0.1", port: bobPort, expected: bobID.peerID)
        #expect(await aliceLog.wait(20, isEstablished) != nil)
        // Twelve keep-alive round trips at 200 ms are well past the 1.5 s silence limit, and
        // they come only while the session lives: a close before them would show.
        #expect(await eventually { alice.pongsReceived >= 12 })
        #expect(bob.pongsReceived <= 1, "the answerer hears the dialer's pings and so need not ask")
        #expect(!aliceLog.all.contains { if case .closed = $0 { true } else { false } })
        #expect(!bobLog.all.contains { if case .closed = $0 { true } else { false } })
        #expect(alice.connectedPeers.count == 1 && bob.connectedPeers.count == 1, "\(aliceLog.all)")
        await alice.stop()
        await bob.stop()
    }

    @Test("when the dialer does not ask, the answerer does, and the session stays up")
    func answererAsksWhenDialerDoesNot() async throws {
        let bobID = DeviceIdentity()
        // Alice asks only after a minute but allows 1.5 s of silence: bob's pings keep her.
        let alice = try manager("alice") { $0.pingAfter = .seconds(60); $0.deadAfter = .milliseconds(1500) }
        let bob = try manager("bob", bobID) { $0.pingAfter = .milliseconds(200); $0.deadAfter = .milliseconds(1500) }
        let aliceLog = EventLog(alice)
        let bobPort = try await bob.start()
        alice.dial(host: "127.0.0.1", port: bobPort, expected: bobID.peerID)
        #expect(await aliceLog.wait(20, isEstablished) != nil)
        #expect(await eventually { bob.pongsReceived >= 6 })
        #expect(!aliceLog.all.contains { if case .closed = $0 { true } else { false } })
        await alice.stop()
        await bob.stop()
    }

    @Test("session sockets have the kernel's TCP keep-alive on, with huddle's timings")
    func tcpKeepAliveOn() async throws {
        let bobID = DeviceIdentity()
        let alice = try manager("alice"), bob = try manager("bob", bobID)
        let aliceLog = EventLog(alice)
        let bobPort = try await bob.start()
        alice.dial(host: "127.0.0.1", port: bobPort, expected: bobID.peerID)
        #expect(await aliceLog.wait(20, isEstablished) != nil)
        #expect(await eventually { !bob.connectedPeers.isEmpty })
        for side in [alice, bob] {
            let channel = try #require(side.lock.withLock { side.sessions.values.first?.channel })
            #expect(try await channel.getOption(.socketOption(.so_keepalive)).get() != 0)
            #if os(Linux)
            let idle = try await channel.getOption(ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: 4))).get()
            #expect(Int(idle) == side.settings.tcpKeepAlive.idle)
            #endif
        }
        await alice.stop()
        await bob.stop()
    }

    @Test("dialing this peer's own port is refused")
    func selfSessionRefused() async throws {
        let aliceID = DeviceIdentity()
        let alice = try manager("alice", aliceID)
        let log = EventLog(alice)
        let port = try await alice.start()
        alice.dial(host: "127.0.0.1", port: port, expected: nil)
        #expect(await log.wait(20, isRefused) != nil)
        #expect(alice.connectedPeers.isEmpty)
        await alice.stop()
    }
    @Test("stopping closes connections still in their handshake, not only sessions")
    func stopClosesHandshakingConnections() async throws {
        // A minute of silence allowed: only `stop` can close the connection within the test.
        let bob = try manager("bob") { $0.deadAfter = .seconds(60) }
        let port = try await bob.start()
        let silent = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        #expect(await eventually { bob.lock.withLock { !bob.connections.isEmpty } })
        await bob.stop()
        #expect(await eventually { !silent.isActive }, "the connection that never said Hello was closed by stop")
        try? await silent.close()
    }

    @Test("a peer that redials while this one stops is left with no session")
    func redialDuringStopLeavesNoSession() async throws {
        let bobID = DeviceIdentity()
        let keepAlive: (inout SessionManager.Settings) -> Void = { $0.deadAfter = .seconds(60) }
        let alice = try manager("alice", configure: keepAlive), bob = try manager("bob", bobID, configure: keepAlive)
        let port = try await bob.start()
        alice.dial(host: "127.0.0.1", port: port, expected: bobID.peerID)
        #expect(await eventually { !alice.connectedPeers.isEmpty })
        // Alice redials as fast as she can, as a peer does on hearing the goodbye.
        let redialing = Task {
            while !Task.isCancelled {
                alice.dial(host: "127.0.0.1", port: port, expected: bobID.peerID)
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        await bob.stop()
        redialing.cancel()
        #expect(bob.connectedPeers.isEmpty && bob.lock.withLock { bob.connections.isEmpty })
        #expect(await eventually { alice.connectedPeers.isEmpty }, "no session survives the stop of its other end")
        await alice.stop()
    }
}
