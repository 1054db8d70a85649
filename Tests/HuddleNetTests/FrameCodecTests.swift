import NIOCore
import NIOEmbedded
import Testing
@testable import HuddleNet

@Suite("Frames on a session")
struct FrameCodecTests {
    func channel(limits: FrameLimits = .session) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(limits: limits)))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
        return channel
    }

    var hello: Huddle_V1_Envelope {
        var hello = Huddle_V1_Hello()
        hello.protocolVersion = 1
        hello.minProtocolVersion = 1
        hello.nickname = "ada"
        hello.listenPort = 47_000
        hello.capabilities = ["sync.v1"]
        var envelope = Huddle_V1_Envelope()
        envelope.hello = hello
        return envelope
    }

    func frame(_ envelope: Huddle_V1_Envelope) throws -> [UInt8] {
        let body: [UInt8] = try envelope.serializedBytes()
        return [UInt8(body.count >> 24), UInt8(body.count >> 16 & 0xFF), UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body
    }

    @Test("an envelope written is the envelope read")
    func roundTrip() throws {
        let channel = try channel()
        try channel.writeOutbound(hello)
        let bytes = try #require(try channel.readOutbound(as: ByteBuffer.self))
        try channel.writeInbound(bytes)
        #expect(try channel.readInbound(as: Huddle_V1_Envelope.self) == hello)
        #expect(try channel.finish().isClean)
    }

    @Test("a frame arriving one byte at a time is decoded once it is whole")
    func byteByByte() throws {
        let channel = try channel()
        let bytes = try frame(hello) + frame(hello)
        for byte in bytes { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        #expect(try channel.readInbound(as: Huddle_V1_Envelope.self) == hello)
        #expect(try channel.readInbound(as: Huddle_V1_Envelope.self) == hello)
        #expect(try channel.readInbound(as: Huddle_V1_Envelope.self) == nil)
    }

    @Test("a length of 4 GiB is refused before any body is buffered")
    func hugeLength() throws {
        let channel = try channel()
        #expect(throws: FrameError.frameTooLarge(length: .max, limit: 1 << 20)) {
            try channel.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        }
    }

    @Test("a frame one byte over the limit is refused")
    func overLimit() throws {
        let channel = try channel(limits: FrameLimits(maxFrameBytes: 100))
        #expect(throws: FrameError.frameTooLarge(length: 101, limit: 100)) {
            try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 101]))
        }
    }

    @Test("garbage before the first frame is refused")
    func garbageFirst() throws {
        let channel = try channel()
        #expect(throws: FrameError.self) {
            try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        }
    }

    @Test("a body that is not an envelope is refused")
    func malformedBody() throws {
        let channel = try channel()
        #expect(throws: FrameError.malformedEnvelope) {
            try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 3, 0xFF, 0xFF, 0xFF]))
        }
    }

    @Test("a connection that ends inside a frame reports the truncation")
    func truncatedAtEnd() throws {
        let channel = try channel()
        let bytes = try frame(hello)
        try channel.writeInbound(ByteBuffer(bytes: bytes.dropLast(3)))
        #expect(throws: FrameError.truncatedFrame(missing: 3)) { try channel.finish() }
    }

    @Test("fields and bodies from a newer version are ignored")
    func unknownFieldsIgnored() throws {
        let channel = try channel()
        // Field 99 (varint 7) at the envelope level, then field 1 (hello) with an unknown
        // field 50 inside it next to nickname "bo".
        let hello: [UInt8] = [0x22, 2, 0x62, 0x6F, 0x90, 0x03, 1]
        let body: [UInt8] = [0x98, 0x06, 7, 0x0A, UInt8(hello.count)] + hello
        try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, UInt8(body.count)] + body))
        let envelope = try #require(try channel.readInbound(as: Huddle_V1_Envelope.self))
        #expect(envelope.hello.nickname == "bo")
    }
}
