import Foundation
import GRDB
import HuddleCore

/// Local changes that wait to be committed, committed together: while one transaction syncs
/// to disk, the changes that arrive meanwhile gather and go in the next one. With commits that
/// wait for the disk (`synchronous = FULL`), ten writers then cost about as many syncs as one.
final class CommitGroup: @unchecked Sendable {
    private struct Request {
        let runs: [StoredRun]
        let document: String
        let lastAuthor: String?
        let now: Date
        let continuation: CheckedContinuation<[StoredRun], any Error>
    }

    private let lock = NSLock()
    private var waiting: [Request] = []
    private var writing = false

    /// Stores `runs` of `document` in the next commit; returns them with their row IDs once
    /// that commit is on disk.
    func append(_ runs: [StoredRun], to document: String, lastAuthor: String?, at now: Date,
                in database: HuddleDatabase) async throws(StoreError) -> [StoredRun] {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let leads = lock.withLock { () -> Bool in
                    waiting.append(Request(runs: runs, document: document, lastAuthor: lastAuthor, now: now, continuation: continuation))
                    guard !writing else { return false }
                    writing = true
                    return true
                }
                if leads { Task.detached { await self.drain(into: database) } }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failed("writing \(database.path): \(error)")
        }
    }

    /// Commits what waits, batch after batch, until nothing does.
    private func drain(into database: HuddleDatabase) async {
        while true {
            let batch = lock.withLock { () -> [Request] in
                let batch = waiting
                waiting = []
                if batch.isEmpty { writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let stored = try await database.pool.write { db in
                    try batch.map { try DocumentStore.insert($0.runs, into: $0.document, lastAuthor: $0.lastAuthor, at: $0.now, in: db) }
                }
                for (request, runs) in zip(batch, stored) { request.continuation.resume(returning: runs) }
            } catch {
                let failure = StoreError.failed("writing \(database.path): \(error)")
                for request in batch { request.continuation.resume(throwing: failure) }
            }
        }
    }
}
