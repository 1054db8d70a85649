/// One edit of a note: the scalars `range` replaced by `text` (an insert when the range is
/// empty, a delete when the text is).
public struct NoteEdit: Equatable, Sendable {
    /// The scalar offsets replaced.
    public var range: Range<Int>
    /// What replaces them.
    public var text: String

    /// An edit from its parts.
    public init(replacing range: Range<Int>, with text: String) {
        self.range = range
        self.text = text
    }
}
