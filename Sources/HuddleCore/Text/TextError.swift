/// Why a text edit or a remote change was refused. The document is unchanged after any of them.
public enum TextError: Error, Equatable, Sendable {
    /// A local edit named a scalar offset past the end of the text (offset, text length).
    case positionOutOfRange(Int, count: Int)
    /// The replica has used up its sequence numbers (`DecodeLimits.maxSeq`).
    case sequenceExhausted
    /// The uncommitted change would grow past what peers accept
    /// (`DecodeLimits.maxScalarsPerChange`, `maxOperationsPerChange`): call `commit()` first.
    /// A single insert longer than `maxScalarsPerChange` must be split by the caller.
    case changeTooLarge
    /// The edit or change would grow the document past its budget
    /// (`DecodeLimits.maxItemsPerDocument`, `maxOperationsPerDocument`).
    case documentTooLarge
    /// A change would make its author's deletes outnumber the document's items: no honest
    /// author deletes an item twice, so the change replays deletes to use up seqs and time.
    case deletesExceedDocument
    /// A change is malformed; the peer that sent it is faulty or hostile.
    case invalidChange(DecodeError)
    /// A change's dependencies are met but it names an item this document never had: the
    /// author lied about its dependencies. Drop the change.
    case unknownItem(ItemID)
    /// Too many changes (or too much text) wait for dependencies (`DecodeLimits.maxBufferedChanges`,
    /// `maxBufferedSize`); sync from the start with `changes(since:)` instead.
    case bufferFull
}
