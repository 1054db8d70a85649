import NIOCore
import SwiftProtobuf

/// How large the parts of a transfer connection's stream may be, checked before buffering.
public struct TransferFrameLimits: Equatable, Sendable {
    /// The largest control frame (an offer of many files is the big one): 16 MiB.
    public var maxFrameBytes: Int
    /// The largest chunk of file data after a `Chunk` header: 4 MiB.
    public var maxChunkBytes: Int

    /// The limits every transfer connection uses.
    public static let standard = TransferFrameLimits(maxFrameBytes: 16 << 20, maxChunkBytes: 4 << 20)
}

/// One message on a transfer connection, in either direction: a control frame, or a chunk
/// header with its data (a slice of the received bytes, never copied into a message).
public enum TransferMessage: Sendable {
    /// A control frame (anything but a chunk).
    case frame(Huddle_Transfer_V1_Frame)
    /// A chunk header and exactly `header.length` bytes of data.
    case chunk(Huddle_Transfer_V1_Chunk, ByteBuffer)
}

/// Splits a transfer stream into ``TransferMessage``s: `length (4 bytes) | Frame`, and after a
/// Frame holding a `Chunk`, that chunk's raw bytes. Lengths are checked before buffering.
struct TransferFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = TransferMessage

    let limits: TransferFrameLimits
    var pendingChunk: Huddle_Transfer_V1_Chunk?

    init(limits: TransferFrameLimits = .standard) {
        self.limits = limits
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let header = pendingChunk {
            guard let data = buffer.readSlice(length: Int(header.length)) else { return .needMoreData }
            pendingChunk = nil
            context.fireChannelRead(wrapInboundOut(.chunk(header, data)))
            return .continue
        }
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard let size = Int(exactly: length), size <= limits.maxFrameBytes else {
            throw FrameError.frameTooLarge(length: length, limit: limits.maxFrameBytes)
        }
        guard buffer.readableBytes >= 4 + size else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        let body = buffer.readSlice(length: size)!
        let frame: Huddle_Transfer_V1_Frame
        do {
            frame = try body.withUnsafeReadableBytes { try Huddle_Transfer_V1_Frame(serializedBytes: Array($0)) }
        } catch {
            throw FrameError.malformedEnvelope
        }
        if case let .chunk(header)? = frame.body {
            guard let chunkLength = Int(exactly: header.length), chunkLength <= limits.maxChunkBytes else {
                throw FrameError.frameTooLarge(length: header.length, limit: limits.maxChunkBytes)
            }
            pendingChunk = header
            return .continue
        }
        context.fireChannelRead(wrapInboundOut(.frame(frame)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 || pendingChunk != nil {
            throw FrameError.truncatedFrame(missing: max(1, Int(pendingChunk?.length ?? 0) - buffer.readableBytes))
        }
        return .needMoreData
    }
}

/// Writes ``TransferMessage``s: the frame, then (for a chunk) the data buffer as it is.
final class TransferFrameWriter: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = TransferMessage
    typealias OutboundOut = ByteBuffer

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case let .frame(frame):
            writeFrame(frame, context: context, promise: promise)
        case let .chunk(header, payload):
            var frame = Huddle_Transfer_V1_Frame()
            frame.chunk = header
            writeFrame(frame, context: context, promise: nil)
            context.write(wrapOutboundOut(payload), promise: promise)
        }
    }

    func writeFrame(_ frame: Huddle_Transfer_V1_Frame, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        do {
            let bytes: [UInt8] = try frame.serializedBytes()
            var buffer = context.channel.allocator.buffer(capacity: 4 + bytes.count)
            buffer.writeInteger(UInt32(bytes.count))
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(buffer), promise: promise)
        } catch {
            promise?.fail(error)
        }
    }
}
