import HuddleTesting
import Foundation
import HuddleCore
import NIOCore
import NIOPosix
import Testing
@testable import HuddleNet

/// Collects an engine's events so tests can wait for one without blocking a thread.
final class TransferEventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [TransferEvent] = []

    init(_ stream: AsyncStream<TransferEvent>) {
        Task { for await event in stream { self.lock.withLock { self.events.append(event) } } }
    }

    var all: [TransferEvent] { lock.withLock { events } }

    /// The first event for which `match` returns a value, waiting up to `seconds`.
    func wait<T>(_ what: String, seconds: Double = 20, _ match: (TransferEvent) -> T?) async throws -> T {
        if let found = await eventually(seconds, every: .milliseconds(10), find: { all.lazy.compactMap(match).first }) { return found }
        Issue.record("timed out waiting for \(what); events: \(all)")
        throw CancellationError()
    }
}

/// Two engines on 127.0.0.1 with their own folders: alice sends, bob receives.
struct TransferPair {
    let alice: TransferEngine
    let bob: TransferEngine
    let aliceEvents: TransferEventLog
    let bobEvents: TransferEventLog
    let bobID: PeerID
    let bobPort: Int
    let root: URL

    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    static func make(chunkSize: Int = 1 << 18, lifetime: Duration = .seconds(60), rate: UInt64? = nil,
                     bobSettings: TransferEngine.Settings = .init(nickname: "bob")) async throws -> TransferPair {
        let aliceIdentity = DeviceIdentity(), bobIdentity = DeviceIdentity()
        var aliceSettings = TransferEngine.Settings(nickname: "alice")
        aliceSettings.chunkSize = chunkSize
        aliceSettings.offerLifetime = lifetime
        aliceSettings.maxBytesPerSecond = rate
        var bobSettings = bobSettings
        bobSettings.offerLifetime = lifetime
        bobSettings.spaceReserve = 0
        let alice = TransferEngine(tls: try SessionTLS(identity: aliceIdentity, policy: RecordingPolicy(.accept)), settings: aliceSettings, group: group)
        let bob = TransferEngine(tls: try SessionTLS(identity: bobIdentity, policy: RecordingPolicy(.accept)), settings: bobSettings, group: group)
        let port = try await bob.start(host: "127.0.0.1", port: 0)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-transfer-\(UUID().uuidString)")
        try await Blocking.run {
            for folder in ["send", "receive", "outside"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
        }
        return TransferPair(alice: alice, bob: bob, aliceEvents: TransferEventLog(alice.events), bobEvents: TransferEventLog(bob.events),
                            bobID: bobIdentity.peerID, bobPort: port, root: root)
    }

    var sendFolder: String { root.appendingPathComponent("send").path }
    var receiveFolder: String { root.appendingPathComponent("receive").path }

    /// Offers `paths` from alice to bob; returns the ID bob sees.
    func offer(_ paths: [String]) async throws -> OfferID {
        let id = try await alice.offer(to: bobID, host: "127.0.0.1", port: bobPort, paths: paths)
        let offered = try await bobEvents.wait("bob sees the offer") { event -> OfferID? in
            if case let .offered(summary) = event, summary.id == id { return summary.id }
            return nil
        }
        return offered
    }

    func waitDone(_ id: OfferID) async throws {
        try await bobEvents.wait("bob done") { if case .done(id) = $0 { true } else { nil } }
        try await aliceEvents.wait("alice done") { if case .done(id) = $0 { true } else { nil } }
    }

    func cleanUp() async {
        await alice.stop()
        await bob.stop()
        try? await Blocking.run { try FileManager.default.removeItem(at: root) }
    }
}

/// Runs blocking file work off the cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// `count` random bytes from a seeded generator, written to `path`.
    static func writeRandom(_ path: String, count: Int, seed: UInt64) async throws {
        try await run {
            var state = seed
            var bytes = [UInt8](repeating: 0, count: count)
            for index in bytes.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
    }

    static func contents(_ path: String) async throws -> Data {
        try await run { try Data(contentsOf: URL(fileURLWithPath: path)) }
    }

    /// Every file below `folder`, relative path -> bytes (links are listed as "link").
    static func tree(_ folder: String) async throws -> [String: Data] {
        try await run {
            var result: [String: Data] = [:]
            let manager = FileManager.default
            for case let relative as String in manager.enumerator(atPath: folder)! {
                let path = folder + "/" + relative
                let attributes = try manager.attributesOfItem(atPath: path)
                if attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                    result[relative] = Data("link".utf8)
                } else if attributes[.type] as? FileAttributeType == .typeRegular {
                    result[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
                }
            }
            return result
        }
    }
}
