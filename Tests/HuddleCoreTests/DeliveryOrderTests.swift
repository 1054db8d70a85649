import Foundation
import HuddleCore
import HuddleTesting
import Testing

/// Any delivery that keeps each author's own order converges: changes wait for what they
/// depend on, within the waiting room's budgets.
@Suite("Delivery orders")
struct DeliveryOrderTests {
    @Test("a three-author history of 20,000 changes delivered author by author converges (every order of the authors with HUDDLE_LONG_FUZZ=1)")
    func authorByAuthorBlocks() throws {
        let seed: UInt64 = 2026
        let history = try ConcurrentHistory(authors: 3, total: 20_000, seed: seed)
        #expect(history.changes.map(\.count).reduce(0, +) == 20_000)
        let long = ProcessInfo.processInfo.environment["HUDDLE_LONG_FUZZ"] == "1"
        for order in long ? [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] : [[2, 1, 0]] {
            var doc = TextDocument(replica: ReplicaID(0xABCD))
            for author in order {
                for change in history.changes[author] { _ = try doc.apply(change) }
            }
            #expect(doc.waitingCount == 0, "seed \(seed), order \(order): \(doc.waitingCount) changes still wait")
            #expect(doc.text == history.text, "seed \(seed), order \(order): the text differs")
            #expect(doc.checkInvariants().isEmpty, "seed \(seed), order \(order)")
        }
    }
}
