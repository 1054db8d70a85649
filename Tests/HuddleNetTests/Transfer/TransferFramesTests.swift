import HuddleCore
import Foundation
import HuddleTesting
import NIOCore
import NIOEmbedded
import Testing
@testable import HuddleNet

@Suite("Frames on a transfer connection")
struct TransferFramesTests {
    func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(TransferFrameDecoder())
        try channel.pipeline.syncOperations.addHandler(TransferFrameWriter())
        return channel
    }

    /// Everything the writer produced, as one buffer.
    func written(_ channel: EmbeddedChannel) throws -> ByteBuffer {
        var all = ByteBuffer()
        while var part = try channel.readOutbound(as: ByteBuffer.self) { all.writeBuffer(&part) }
        return all
    }

    func frameBytes(_ frame: Huddle_Transfer_V1_Frame) throws -> ByteBuffer {
        let body: [UInt8] = try frame.serializedBytes()
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        return buffer
    }

    @Test func aChunkAndItsDataRoundTripWithoutJoiningThem() throws {
        let channel = try channel()
        let data = ByteBuffer(bytes: Array(0..<200).map(UInt8.init))
        let header = Huddle_Transfer_V1_Chunk.with { $0.fileIndex = 2; $0.chunkIndex = 5; $0.length = 200; $0.digest = Data(ChunkDigest.of(data)) }
        try channel.writeOutbound(TransferMessage.chunk(header, data))
        var end = Huddle_Transfer_V1_Frame()
        end.fileEnd = .with { $0.fileIndex = 2 }
        try channel.writeOutbound(TransferMessage.frame(end))
        var bytes = try written(channel)
        // Deliver byte by byte: the decoder must wait for the data, not guess.
        while let byte = bytes.readSlice(length: 1) { try channel.writeInbound(byte) }
        guard case let .chunk(readHeader, readData)? = try channel.readInbound(as: TransferMessage.self) else {
            Issue.record("no chunk")
            return
        }
        #expect(readHeader == header)
        #expect(readData == data)
        guard case let .frame(frame)? = try channel.readInbound(as: TransferMessage.self) else {
            Issue.record("no frame")
            return
        }
        #expect(frame == end)
        #expect(try channel.finish().isClean)
    }

    @Test("frames and chunks cut into reads at random places come out whole, in order", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomReadBoundaries(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let channel = try channel()
        var sent: [TransferMessage] = []
        for index in 0..<40 {
            if Bool.random(using: &rng) {
                let data = ByteBuffer(bytes: (0..<Int.random(in: 1...70_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
                sent.append(.chunk(.with { $0.fileIndex = UInt32(index); $0.length = UInt32(data.readableBytes) }, data))
            } else {
                var frame = Huddle_Transfer_V1_Frame()
                frame.fileEnd = .with { $0.fileIndex = UInt32(index); $0.digest = Data(repeating: UInt8(index), count: 32) }
                sent.append(.frame(frame))
            }
        }
        for message in sent { try channel.writeOutbound(message) }
        var bytes = try written(channel)
        while bytes.readableBytes > 0 {
            let cut = Int.random(in: 1...min(bytes.readableBytes, Bool.random(using: &rng) ? 5 : 90_000), using: &rng)
            try channel.writeInbound(bytes.readSlice(length: cut)!)
        }
        for (index, expected) in sent.enumerated() {
            let got = try channel.readInbound(as: TransferMessage.self)
            switch (expected, got) {
            case let (.chunk(header, data), .chunk(gotHeader, gotData)?):
                #expect(gotHeader == header && gotData == data, "seed \(seed): chunk \(index) differs")
            case let (.frame(frame), .frame(gotFrame)?):
                #expect(gotFrame == frame, "seed \(seed): frame \(index) differs")
            default:
                Issue.record("seed \(seed): message \(index) is missing or of the wrong kind")
                return
            }
        }
        #expect(try channel.readInbound(as: TransferMessage.self) == nil)
    }

    @Test func aConnectionEndingInsideAChunkIsReportedAsTruncated() throws {
        let channel = try channel()
        let data = ByteBuffer(bytes: Array(repeating: 7, count: 100))
        try channel.writeOutbound(TransferMessage.chunk(.with { $0.length = 100 }, data))
        var bytes = try written(channel)
        try channel.writeInbound(bytes.readSlice(length: bytes.readableBytes - 30)!)
        #expect(throws: FrameError.truncatedFrame(missing: 30)) { _ = try channel.finish() }
    }

    @Test func aChunkAnnouncingFourGigabytesIsRefusedBeforeBuffering() throws {
        let channel = try channel()
        var frame = Huddle_Transfer_V1_Frame()
        frame.chunk = .with { $0.length = .max }
        #expect(throws: FrameError.frameTooLarge(length: .max, limit: 4 << 20)) { try channel.writeInbound(try frameBytes(frame)) }
    }

    @Test func aFrameOverSixteenMegabytesIsRefusedBeforeBuffering() throws {
        let channel = try channel()
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(16 << 20) + 1)
        #expect(throws: FrameError.frameTooLarge(length: UInt32(16 << 20) + 1, limit: 16 << 20)) { try channel.writeInbound(buffer) }
    }

    @Test func aConnectionWithoutThePreambleIsClosed() throws {
        let channel = EmbeddedChannel(handler: TransferPreambleChecker())
        #expect(throws: TransferError.self) { try channel.writeInbound(ByteBuffer(bytes: [0x16, 3, 1, 0, 0xC8, 1, 0, 0])) }
        #expect(!channel.isActive)
    }

    @Test func thePreambleIsConsumedAndTheRestPassedOn() throws {
        let channel = EmbeddedChannel(handler: TransferPreambleChecker())
        try channel.writeInbound(ByteBuffer(bytes: Array(TransferPreamble.bytes.prefix(3))))
        try channel.writeInbound(ByteBuffer(bytes: Array(TransferPreamble.bytes.dropFirst(3)) + [0x16, 0x03]))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(bytes: [0x16, 0x03]))
        try channel.writeInbound(ByteBuffer(bytes: [0x01]))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(bytes: [0x01]))
    }
}
