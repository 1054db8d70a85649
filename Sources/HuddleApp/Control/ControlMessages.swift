import HuddleCore

/// A request to the running peer, one JSON line on the control socket. Swift's synthesized
/// coding writes a case as an object named after it: `{"say":{"channel":"#dev","text":"hi"}}`.
public enum ControlRequest: Codable, Equatable, Sendable {
    /// Every peer this one knows of.
    case peers
    /// This peer itself.
    case status
    /// Verify or block a peer's key.
    case trust(peer: String, action: TrustAction)
    /// Post to a channel (made if new) of a workspace (nil: the default one).
    case say(channel: String, text: String, workspace: String? = nil)
    /// A direct message.
    case directMessage(peer: String, text: String)
    /// Replace the text of your message (`SHORTID@SEQ`), in `channel` if the ID is in several.
    case editMessage(id: String, text: String, channel: String?, workspace: String? = nil)
    /// Delete your message.
    case deleteMessage(id: String, channel: String?, workspace: String? = nil)
    /// Answer a message (anyone's).
    case reply(id: String, text: String, channel: String?, workspace: String? = nil)
    /// Add (or take back) your reaction to a message.
    case react(id: String, emoji: String, remove: Bool, channel: String?, workspace: String? = nil)
    /// A message with every text it had.
    case messageRevisions(id: String, channel: String?, workspace: String? = nil)
    /// A chat's notification level on this device: `set` chooses it (nil: back to the
    /// default), or nothing changes and the level is said.
    case notifications(channel: String, set: Bool, level: NotificationLevel?, workspace: String?)
    /// Sets this peer's presence (`huddle here`, `huddle away`, `huddle dnd`).
    case setPresence(Presence)
    /// Messages and notes matching `words` (`huddle search`), newest first.
    case search(words: String, workspace: String?, place: String?, limit: Int)
    /// A chat's history, the last `limit` messages if given.
    case log(channel: String, limit: Int?, workspace: String? = nil)
    /// Stream a chat's new messages (or every chat's), one response line each.
    case watch(channel: String?)
    /// The notes (of one workspace, if given).
    case noteList(workspace: String? = nil)
    /// A note's text.
    case noteCat(name: String, workspace: String? = nil)
    /// Append to a note (made if new).
    case noteAppend(name: String, text: String, workspace: String? = nil)
    /// Make a private workspace.
    case workspaceNew(name: String)
    /// The lobby and the private workspaces this peer is in.
    case workspaceList
    /// Remove a member (admins), or make one an admin.
    case workspaceRemove(peer: String, workspace: String?)
    case workspacePromote(peer: String, workspace: String?)
    /// Leave a private workspace.
    case workspaceLeave(workspace: String)
    /// Add a peer to a private workspace and ask it to join.
    case invite(peer: String, workspace: String?)
    /// Make a one-use invite code for a private workspace.
    case inviteCode(workspace: String?)
    /// Join a workspace with an invite code, asking `peer` (`HOST:PORT`) too if given.
    case joinCode(code: String, peer: String?)
    /// The invitations waiting for an answer.
    case invitations
    /// Join, or decline, the workspace of a waiting invitation.
    case join(invitation: String)
    case decline(invitation: String)
    /// Offer files and folders to a peer.
    case send(peer: String, paths: [String])
    /// Every transfer.
    case transfers
    /// Stream one transfer's changes until it ends.
    case watchTransfer(id: String)
    /// Accept an offer, into `folder` or the downloads folder.
    case accept(id: String, folder: String?)
    /// Decline an offer.
    case reject(id: String)
    /// Cancel a transfer.
    case cancel(id: String)
    /// Resume an interrupted transfer now.
    case resume(id: String)

    /// Whether the answer is a stream of lines rather than one.
    public var isStream: Bool {
        switch self {
        case .watch, .watchTransfer: true
        default: false
        }
    }
}

/// The running peer's answer, one JSON line (a stream sends several).
public enum ControlResponse: Codable, Equatable, Sendable {
    /// The request failed; why, for the user.
    case failure(String)
    /// Done; a confirmation for the user.
    case done(String)
    /// For `peers`.
    case peers([PeerStatus])
    /// For `status`.
    case status(NodeStatus)
    /// For `say`, `directMessage` (the message as stored), `log` and each line of `watch`.
    case lines([ChatLine])
    /// For `noteList`.
    case documents([DocumentSummary])
    /// For `noteCat`.
    case text(String)
    /// For `send`, `transfers` and each line of `watchTransfer`.
    case transfers([TransferInfo])
    /// For `workspaceNew`, `workspaceList` and `join`.
    case workspaces([WorkspaceSummary])
    /// For `invitations`.
    case invitations([InvitationSummary])
    /// For `inviteCode`.
    case inviteCode(IssuedInviteCode)
    /// For `messageRevisions`.
    case revisions(MessageRevisions)
    /// What a search found, newest first.
    case searchResults([SearchResult])
}

extension ControlResponse {
    /// Why the request failed, if it did.
    public var failure: String? { if case let .failure(reason) = self { reason } else { nil } }
    /// The confirmation, for a request that only does something.
    public var done: String? { if case let .done(message) = self { message } else { nil } }
    /// The peers, for `peers`.
    public var peers: [PeerStatus]? { if case let .peers(peers) = self { peers } else { nil } }
    /// The status, for `status`.
    public var status: NodeStatus? { if case let .status(status) = self { status } else { nil } }
    /// The chat lines, for `say`, `directMessage`, `log` and `watch`.
    public var lines: [ChatLine]? { if case let .lines(lines) = self { lines } else { nil } }
    /// The documents, for `noteList`.
    public var documents: [DocumentSummary]? { if case let .documents(documents) = self { documents } else { nil } }
    /// The text, for `noteCat`.
    public var text: String? { if case let .text(text) = self { text } else { nil } }
    /// The transfers, for `send`, `transfers` and `watchTransfer`.
    public var transfers: [TransferInfo]? { if case let .transfers(transfers) = self { transfers } else { nil } }
    /// The workspaces, for `workspaceNew`, `workspaceList` and `join`.
    public var workspaces: [WorkspaceSummary]? { if case let .workspaces(workspaces) = self { workspaces } else { nil } }
    /// The invitations, for `invitations`.
    public var invitations: [InvitationSummary]? { if case let .invitations(invitations) = self { invitations } else { nil } }
    /// The message and its texts, for `messageRevisions`.
    public var revisions: MessageRevisions? { if case let .revisions(revisions) = self { revisions } else { nil } }
    /// The results, for `search`.
    public var searchResults: [SearchResult]? { if case let .searchResults(results) = self { results } else { nil } }
    /// The code made, if that is the answer.
    public var inviteCode: IssuedInviteCode? { if case let .inviteCode(code) = self { code } else { nil } }
}
