/// Upper bounds that every decoder checks before it allocates or loops.
///
/// They are far above what honest peers produce and low enough that one hostile message cannot
/// exhaust memory. The buffer of changes waiting for their dependencies is bounded too.
public enum DecodeLimits {
    /// Largest encoded change, in bytes: room for `maxOperationsPerChange` operations and
    /// `maxScalarsPerChange` scalars of UTF-8.
    public static let maxChangeBytes = 32 << 20
    /// Largest encoded whole document or chat log, in bytes.
    public static let maxDocumentBytes = 256 << 20
    /// Most replicas one change may name (its author and its dependencies).
    public static let maxReplicasPerChange = 4096
    /// Most replicas one document may name.
    public static let maxReplicasPerDocument = 1 << 16
    /// Most operations in one change.
    public static let maxOperationsPerChange = 1 << 20
    /// Most changes in one encoded document.
    public static let maxChangesPerDocument = 1 << 24
    /// Most Unicode scalars one change may insert.
    public static let maxScalarsPerChange = 4 << 20
    /// Largest sequence number (operations per replica); sequence arithmetic stays below it.
    public static let maxSeq: UInt64 = UInt64(UInt32.max) - 1
    /// Largest Lamport clock a chat operation may carry, so counting up never overflows.
    public static let maxLamport: UInt64 = 1 << 62
    /// Largest chat message body, in bytes of UTF-8.
    public static let maxMessageBytes = 64 << 10
    /// Most items (scalars ever inserted, deleted ones included) one text document holds: the
    /// budget that bounds its tree, index and text (about 100 MB at the limit).
    public static let maxItemsPerDocument = 1 << 23
    /// Most operations one text document's history holds.
    public static let maxOperationsPerDocument = 1 << 24
    /// Largest step of a chat operation's Lamport clock over the clocks it follows (the
    /// author's previous operation and its dependencies). Honest authors step by one; the
    /// bound keeps any author from using up the clock space that everyone shares.
    public static let maxLamportStep: UInt64 = 1 << 32
    /// Most changes a document holds back while waiting for their dependencies.
    public static let maxBufferedChanges = 1 << 16
    /// Most operations plus inserted scalars (text) or body bytes (chat) held back in total.
    public static let maxBufferedSize = 1 << 23
    /// Most of that held back for one author.
    public static let maxBufferedSizePerAuthor = 1 << 21
    /// Most authors with changes held back at once: finding a ready change looks at each.
    public static let maxWaitingAuthors = 1024
}
