import HuddleTesting
import Foundation
import HuddleCore
import NIOCore
import Testing
@testable import HuddleNet

/// A sender that speaks the wire protocol by hand, to break it.
struct HostileSender {
    let pair: TransferPair
    let tls: SessionTLS

    init(_ pair: TransferPair) throws {
        self.pair = pair
        tls = try SessionTLS(identity: DeviceIdentity(), policy: RecordingPolicy(.accept))
    }

    static func offer(_ files: [(String, UInt64)], chunkSize: Int = 1 << 16) -> TransferMessage {
        .frame(.with {
            $0.offer = .with {
                $0.offerID = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
                $0.files = files.map { file in .with { $0.path = file.0; $0.size = file.1 } }
                $0.chunkSize = UInt32(chunkSize)
                $0.totalBytes = files.reduce(0) { $0 + $1.1 }
                $0.nickname = "mallory"
                $0.expiresInSeconds = 60
            }
        })
    }

    static func chunk(file: UInt32, index: UInt64, _ bytes: [UInt8]) -> (TransferMessage, [UInt8]) {
        let data = ByteBuffer(bytes: bytes)
        let digest = ChunkDigest.of(data)
        return (.chunk(.with {
            $0.fileIndex = file
            $0.chunkIndex = index
            $0.length = UInt32(bytes.count)
            $0.digest = Data(digest)
        }, data), digest)
    }

    /// Sends `first`; if the receiver accepts (after `accept` runs with the offer's ID), sends
    /// `then`. Returns the receiver's answers until it closes.
    func run(_ first: [TransferMessage], accept: @escaping @Sendable (OfferID) async throws -> Void = { _ in },
             then: [TransferMessage] = []) async throws -> [Huddle_Transfer_V1_Frame] {
        let connection = try await TransferConnection.dial(group: TransferPair.group, tls: tls, host: "127.0.0.1", port: pair.bobPort,
                                                           expected: pair.bobID, timeout: .seconds(5))
        return try await connection.channel.executeThenClose { inbound, outbound in
            for message in first { try await outbound.write(message) }
            if case let .frame(frame) = first.first, case let .offer(offer)? = frame.body, let id = OfferID(bytes: Array(offer.offerID)) {
                let offered = try await pair.bobEvents.wait("bob sees the offer or refuses it") { event -> Bool? in
                    if case let .offered(summary) = event, summary.id == id { return true }
                    if case .offerRefused = event { return false }
                    return nil
                }
                if offered == true { try await accept(id) }
            }
            var answers: [Huddle_Transfer_V1_Frame] = []
            var sentRest = false
            do {
                for try await message in inbound {
                    guard case let .frame(frame) = message else { continue }
                    answers.append(frame)
                    if case .accept? = frame.body, !sentRest {
                        sentRest = true
                        for message in then { try await outbound.write(message) }
                    }
                }
            } catch {}
            return answers
        }
    }
}

func refusalReason(_ answers: [Huddle_Transfer_V1_Frame]) -> Huddle_Transfer_V1_Refusal.Reason? {
    answers.lazy.compactMap { if case let .refusal(refusal)? = $0.body { refusal.reason } else { nil } }.first
}

@Suite("A hostile sender is refused", .serialized)
struct HostileSenderTests {
    @Test("an offer with a refused name never reaches the user", arguments: ["../x", "/etc/cron.d/evil", "a/../../x", "ok/\u{1B}]0;pwned\u{7}"])
    func refusedName(_ name: String) async throws {
        let pair = try await TransferPair.make()
        let answers = try await HostileSender(pair).run([HostileSender.offer([(name, 4)])])
        #expect(refusalReason(answers) == .invalidOffer)
        _ = try await pair.bobEvents.wait("bob logs the refusal") { if case .offerRefused = $0 { true } else { nil } }
        #expect(!pair.bobEvents.all.contains { if case .offered = $0 { true } else { false } })
        #expect(try await Blocking.tree(pair.receiveFolder).isEmpty)
        await pair.cleanUp()
    }

