/// What became visible when a change was applied, in scalar offsets, to replay on an editor
/// buffer in order: each patch's position is relative to the text after the previous patches.
public enum TextPatch: Hashable, Sendable {
    /// `text` appeared at scalar offset `at`.
    case insert(at: Int, text: String)
    /// `count` scalars disappeared from scalar offset `at` on.
    case delete(at: Int, count: Int)
}
