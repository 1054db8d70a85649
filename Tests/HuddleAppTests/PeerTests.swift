import HuddleTesting
import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import Testing
@testable import HuddleApp

/// A peer in its own temporary home, for in-process tests over loopback. A test in a suite
/// with the `.stopsPeers` trait has every peer it started stopped (and its home removed) when
/// it ends, however it ends: a failing test leaves no peer and no port to the next.
struct TestPeer {
    let home: String
    let profile: LocalProfile
    let peer: Peer
    let port: Int

    static func start(_ nickname: String, port: Int = 0, staticPeers: [String] = [], home: String? = nil) async throws -> TestPeer {
        let home = home ?? NSTemporaryDirectory() + "huddle-peer-\(nickname)-\(UUID().uuidString.prefix(8))"
        let profile = try LocalProfile.load(home: home, nickname: nickname, environment: [:])
        let database = try HuddleDatabase(path: profile.folders.database)
        let peer = try Peer(profile: profile, database: database,
                            options: NetworkOptions(port: port, staticPeers: staticPeers.compactMap(PeerAddress.init(parsing:)), discovery: false))
        let started = TestPeer(home: home, profile: profile, peer: peer, port: try await peer.start())
        StartedPeers.current?.add(started)
        return started
    }

    func stop(removing: Bool = true) async {
        await peer.stop()
        if removing { try? FileManager.default.removeItem(atPath: home) }
    }
}

/// The peers one test started, to stop when it ends.
final class StartedPeers: @unchecked Sendable {
    @TaskLocal static var current: StartedPeers?
    private let lock = NSLock()
    private var peers: [TestPeer] = []

    func add(_ peer: TestPeer) { lock.withLock { peers.append(peer) } }

    func stopAll() async {
        for peer in lock.withLock({ peers }).reversed() { await peer.stop() }
    }
}

/// Stops every ``TestPeer`` a test started when the test ends, thrown out of or not.
struct StopsPeers: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard !test.isSuite else { return try await function() }
        let started = StartedPeers()
        try await StartedPeers.$current.withValue(started) {
            do {
                try await function()
            } catch {
                await started.stopAll()
                throw error
            }
            await started.stopAll()
        }
    }
}

extension Trait where Self == StopsPeers {
    /// Every peer a test starts is stopped when it ends, however it ends.
    static var stopsPeers: Self { StopsPeers() }
}

/// Key-change warnings a test has seen.
final class Warnings: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func add(_ name: String) { lock.withLock { names.append(name) } }
    var all: [String] { lock.withLock { names } }
}

@Suite("Peers over loopback", .serialized, .stopsPeers)
struct PeerTests {
    @Test("a static peer is dialed; both list each other online and remember the other")
    func staticPeerConnects() async throws {
        let bob = try await TestPeer.start("bob")
        let alice = try await TestPeer.start("alice", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await alice.peer.peers().contains { $0.nickname == "bob" && $0.online } })
        #expect(try await eventually { try await bob.peer.peers().contains { $0.nickname == "alice" && $0.online } })
        let seen = try #require(try await bob.peer.peers().first)
        #expect(seen.trust == .known && seen.id == alice.profile.identity.peerID.description)
        #expect(try await alice.peer.status().sessions == 1)
        await alice.stop()
        #expect(try await eventually { try await bob.peer.peers().first?.online == false })
        #expect(try await bob.peer.peers().first?.addresses.first == "127.0.0.1:\(alice.port)", "the listening address is remembered")
        await bob.stop()
    }

    @Test("a blocked peer loses its session and cannot come back")
    func blockedPeerRefused() async throws {
        let bob = try await TestPeer.start("bob")
        let alice = try await TestPeer.start("alice", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await bob.peer.peers().contains { $0.online } })
        let bobEvents = PeerEvents(bob.peer)
        _ = try await bob.peer.setTrust(.block, for: "alice")
        #expect(try await eventually { try await bob.peer.peers().allSatisfy { !$0.online } })
        // Alice redials; bob refuses her key at the handshake, and says so: once he has, she
        // has tried to come back and failed.
        #expect(await eventually { bobEvents.notices.contains { $0.contains("is blocked") } }, "\(bobEvents.notices)")
        #expect(try await bob.peer.peers().first?.trust == .blocked)
        #expect(try await bob.peer.peers().first?.online == false)
        await alice.stop()
        await bob.stop()
    }

    @Test("a known peer that comes back with a new key is refused and reported until verified")
    func changedKeyRefusedUntilVerified() async throws {
        let bob = try await TestPeer.start("bob")
        let alice = try await TestPeer.start("alice")
        let warnings = Warnings()
        let watcher = Task { [peer = alice.peer] in
            for await event in peer.events {
                if case let .keyChanged(warning) = event { warnings.add(warning.nickname) }
            }
        }
        defer { watcher.cancel() }
        // Alice learns bob at his address, then bob's device is replaced by a new key on the same port.
        await alice.peer.dialForTest(host: "127.0.0.1", port: bob.port, expected: nil)
        #expect(try await eventually { try await alice.peer.peers().contains { $0.nickname == "bob" && $0.online } })
        let port = bob.port, bobID = bob.profile.identity.peerID
        await bob.stop()
        // The new key takes bob's port at once; in a busy test process another socket can
        // take the freed port first, and then the new key comes back on another port, which
        // alice is told of as bob's (what discovery would do).
        let impostor = try await TestPeer.start("bob", port: port)
        #expect(try await eventually { try await alice.peer.peers().allSatisfy { !$0.online } })
        if impostor.port != port { await alice.peer.dialForTest(host: "127.0.0.1", port: impostor.port, expected: bobID) }
        // Alice redials by herself: each second while bob is freshly lost, then backing off to
        // 30 s.
        let reported = try await eventually(65) { try await alice.peer.status().keyChanges == 1 }
        let known = try await alice.peer.peers().map { "\($0.nickname) \($0.trust) \($0.addresses)" }
        #expect(reported, "impostor on \(impostor.port) (bob was on \(port)); alice knows \(known)")
        #expect(try await alice.peer.peers().allSatisfy { !$0.online }, "the new key gets no session")
        #expect(await eventually { warnings.all == ["bob"] }, "the user is warned once: \(warnings.all)")
        _ = try await alice.peer.setTrust(.verify, for: impostor.profile.identity.peerID.short)
        await alice.peer.dialForTest(host: "127.0.0.1", port: impostor.port, expected: impostor.profile.identity.peerID)
        #expect(try await eventually { try await alice.peer.peers().contains { $0.online && $0.trust == .verified } })
        #expect(try await alice.peer.status().keyChanges == 0)
        await alice.stop()
        await impostor.stop()
    }
}

