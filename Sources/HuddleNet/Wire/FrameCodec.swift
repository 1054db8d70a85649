import NIOCore
import SwiftProtobuf

/// How large a frame may be on a kind of connection, checked before its body is read.
public struct FrameLimits: Equatable, Sendable {
    /// The largest Envelope, in bytes.
    public var maxFrameBytes: Int

    /// Sessions carry control messages only: 1 MiB.
    public static let session = FrameLimits(maxFrameBytes: 1 << 20)
}

/// Why a connection's byte stream was refused; the connection is closed, nothing else.
public enum FrameError: Error, Equatable, Sendable {
    /// A frame announced more bytes than its connection allows.
    case frameTooLarge(length: UInt32, limit: Int)
    /// A frame's body is not a valid Envelope.
    case malformedEnvelope
    /// The connection ended in the middle of a frame.
    case truncatedFrame(missing: Int)
}

/// Splits a byte stream into frames (4-byte big-endian length, then one Envelope) and
/// decodes them. The length is checked against the limit before anything is buffered for it.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = Huddle_V1_Envelope

    let limits: FrameLimits

    /// A decoder enforcing `limits`.
    public init(limits: FrameLimits = .session) {
        self.limits = limits
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard let size = Int(exactly: length), size <= limits.maxFrameBytes else {
            throw FrameError.frameTooLarge(length: length, limit: limits.maxFrameBytes)
        }
        guard buffer.readableBytes >= 4 + size else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let body = buffer.readSlice(length: size) else { return .needMoreData }
        let envelope: Huddle_V1_Envelope
        do {
            envelope = try Huddle_V1_Envelope(serializedBytes: Array(buffer: body))
        } catch {
            throw FrameError.malformedEnvelope
        }
        context.fireChannelRead(wrapInboundOut(envelope))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 {
            let announced = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self).map { Int($0) + 4 } ?? 4
            throw FrameError.truncatedFrame(missing: announced - buffer.readableBytes)
        }
        return .needMoreData
    }
}

/// Writes Envelopes as frames.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = Huddle_V1_Envelope

    /// An encoder.
    public init() {}

    public func encode(data: Huddle_V1_Envelope, out: inout ByteBuffer) throws {
        let bytes: [UInt8] = try data.serializedBytes()
        out.writeInteger(UInt32(bytes.count))
        out.writeBytes(bytes)
    }
}
