import Foundation
import HuddleCore
import NIOCore

extension ControlServer {
    /// Streams chat messages (of the channel named in the request, or all) as they are stored,
    /// and again as they change (edited, deleted, reacted to), one response line each, after a
    /// first line that confirms the watch has begun.
    static func watch(_ name: String?, peer: Peer, channel: Channel) async {
        let events = peer.subscribe()
        func send(_ response: ControlResponse) async -> Bool { await write(response, to: channel) }
        var document: DocumentID?
        if let name {
            do { document = try await peer.chatID(name) } catch {
                _ = await send(.failure("\(error)"))
                try? await channel.close()
                return
            }
        }
        guard await send(.done("watching \(document?.description ?? "every chat")")) else { return }
        for await event in events {
            let line: ChatLine
            switch event {
            case let .chat(posted), let .chatUpdated(posted): line = posted
            default: continue
            }
            guard document == nil || line.document == document else { continue }
            guard await send(.lines([line])) else { break }
        }
        try? await channel.close()
    }

    /// Streams one transfer's changes until it ends (done, rejected, expired, failed,
    /// cancelled): a line with its current state first, then one per change.
    static func watchTransfer(_ name: String, peer: Peer, channel: Channel) async {
        let events = peer.subscribe()
        func send(_ response: ControlResponse) async -> Bool { await write(response, to: channel) }
        guard let current = await peer.transferList().first(where: { $0.id == name || $0.shortID == name }) else {
            _ = await send(.failure("no transfer \(name)"))
            try? await channel.close()
            return
        }
        guard await send(.transfers([current])), !current.isFinal else {
            try? await channel.close()
            return
        }
        for await event in events {
            guard case let .transfer(info) = event, info.id == current.id else { continue }
            guard await send(.transfers([info])), !info.isFinal else { break }
        }
        try? await channel.close()
    }

    /// Writes one response line; returns whether the client took it.
    static func write(_ response: ControlResponse, to channel: Channel) async -> Bool {
        guard var bytes = try? JSONEncoder().encode(response) else { return false }
        bytes.append(UInt8(ascii: "\n"))
        return (try? await channel.writeAndFlush(ByteBuffer(bytes: bytes))) != nil
    }
}
