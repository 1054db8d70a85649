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
///
/// Not a `ByteToMessageDecoder`: its one growing buffer would copy every chunk in, and copy
/// again whenever it compacts while the last chunk (a slice of it) is still being hashed. Here
/// a chunk that arrives within one read is passed on as a slice of it, and one spread over
/// reads is gathered once into a buffer of exactly its size; only control frames are joined.
public final class TransferFrameDecoder: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = TransferMessage

    let limits: TransferFrameLimits
    /// Bytes of a control frame (with its length) received so far.
    var frame: ByteBuffer?
    /// The chunk whose data is being gathered, and the data so far.
    var chunk: (header: Huddle_Transfer_V1_Chunk, data: ByteBuffer)?
    var failed = false

    /// A decoder enforcing `limits`.
    public init(limits: TransferFrameLimits = .standard) {
        self.limits = limits
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var input = unwrapInboundIn(data)
        do {
            while input.readableBytes > 0 {
                if chunk != nil {
                    gatherChunk(from: &input, context: context)
                } else if let message = try nextFrame(from: &input) {
                    context.fireChannelRead(wrapInboundOut(message))
                }
            }
        } catch {
            failed = true
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        if !failed, let missing = missingBytes {
            failed = true
            context.fireErrorCaught(FrameError.truncatedFrame(missing: missing))
        }
        context.fireChannelInactive()
    }

    /// How many bytes the message in progress still lacks, if one is.
    var missingBytes: Int? {
        if let chunk { return Int(chunk.header.length) - chunk.data.readableBytes }
        guard let frame, frame.readableBytes > 0 else { return nil }
        guard let length = frame.getInteger(at: frame.readerIndex, as: UInt32.self) else { return 4 - frame.readableBytes }
        return max(1, 4 + Int(length) - frame.readableBytes)
    }

    /// Takes the chunk's data from `input`: a slice if it is all there and nothing was
    /// gathered yet, else copied into the chunk's buffer.
    func gatherChunk(from input: inout ByteBuffer, context: ChannelHandlerContext) {
        guard var current = chunk else { return }
        chunk = nil // `current` alone holds the data now, so writing to it copies nothing else
        let length = Int(current.header.length)
        let missing = length - current.data.readableBytes
        if current.data.readableBytes == 0, input.readableBytes >= missing {
            context.fireChannelRead(wrapInboundOut(.chunk(current.header, input.readSlice(length: missing)!)))
            return
        }
        if current.data.capacity == 0 { current.data = context.channel.allocator.buffer(capacity: length) }
        var part = input.readSlice(length: min(missing, input.readableBytes))!
        current.data.writeBuffer(&part)
        if current.data.readableBytes == length {
            context.fireChannelRead(wrapInboundOut(.chunk(current.header, current.data)))
        } else {
            chunk = current
        }
    }

    /// The next control frame, once all of it is there; a chunk header only starts gathering.
    /// Takes from `input` no more than the frame.
    func nextFrame(from input: inout ByteBuffer) throws -> TransferMessage? {
        let body: ByteBuffer
        if var pending = frame {
            if pending.readableBytes < 4 {
                var part = input.readSlice(length: min(4 - pending.readableBytes, input.readableBytes))!
                pending.writeBuffer(&part)
            }
            guard let size = try frameSize(in: pending) else {
                frame = pending
                return nil
            }
            var part = input.readSlice(length: min(4 + size - pending.readableBytes, input.readableBytes))!
            pending.writeBuffer(&part)
            guard pending.readableBytes == 4 + size else {
                frame = pending
                return nil
            }
            frame = nil
            body = pending.getSlice(at: pending.readerIndex + 4, length: size)!
        } else {
            guard let size = try frameSize(in: input), input.readableBytes >= 4 + size else {
                frame = input // kept, and copied once more arrives
                input.moveReaderIndex(forwardBy: input.readableBytes)
                return nil
            }
            input.moveReaderIndex(forwardBy: 4)
            body = input.readSlice(length: size)!
        }
        return try message(from: body)
    }

    /// The size of the frame starting at `bytes`' reader index, once its length is there.
    func frameSize(in bytes: ByteBuffer) throws -> Int? {
        guard let length = bytes.getInteger(at: bytes.readerIndex, as: UInt32.self) else { return nil }
        guard let size = Int(exactly: length), size <= limits.maxFrameBytes else {
            throw FrameError.frameTooLarge(length: length, limit: limits.maxFrameBytes)
        }
        return size
    }

    /// The message a frame's body holds; a chunk header starts gathering its data instead.
    func message(from body: ByteBuffer) throws -> TransferMessage? {
        let decoded: Huddle_Transfer_V1_Frame
        do {
            decoded = try body.withUnsafeReadableBytes { try Huddle_Transfer_V1_Frame(serializedBytes: Array($0)) }
        } catch {
            throw FrameError.malformedEnvelope
        }
        guard case let .chunk(header)? = decoded.body else { return .frame(decoded) }
        guard let chunkLength = Int(exactly: header.length), chunkLength <= limits.maxChunkBytes else {
            throw FrameError.frameTooLarge(length: header.length, limit: limits.maxChunkBytes)
        }
        if chunkLength == 0 { return .chunk(header, ByteBuffer()) }
        chunk = (header, ByteBuffer())
        return nil
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
