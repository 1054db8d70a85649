import Foundation
import HuddleCore
import NIOCore
import NIOPosix
import NIOSSL
import Testing
@testable import HuddleNet

/// A trust policy for tests: accepts or refuses everything, and remembers what it saw.
final class RecordingPolicy: PeerTrustPolicy, @unchecked Sendable {
    let decision: TrustDecision
    private let lock = NSLock()
    private var seen: [[UInt8]] = []

    init(_ decision: TrustDecision) { self.decision = decision }

    func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision {
        lock.withLock { seen.append(publicKey) }
        return decision
    }

    var keys: [[UInt8]] { lock.withLock { seen } }
}

/// Echoes what it reads.
final class Echo: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }
}

/// Completes with the first bytes read, or fails when the connection ends or errs first.
final class FirstRead: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<String>
    init(promise: EventLoopPromise<String>) { self.promise = promise }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        promise.succeed(String(buffer: unwrapInboundIn(data)))
    }
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
    }
}

@Suite("TLS 1.3 sessions with pinned keys", .serialized)
struct SessionTLSTests {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let alice = DeviceIdentity()
    let bob = DeviceIdentity()

    /// Starts bob's listener; returns its port and the box that learns the client's key.
    func listen(policy: any PeerTrustPolicy) async throws -> (Channel, PeerKeyBox) {
        let tls = try SessionTLS(identity: bob, policy: policy)
        let box = PeerKeyBox()
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(tls.serverHandler(peer: box))
                    try channel.pipeline.syncOperations.addHandler(Echo())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return (server, box)
    }

    /// Alice dials, sends "hello" and returns what came back (or throws).
    func dial(port: Int, tls: SessionTLS, expected: PeerID?, box: PeerKeyBox) async throws -> String {
        let promise = group.next().makePromise(of: String.self)
        let client = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(tls.clientHandler(expected: expected, peer: box))
                    try channel.pipeline.syncOperations.addHandler(FirstRead(promise: promise))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        defer { client.close(promise: nil) }
        try? await client.writeAndFlush(ByteBuffer(string: "hello")) // a refused handshake closes it
        return try await promise.futureResult.get()
    }

    @Test("two peers with Ed25519 keys complete TLS 1.3 and learn each other's keys")
    func pinnedKeysAccepted() async throws {
        let (server, serverBox) = try await listen(policy: RecordingPolicy(.accept))
        defer { server.close(promise: nil) }
        let clientBox = PeerKeyBox()
        let tls = try SessionTLS(identity: alice, policy: RecordingPolicy(.accept))
        let echoed = try await dial(port: server.localAddress!.port!, tls: tls, expected: bob.peerID, box: clientBox)
        #expect(echoed == "hello")
        #expect(clientBox.outcome == .accepted(publicKey: bob.publicKey))
        #expect(serverBox.outcome == .accepted(publicKey: alice.publicKey))
    }

    @Test("a peer that answers with another key than the one dialed is refused")
    func wrongKeyRefused() async throws {
        let (server, _) = try await listen(policy: RecordingPolicy(.accept))
        defer { server.close(promise: nil) }
        let clientBox = PeerKeyBox()
        let tls = try SessionTLS(identity: alice, policy: RecordingPolicy(.accept))
        let someoneElse = DeviceIdentity().peerID
        await #expect(throws: (any Error).self) {
            _ = try await dial(port: server.localAddress!.port!, tls: tls, expected: someoneElse, box: clientBox)
        }
        guard case let .refused(reason) = clientBox.outcome else { Issue.record("not refused"); return }
        #expect(reason.contains(someoneElse.short))
    }

    @Test("a client the trust policy refuses gets no session")
    func policyRefusalEndsSession() async throws {
        let policy = RecordingPolicy(.reject("blocked by the user"))
        let (server, serverBox) = try await listen(policy: policy)
        defer { server.close(promise: nil) }
        let tls = try SessionTLS(identity: alice, policy: RecordingPolicy(.accept))
        await #expect(throws: (any Error).self) {
            _ = try await dial(port: server.localAddress!.port!, tls: tls, expected: nil, box: PeerKeyBox())
        }
        #expect(serverBox.outcome == .refused("blocked by the user"))
        #expect(policy.keys == [alice.publicKey])
    }

    @Test("a client without a certificate is refused")
    func noClientCertificateRefused() async throws {
        let (server, serverBox) = try await listen(policy: RecordingPolicy(.accept))
        defer { server.close(promise: nil) }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv13
        configuration.certificateVerification = .none
        let context = try NIOSSLContext(configuration: configuration)
        let promise = group.next().makePromise(of: String.self)
        let client = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    try channel.pipeline.syncOperations.addHandler(FirstRead(promise: promise))
                }
            }
            .connect(host: "127.0.0.1", port: server.localAddress!.port!).get()
        // The server may already have closed the connection: the write failing is fine too.
        try? await client.writeAndFlush(ByteBuffer(string: "hello"))
        await #expect(throws: (any Error).self) { _ = try await promise.futureResult.get() }
        #expect(serverBox.outcome == .pending, "the server never saw a key")
    }

    @Test("a TLS 1.2 client (openssl s_client -tls1_2) is refused",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "SKIP: openssl is not installed"))
    func tls12Refused() async throws {
        let (server, serverBox) = try await listen(policy: RecordingPolicy(.accept))
        defer { server.close(promise: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_client", "-tls1_2", "-connect", "127.0.0.1:\(server.localAddress!.port!)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("alert protocol version") || text.contains("no protocols available") || text.contains("wrong version"), "\(text)")
        #expect(serverBox.outcome == .pending)
    }
}
