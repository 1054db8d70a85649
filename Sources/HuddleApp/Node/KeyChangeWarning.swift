import HuddleCore

/// What the user is told when a known peer answers with another key.
public struct KeyChangeWarning: Equatable, Sendable {
    /// The nickname the known key had.
    public var nickname: String
    /// The known peer ID and its fingerprint.
    public var oldID: String, oldFingerprint: String
    /// The peer ID that answered instead and its fingerprint.
    public var newID: String, newFingerprint: String

    /// A warning from its parts.
    public init(nickname: String, oldID: String, oldFingerprint: String, newID: String, newFingerprint: String) {
        self.nickname = nickname
        self.oldID = oldID
        self.oldFingerprint = oldFingerprint
        self.newID = newID
        self.newFingerprint = newFingerprint
    }

    /// The short form of the new ID, as `trust` and `/verify` take it.
    public var newShortID: String { String(newID.prefix(7)) }

    /// One line for a log or a status bar; `remedy` says how to accept or refuse the new key.
    public func message(remedy: String) -> String {
        "KEY CHANGED: \(nickname) was \(oldID.prefix(7)) (fingerprint \(oldFingerprint)), now \(newShortID) "
            + "(fingerprint \(newFingerprint)); refused until you \(remedy)"
    }
}
