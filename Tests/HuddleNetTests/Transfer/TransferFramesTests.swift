import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import HuddleNet

@Suite("Frames on a transfer connection")
struct TransferFramesTests {
    func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TransferFrameDecoder()))
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
