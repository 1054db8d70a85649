import HuddleStore

/// The peer's search: the index (nil if its file could not be made: then searches say why),
/// what it lacks, and the write under way (writes go one after another, off the actor).
struct SearchHost: Sendable {
    var index: SearchIndex?
    /// Why there is no index.
    var unavailable: String?
    var upkeep = SearchUpkeep()
    /// The last write handed off; the next waits for it, and a search for all of them.
    var writing: Task<Void, Never>?
    /// Whether a write is scheduled (marks gather for `delay` first).
    var scheduled = false
    /// The last write's failure, said once.
    var lastFailure: String?

    /// How long marks gather before they are written: a burst of arrivals is one transaction.
    static let delay: Duration = .milliseconds(100)
    /// Messages of whole documents written per turn while catching up at start.
    static let catchUpBudget = 20_000

    init(path: String) {
        do { index = try SearchIndex(path: path) } catch { unavailable = "\(error)" }
    }
}
