import Foundation
import GRDB
import Testing
@testable import HuddleStore

@Suite("Durability of acknowledged writes")
struct DurabilityTests {
    @Test("every connection commits with synchronous = FULL, so an acknowledged change survives a power cut")
    func commitsAreSynced() async throws {
        let path = NSTemporaryDirectory() + "huddle-sync-\(UUID().uuidString.prefix(8)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try HuddleDatabase(path: path)
        #expect(try await database.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try await database.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try await database.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(HuddleDatabase.synchronous([:]) == "FULL")
        #expect(HuddleDatabase.synchronous(["HUDDLE_SQLITE_SYNCHRONOUS": "normal"]) == "NORMAL")
    }
}
