import HuddleCore

extension TransferEngine {
    /// Loads what the journal kept from before a restart (see
    /// ``TransferRecord/init(restoring:limits:)``); transfers this engine already knows win.
    func restoreFromJournal() async throws {
        guard let journal else { return }
        let entries = try await pool.runIfActive { try journal.load() }
        for entry in entries where records[entry.id] == nil {
            guard let record = TransferRecord(restoring: entry, limits: settings.limits) else {
                let id = entry.id
                enqueueJournalWrite { try journal.remove(id) }
                continue
            }
            records[entry.id] = record
            if record.state.name != entry.state { persist(entry.id) }
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
