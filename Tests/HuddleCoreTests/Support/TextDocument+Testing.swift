import HuddleCore

struct NothingToCommit: Error {}

extension TextDocument {
    /// Commits and fails the test (by throwing) when there was nothing to commit.
    mutating func committed() throws -> Change {
        guard let change = commit() else { throw NothingToCommit() }
        return change
    }
}
