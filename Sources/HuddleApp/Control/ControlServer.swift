import Foundation
import HuddleStore
import NIOCore
import NIOPosix

/// The running peer's control socket: a Unix socket (mode 0600) in the runtime folder that
/// the CLI verbs talk to, one JSON request line and one JSON response line per connection.
public final class ControlServer: Sendable {
    /// The socket's path.
    public let path: String
    let channel: Channel

    /// The longest request accepted.
    static let maxRequestBytes = 1 << 20

    /// Starts serving `peer` at `path`. Refuses if another peer already serves there.
    public static func start(path: String, peer: Peer, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> ControlServer {
        guard path.utf8.count < 108 else { throw ControlError.pathTooLong(path) }
        if FileManager.default.fileExists(atPath: path) {
            // Ask on a thread of its own: the peer that answers may be in this very process.
            let answered = await withCheckedContinuation { continuation in
                Thread {
                    continuation.resume(returning: (try? ControlClient(path: path).send(ControlRequest(verb: "status"), timeout: 2)) != nil)
                }.start()
            }
            if answered { throw ControlError.alreadyRunning(path) }
            unlink(path) // left behind by a peer that died
        }
        let previous = umask(0o177) // the socket is created 0600: no window where others may connect
        defer { umask(previous) }
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(limit: maxRequestBytes)))
                    try channel.pipeline.syncOperations.addHandler(ControlHandler(peer: peer))
                }
            }
            .bind(unixDomainSocketPath: path).get()
        chmod(path, 0o600)
        return ControlServer(path: path, channel: channel)
    }

    init(path: String, channel: Channel) {
        self.path = path
        self.channel = channel
    }

    /// Stops serving and removes the socket.
    public func stop() async {
        try? await channel.close()
        unlink(path)
    }

    /// Answers one request.
    static func answer(_ request: ControlRequest, peer: Peer) async -> ControlResponse {
        do {
            switch request.verb {
            case "peers":
                return .success(peers: try await peer.peers())
            case "status":
                return .success(status: try await peer.status())
            case "trust":
                let decisions: [String: TrustLevel] = ["verify": .verified, "block": .blocked]
                guard request.arguments.count == 2, let level = decisions[request.arguments[1]] else {
                    return .failure("usage: huddle trust NICK|ID verify|block")
                }
                let id = try await peer.setTrust(level, for: request.arguments[0])
                return .success(message: "\(id.short) is now \(level.rawValue)")
            case "say" where request.arguments.count == 2:
                return .success(lines: [try await peer.say(request.arguments[1], in: request.arguments[0])])
            case "dm" where request.arguments.count == 2:
                return .success(lines: [try await peer.directMessage(request.arguments[1], to: request.arguments[0])])
            case "log" where (1...2).contains(request.arguments.count):
                let limit = request.arguments.count == 2 ? Int(request.arguments[1]) : nil
                return .success(lines: try await peer.messages(in: request.arguments[0], limit: limit))
            case "note-list":
                return .success(documents: try await peer.documentList().filter { $0.kind == "note" })
            case "note-cat" where request.arguments.count == 1:
                return .success(text: try await peer.noteText(request.arguments[0]))
            case "send" where request.arguments.count >= 2:
                return .success(transfers: [try await peer.send(to: request.arguments[0], paths: Array(request.arguments.dropFirst()))])
            case "transfers":
                return .success(transfers: await peer.transferList())
            case "accept" where (1...2).contains(request.arguments.count):
                try await peer.acceptTransfer(request.arguments[0], into: request.arguments.count == 2 ? request.arguments[1] : nil)
                return .success(message: "accepted \(request.arguments[0])")
            case "reject" where request.arguments.count == 1:
                try await peer.rejectTransfer(request.arguments[0])
                return .success(message: "rejected \(request.arguments[0])")
            case "cancel" where request.arguments.count == 1:
                try await peer.cancelTransfer(request.arguments[0])
                return .success(message: "cancelled \(request.arguments[0])")
            case "resume" where request.arguments.count == 1:
                try await peer.resumeTransfer(request.arguments[0])
                return .success(message: "resuming \(request.arguments[0])")
            case "note-append" where request.arguments.count == 2:
                try await peer.appendToNote(request.arguments[0], text: request.arguments[1])
                return .success(message: "appended to \(request.arguments[0])")
            default:
                return .failure("unknown request \(request.verb) with \(request.arguments.count) argument(s)")
            }
        } catch {
            return .failure("\(error)")
        }
    }
}

/// Why the control socket could not be used.
public enum ControlError: Error, Equatable, CustomStringConvertible {
    /// No peer runs for this home.
    case noRunningPeer(String)
    /// A peer already runs for this home.
    case alreadyRunning(String)
    /// Unix socket paths are limited to 107 bytes.
    case pathTooLong(String)
    /// The peer's answer could not be read.
    case badResponse(String)

    public var description: String {
        switch self {
        case let .noRunningPeer(path):
            "no huddle is running for this home (\(path)); start one with `huddle` or `huddle daemon`"
        case let .alreadyRunning(path):
            "a huddle is already running for this home (control socket \(path)); use its verbs, or another --home"
        case let .pathTooLong(path):
            "the control socket path is too long for a Unix socket (\(path)); use a shorter --home or XDG_RUNTIME_DIR"
        case let .badResponse(reason):
            "the running huddle answered something unreadable: \(reason)"
        }
    }
}
