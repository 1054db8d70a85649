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
    public static func start(path: String, peer: Peer) async throws -> ControlServer {
        let group = MultiThreadedEventLoopGroup.singleton
        guard path.utf8.count < 108 else { throw ControlError.pathTooLong(path) }
        if FileManager.default.fileExists(atPath: path) {
            // Ask on a thread of its own: the peer that answers may be in this very process.
            let answered = await withCheckedContinuation { continuation in
                Thread {
                    continuation.resume(returning: (try? ControlClient(path: path).send(.status, timeout: 2)) != nil)
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

    /// Answers one request (a stream's first line for `watch` requests is answered by
    /// ``watch(_:peer:channel:)``).
    static func answer(_ request: ControlRequest, peer: Peer) async -> ControlResponse {
        do {
            switch request {
            case .peers:
                return .peers(try await peer.peers())
            case .status:
                return .status(try await peer.status())
            case let .trust(name, action):
                let id = try await peer.setTrust(action, for: name)
                return .done("\(id.short) is now \(action.result.rawValue)")
            case let .say(channel, text, workspace):
                return .lines([try await peer.say(text, in: channel, workspace: workspace)])
            case let .directMessage(name, text):
                return .lines([try await peer.directMessage(text, to: name)])
            case let .editMessage(id, text, channel, workspace):
                return .lines([try await peer.editMessage(id, text: text, in: channel, workspace: workspace)])
            case let .deleteMessage(id, channel, workspace):
                try await peer.deleteMessage(id, in: channel, workspace: workspace)
                return .done("deleted \(id)")
            case let .reply(id, text, channel, workspace):
                return .lines([try await peer.reply(to: id, text: text, in: channel, workspace: workspace)])
            case let .react(id, emoji, remove, channel, workspace):
                return .lines([try await peer.react(to: id, emoji: emoji, remove: remove, in: channel, workspace: workspace)])
            case let .messageRevisions(id, channel, workspace):
                return .revisions(try await peer.messageRevisions(id, in: channel, workspace: workspace))
            case let .notifications(channel, set, level, workspace):
                let now = set ? try await peer.setNotificationLevel(level, for: channel, workspace: workspace).level
                    : try await peer.notificationLevel(for: channel, workspace: workspace)
                return .done("\(channel): \(now.rawValue)" + (now == .mute ? " (nothing rings, notifies or counts in the title bar)" : ""))
            case let .setPresence(presence):
                try await peer.setPresence(presence)
                return .done(presence.availability == .here && presence.text.isEmpty ? "you are here"
                             : "you are \(presence.availability.sentence)" + (presence.text.isEmpty ? "" : ": \(presence.text)"))
            case let .search(words, workspace, place, limit):
                return .searchResults(try await peer.search(words, workspace: workspace, in: place, limit: limit))
            case let .log(channel, limit, workspace):
                return .lines(try await peer.messages(in: channel, limit: limit, workspace: workspace))
            case let .noteList(workspace):
                let shown = try await peer.workspaceFilter(workspace)
                return .documents(try await peer.documentList().filter { $0.kind == .note && (shown == nil || $0.workspace == shown) })
            case let .noteCat(name, workspace):
                return .text(try await peer.noteText(name, workspace: workspace))
            case let .noteAppend(name, text, workspace):
                try await peer.appendToNote(name, text: text, workspace: workspace)
                return .done("appended to \(name)")
            case let .workspaceNew(name):
                return .workspaces([try await peer.createWorkspace(name)])
            case .workspaceList:
                return .workspaces(await peer.workspaces())
            case let .workspaceRemove(name, workspace):
                try await peer.removeMember(name, from: workspace)
                return .done("removed \(name); nothing is synced with them any more (what they hold stays with them)")
            case let .workspacePromote(name, workspace):
                try await peer.promote(name, in: workspace)
                return .done("\(name) is now an admin")
            case let .workspaceLeave(workspace):
                try await peer.leaveWorkspace(workspace)
                return .done("left \(workspace)")
            case let .invite(name, workspace):
                try await peer.invite(name, to: workspace)
                return .done("invited \(name); they join with huddle join")
            case let .inviteCode(workspace):
                return .inviteCode(try await peer.inviteByCode(to: workspace))
            case let .joinCode(code, address):
                return .workspaces([try await peer.joinByCode(code, via: address)])
            case .invitations:
                return .invitations(await peer.invitations())
            case let .join(invitation):
                return .workspaces([try await peer.join(invitation)])
            case let .decline(invitation):
                try await peer.decline(invitation)
                return .done("declined")
            case let .send(name, paths):
                return .transfers([try await peer.send(to: name, paths: paths)])
            case .transfers:
                return .transfers(await peer.transferList())
            case let .accept(id, folder):
                try await peer.acceptTransfer(id, into: folder)
                return .done("accepted \(id)")
            case let .reject(id):
                try await peer.rejectTransfer(id)
                return .done("rejected \(id)")
            case let .cancel(id):
                try await peer.cancelTransfer(id)
                return .done("cancelled \(id)")
            case let .resume(id):
                try await peer.resumeTransfer(id)
                return .done("resuming \(id)")
            case .watch, .watchTransfer:
                return .failure("a stream is answered line by line, not here")
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
