/// Which way a transfer goes, seen from this peer.
public enum TransferDirection: String, Hashable, Sendable, Codable {
    case outgoing, incoming
}
