import Foundation
import HuddleCore

extension TransferEngine {
    /// Loads what the journal kept from before a restart (see
    /// ``TransferRecord/init(restoring:limits:)``); transfers this engine already knows win.
    /// Files of a batch that were moved into place after the journal's last save count as
    /// done (``ReceivePlan/settleCommits()``).
    /// Transfers that ended more than ``Settings/keepEnded`` ago are forgotten; incoming ones
    /// interrupted more than ``Settings/keepInterrupted`` ago fail, and their partial files go.
    func restoreFromJournal(now: Double = Date().timeIntervalSince1970) async throws {
        guard let journal else { return }
        let entries = try await pool.runIfActive { try journal.load() }
        for entry in entries where records[entry.id] == nil {
            let id = entry.id, age = entry.savedAt.map { now - $0 } ?? 0
            guard var record = TransferRecord(restoring: entry, limits: settings.limits),
                  !(record.state.isFinal && age > settings.keepEnded.inSeconds) else {
                enqueueJournalWrite { try journal.remove(id) }
                continue
            }
            var settled = false
            if case .interrupted = record.state, let plan = record.plan, !plan.committing.isEmpty {
                let (after, moved) = try await pool.runIfActive {
                    var plan = plan
                    let moved = plan.settleCommits()
                    return (plan, moved)
                }
                record.adopt(settled: after, moved: moved)
                settled = true
            }
            if record.direction == .incoming, case .interrupted = record.state, age > settings.keepInterrupted.inSeconds {
                let parts = [entry.partPath].compactMap { $0 } + entry.strayParts
                try await pool.runIfActive { parts.forEach(FileIO.removeRegularFile) }
                record.state = .failed(reason: "the sender did not resume it for \(Int(settings.keepInterrupted.inSeconds / 86_400)) days; the partial file was removed")
                record.plan?.partPath = nil
                record.plan?.strayParts = []
            }
            records[id] = record
            if settled || record.state.kind != entry.state || record.plan?.partPath != entry.partPath { persist(id) }
        }
    }

    /// Writes the transfer's current record to the journal; with `force` false, at most every
    /// `journalInterval` (progress). Writes keep their order and run on the thread pool.
    func persist(_ id: OfferID, force: Bool = true) {
        guard let journal, !journalClosed, let record = records[id] else { return }
        let now = clock.now
        if !force, let last = record.lastJournaled, now - last < settings.journalInterval { return }
        records[id]?.lastJournaled = now
        let entry = record.journalEntry()
        enqueueJournalWrite { try journal.save(entry) }
    }

    /// Runs `write` on the pool after every write queued before it.
    func enqueueJournalWrite(_ write: @escaping @Sendable () throws -> Void) {
        let previous = journalTail, pool = pool
        journalTail = Task {
            await previous?.value
            // A lost write costs resumability, not data: the transfer goes on.
            _ = try? await pool.runIfActive(write)
        }
    }

    /// Saves every transfer still running, then stops writing; waits for queued writes.
    func closeJournal(savingRunning: Bool) async {
        stopping = true
        while commitsInFlight > 0 { try? await Task.sleep(for: .milliseconds(1)) }
        if savingRunning {
            for (id, record) in records where !record.state.isFinal { persist(id) }
        }
        journalClosed = true
        await journalTail?.value
    }
}
