import HuddleCore

/// A workspace as `huddle workspace list` and `huddle status` show it.
public struct WorkspaceSummary: Equatable, Sendable, Codable {
    /// `lan`, or the private workspace's ID (`ws…`).
    public var id: String
    /// The name shown (`lan` for the lobby).
    public var name: String
    /// Whether it is the open lobby (every peer on the network), not a private workspace.
    public var isLobby: Bool
    /// This peer's role (nil in the lobby).
    public var role: MemberRole?
    /// The members now (empty for the lobby), admins first, then by nickname.
    public var members: [MemberSummary]

    /// A workspace from its parts.
    public init(id: String, name: String, isLobby: Bool, role: MemberRole?, members: [MemberSummary]) {
        self.id = id
        self.name = name
        self.isLobby = isLobby
        self.role = role
        self.members = members
    }
}

/// A member of a private workspace.
public struct MemberSummary: Equatable, Sendable, Codable {
    /// The peer ID and its short form.
    public var id: String
    public var shortID: String
    /// The nickname it goes by here (sanitised when shown).
    public var nickname: String
    public var role: MemberRole
    /// How far this peer trusts its key (`new` when never met).
    public var trust: PeerTrust
    /// Whether it is this peer.
    public var isSelf: Bool
}

/// An invitation to a private workspace, waiting for `huddle join` or `huddle decline`.
public struct InvitationSummary: Equatable, Sendable, Codable {
    /// The workspace's ID (what `huddle join` takes) and its name.
    public var workspace: String
    public var name: String
    /// Who added this peer: ID, nickname and the 20-digit fingerprint of its key, to compare
    /// with what the inviter's `huddle id` shows.
    public var inviter: String
    public var inviterNickname: String
    public var inviterFingerprint: String
    /// How many members the workspace has.
    public var members: Int

    /// An invitation from its parts.
    public init(workspace: String, name: String, inviter: String, inviterNickname: String, inviterFingerprint: String, members: Int) {
        self.workspace = workspace
        self.name = name
        self.inviter = inviter
        self.inviterNickname = inviterNickname
        self.inviterFingerprint = inviterFingerprint
        self.members = members
    }
}

extension MemberRole: Codable {}
