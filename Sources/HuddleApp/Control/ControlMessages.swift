/// A request to the running peer, one JSON line on the control socket.
public struct ControlRequest: Codable, Equatable, Sendable {
    /// The verb: `peers`, `status`, `trust`, `say`, `dm`, `log`, `note-list`, `note-cat`, `note-append`.
    public var verb: String
    /// Its arguments (for `trust`: the peer's name or ID, then `verify` or `block`).
    public var arguments: [String]

    /// A request.
    public init(verb: String, arguments: [String] = []) {
        self.verb = verb
        self.arguments = arguments
    }
}

/// The running peer's answer, one JSON line.
public struct ControlResponse: Codable, Equatable, Sendable {
    /// Whether the request succeeded.
    public var ok: Bool
    /// What went wrong, for the user.
    public var error: String?
    /// A confirmation, for the user.
    public var message: String?
    /// For `peers`.
    public var peers: [PeerStatus]?
    /// For `status`.
    public var status: NodeStatus?
    /// For `say`, `dm` (the message as stored) and `log`.
    public var lines: [ChatLine]?
    /// For `note-list`.
    public var documents: [DocumentSummary]?
    /// For `note-cat`.
    public var text: String?
    /// For `send`, `transfers` and `watch-transfer`.
    public var transfers: [TransferInfo]?

    /// A success.
    public static func success(message: String? = nil, peers: [PeerStatus]? = nil, status: NodeStatus? = nil,
                               lines: [ChatLine]? = nil, documents: [DocumentSummary]? = nil, text: String? = nil,
                               transfers: [TransferInfo]? = nil) -> ControlResponse {
        ControlResponse(ok: true, error: nil, message: message, peers: peers, status: status, lines: lines,
                        documents: documents, text: text, transfers: transfers)
    }

    /// A failure.
    public static func failure(_ error: String) -> ControlResponse {
        ControlResponse(ok: false, error: error)
    }
}