    @Test func dataWithoutAnAcceptedOfferIsRefused() async throws {
        let pair = try await TransferPair.make()
        let (chunk, _) = HostileSender.chunk(file: 0, index: 0, Array("pushed".utf8))
        let answers = try await HostileSender(pair).run([.frame(.with { $0.start = .init() }), chunk])
        #expect(refusalReason(answers) == .protocolError)
        #expect(try await Blocking.tree(pair.receiveFolder).isEmpty)
        await pair.cleanUp()
    }

    @Test("more bytes than offered are cut off", arguments: [false, true])
    func moreThanOffered(_ asExtraChunk: Bool) async throws {
        let pair = try await TransferPair.make()
        let folder = pair.receiveFolder
        var rest: [TransferMessage] = [.frame(.with { $0.start = .init() })]
        if asExtraChunk {
            rest.append(HostileSender.chunk(file: 0, index: 0, Array(repeating: 1, count: 10)).0)
            rest.append(HostileSender.chunk(file: 0, index: 1, Array(repeating: 2, count: 10)).0)
        } else {
            rest.append(HostileSender.chunk(file: 0, index: 0, Array(repeating: 1, count: 20)).0)
        }
        let bob = pair.bob
        let answers = try await HostileSender(pair).run([HostileSender.offer([("a.txt", 10)])],
                                                        accept: { try await bob.accept($0, into: folder) }, then: rest)
        #expect(refusalReason(answers) == .protocolError)
        _ = try await pair.bobEvents.wait("bob fails the transfer") {
            if case let .failed(_, error) = $0, case .protocolViolation = error { true } else { nil }
        }
        #expect(try await eventually { try await Blocking.tree(folder).isEmpty }) // no file, no .part: removed as the transfer fails
        await pair.cleanUp()
    }

    @Test func aFolderNameCannotFollowALinkOutOfTheTarget() async throws {
        let pair = try await TransferPair.make()
        let folder = pair.receiveFolder, outside = pair.root.appendingPathComponent("outside").path
        try await Blocking.run { try FileManager.default.createSymbolicLink(atPath: folder + "/evil", withDestinationPath: outside) }
        let bytes = Array("owned".utf8)
        let (chunk, digest) = HostileSender.chunk(file: 0, index: 0, bytes)
        var fileDigest = ChunkDigest.File()
        fileDigest.add(digest)
        let end = TransferMessage.frame(.with { $0.fileEnd = .with { $0.fileIndex = 0; $0.digest = Data(fileDigest.finalize()) } })
        let bob = pair.bob
        let answers = try await HostileSender(pair).run([HostileSender.offer([("evil/x", UInt64(bytes.count))])],
                                                        accept: { try await bob.accept($0, into: folder) },
                                                        then: [.frame(.with { $0.start = .init() }), chunk, end])
        #expect(answers.contains { if case .fileDone? = $0.body { true } else { false } })
        #expect(try await Blocking.tree(outside).isEmpty)
        #expect(try await Blocking.contents(folder + "/evil (1)/x") == Data(bytes))
        await pair.cleanUp()
    }

    @Test func aWrongDigestIsRefusedAndThePartRemoved() async throws {
        let pair = try await TransferPair.make()
        let folder = pair.receiveFolder
        var (chunk, _) = HostileSender.chunk(file: 0, index: 0, Array(repeating: 7, count: 10))
        if case let .chunk(header, data) = chunk {
            var forged = header
            forged.digest = Data(repeating: 0, count: 32)
            chunk = .chunk(forged, data)
        }
        let bob = pair.bob
        let answers = try await HostileSender(pair).run([HostileSender.offer([("a.txt", 10)])],
                                                        accept: { try await bob.accept($0, into: folder) },
                                                        then: [.frame(.with { $0.start = .init() }), chunk])
        #expect(refusalReason(answers) == .digestMismatch)
        #expect(try await eventually { try await Blocking.tree(folder).isEmpty })
        await pair.cleanUp()
    }
}
