import NIOCore

/// The 8 bytes a transfer connection starts with, before TLS: `HXFER/1\n`. They tell a
/// listener this is a file transfer, not a session (a TLS ClientHello starts with 0x16), so
/// one port can serve both, and a session client that dials a transfer port is refused at once.
public enum TransferPreamble {
    /// `HXFER/1\n`.
    public static let bytes: [UInt8] = Array("HXFER/1\n".utf8)
}

/// Dialing side: writes the preamble when the connection comes up, before TLS starts.
final class TransferPreambleWriter: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: TransferPreamble.bytes.count)
        buffer.writeBytes(TransferPreamble.bytes)
        context.writeAndFlush(NIOAny(buffer), promise: nil)
        context.fireChannelActive()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}

/// Accepting side: reads the preamble, closes the connection if it is wrong, then passes the
/// rest on and removes itself.
final class TransferPreambleChecker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    var received: ByteBuffer?
    var done = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { context.fireChannelRead(data); return }
        var incoming = unwrapInboundIn(data)
        if received == nil { received = incoming } else { received!.writeBuffer(&incoming) }
        guard var buffer = received, buffer.readableBytes >= TransferPreamble.bytes.count else { return }
        guard buffer.readBytes(length: TransferPreamble.bytes.count) == TransferPreamble.bytes else {
            done = true
            context.fireErrorCaught(TransferError.protocolViolation("the connection did not start with the transfer preamble"))
            context.close(promise: nil)
            return
        }
        done = true
        received = nil
        if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