@Suite("A known nickname with a new key", .serialized, .stopsPeers)
struct NewKeyTests {
    @Test("a new key that dialed in where a known peer was is listed as new with the key change, not as known; verifying makes it known")
    func newKeyListedAsNewUntilDecided() async throws {
        let alice = try await TestPeer.start("alice")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(alice.port)"])
        #expect(try await eventually { try await alice.peer.peers().contains { $0.nickname == "bob" && $0.online } })
        let bobID = bob.profile.identity.peerID, port = bob.port
        await bob.stop()
        let newBob = try await TestPeer.start("bob", port: port, staticPeers: ["127.0.0.1:\(alice.port)"])
        let newID = newBob.profile.identity.peerID
        #expect(try await eventually { try await alice.peer.peers().contains { $0.id == newID.description && $0.online } })
        // Alice dials bob's address expecting the old key: the new one answers.
        await alice.peer.dialForTest(host: "127.0.0.1", port: newBob.port, expected: bobID)
        #expect(try await eventually { try await alice.peer.status().keyChanges == 1 })
        let row = try await alice.peer.peers().first { $0.id == newID.description }
        #expect(row?.trust == .new, "the new key is not 'known' while the change waits: \(String(describing: row))")
        #expect(row?.keyChangeOf == bobID.short)
        #expect(row?.nameCollides == true, "its lines are marked with its short ID, never plain bob")
        _ = try await alice.peer.setTrust(.verify, for: newID.short)
        let verified = try await alice.peer.peers().first { $0.id == newID.description }
        #expect(verified?.trust == .verified && verified?.keyChangeOf == nil)
        await alice.stop()
        await newBob.stop()
    }
}

/// Runs blocking work (the CLI's socket client) on a thread of its own, so the task that
/// answers it is never starved of the cooperative pool's few threads.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

@Suite("The control socket", .serialized, .stopsPeers)
struct ControlSocketTests {
    @Test("verbs answer through a 0600 socket; a second peer on the same home is refused")
    func controlRoundTrip() async throws {
        let alice = try await TestPeer.start("alice")
        let path = alice.profile.folders.controlSocket
        let server = try await ControlServer.start(path: path, peer: alice.peer)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let status = try await blocking { try ControlClient(path: path).send(.status) }
        #expect(status.status?.nickname == "alice")
        #expect(try await blocking { try ControlClient(path: path).send(.peers) } == .peers([]))
        let unknown = try await blocking { try ControlClient(path: path).send(.trust(peer: "nobody", action: .verify)) }
        #expect(unknown == .failure("no peer called nobody"))
        await #expect(throws: ControlError.alreadyRunning(path)) { _ = try await ControlServer.start(path: path, peer: alice.peer) }
        await server.stop()
        #expect(throws: ControlError.noRunningPeer(path)) { try ControlClient(path: path).send(.status) }
        await alice.stop()
    }

    @Test("a socket left behind by a dead peer is replaced")
    func staleSocketReplaced() async throws {
        let alice = try await TestPeer.start("alice")
        let path = alice.profile.folders.controlSocket
        FileManager.default.createFile(atPath: path, contents: Data())
        let server = try await ControlServer.start(path: path, peer: alice.peer)
        #expect(try await blocking { try ControlClient(path: path).send(.status) }.status != nil)
        await server.stop()
        await alice.stop()
    }
}
