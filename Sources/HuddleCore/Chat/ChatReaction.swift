/// What a reaction may be: a short emoji (or a few characters), the same rule on every replica
/// whatever its Unicode tables, so a reaction one peer takes no other peer refuses.
public enum ChatReaction {
    /// Longest reaction, in UTF-8 bytes (a family emoji with skin tones fits).
    public static let maxBytes = 32
    /// Most reactions one peer holds on one message at once; a further one is not counted.
    public static let maxPerReactor = 8

    /// Whether `emoji` may be a reaction: 1 to ``maxBytes`` bytes with no space, control or
    /// bidirectional formatting character.
    public static func isValid(_ emoji: String) -> Bool {
        let bytes = emoji.utf8.count
        guard bytes >= 1, bytes <= maxBytes else { return false }
        return emoji.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0...0x20, 0x7F...0xA0, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069, 0xFEFF: false
            default: true
            }
        }
    }
}

/// One emoji on a message and who put it there.
public struct ChatReactionCount: Hashable, Sendable {
    /// The emoji.
    public let emoji: String
    /// The replicas that reacted with it, in ID order.
    public let reactors: [ReplicaID]

    /// A count from its parts.
    public init(emoji: String, reactors: [ReplicaID]) {
        self.emoji = emoji
        self.reactors = reactors
    }
}
