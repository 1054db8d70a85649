import HuddleCore

/// Documents the TUI tests show.
enum TestDocuments {
    static let dev = DocumentID.channel(workspace: .lan, name: "dev")
    /// ada's conversation with bob.
    static let bobDM = DocumentID.direct(between: PeerID(publicKey: Array(repeating: 1, count: 32)),
                                         and: PeerID(publicKey: Array(repeating: 2, count: 32)))
}
