import Foundation
import NIOCore

/// Splits input into lines, refusing a line over the limit.
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    let limit: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > limit { throw ControlError.badResponse("request over \(limit) bytes") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

/// Reads one request line, answers it, closes; a `watch` request instead streams one
/// response line per chat message until the client hangs up.
final class ControlHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let peer: Peer
    var watcher: Task<Void, Never>?

    init(peer: Peer) { self.peer = peer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let channel = context.channel
        let peer = peer
        let request: ControlRequest
        do {
            request = try JSONDecoder().decode(ControlRequest.self, from: Data(line.readableBytesView))
        } catch {
            Task {
                _ = await ControlServer.write(.failure("not a request this huddle understands (\(error))"), to: channel)
                try? await channel.close()
            }
            return
        }
        switch request {
        case let .watch(name) where watcher == nil:
            watcher = Task { await ControlServer.watch(name, peer: peer, channel: channel) }
        case let .watchTransfer(id) where watcher == nil:
            watcher = Task { await ControlServer.watchTransfer(id, peer: peer, channel: channel) }
        default:
            Task {
                _ = await ControlServer.write(await ControlServer.answer(request, peer: peer), to: channel)
                try? await channel.close()
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        watcher?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
