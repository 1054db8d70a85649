import Foundation
import HuddleCore

extension TransferRecord {
    /// The record as the journal keeps it. An incoming transfer's files done come from its
    /// plan, which a commit updates before the progress hears of it: the entry's files done
    /// and partial files must describe the same moment.
    func journalEntry() -> TransferJournalEntry {
        let wire = offer.wire(nickname: nickname, expiresIn: 0, resume: false)
        let reason: String? = switch state {
        case let .rejected(reason), let .failed(reason): reason
        default: nil
        }
        let progress = state.progress
        return TransferJournalEntry(
            id: id, direction: direction, peer: peer, nickname: nickname,
            offer: (try? wire.serializedBytes() as [UInt8]) ?? [], state: state.kind, reason: reason,
            bytesDone: progress?.bytesDone ?? 0, filesDone: plan?.filesDone ?? progress?.filesDone ?? 0,
            completedPaths: completedPaths, sourcePaths: sources.map(\.absolutePath), host: address?.host, port: address?.port,
            directory: plan?.directory, folders: plan?.folders ?? [:], applyExecutableBits: plan?.applyExecutableBits ?? false,
            partPath: plan?.partPath, verifiedChunks: plan?.verifiedChunks ?? 0, strayParts: plan?.strayParts ?? [],
            committing: plan?.committing ?? [], times: times)
    }

    /// A record from a journal entry saved before a restart, or `nil` if the entry cannot be
    /// used (its offer no longer passes `limits`, its plan does not fit its offer). What was
    /// running becomes `interrupted` (to resume from the verified prefix); an offer nobody
    /// had answered yet fails, with a reason; ended transfers stay as they ended.
    init?(restoring entry: TransferJournalEntry, limits: TransferLimits) {
        guard let wire = try? Huddle_Transfer_V1_Offer(serializedBytes: entry.offer),
              let offer = try? TransferOffer.received(wire, limits: limits), offer.id == entry.id else { return nil }
        self.init(id: entry.id, direction: entry.direction, peer: entry.peer, nickname: entry.nickname, offer: offer)
        completedPaths = entry.completedPaths
        let savedAt = entry.savedAt.map { Int64($0 * 1000) }
        let restoredTimes = entry.times ?? TransferTimes(offeredAt: savedAt ?? Self.wallClockMilliseconds(),
                                                         endedAt: entry.state.isFinal ? savedAt : nil)
        var progress = TransferProgress(bytesDone: min(entry.bytesDone, offer.totalBytes), bytesTotal: offer.totalBytes,
                                        filesDone: min(max(0, entry.filesDone), offer.fileCount), filesTotal: offer.fileCount)
        switch entry.direction {
        case .outgoing:
            guard entry.sourcePaths.count == offer.fileCount else { return nil }
            sources = zip(entry.sourcePaths, offer.files).map {
                SourceFile(absolutePath: $0, offeredPath: $1.path.description, size: $1.size, executable: $1.executable)
            }
            if let host = entry.host, let port = entry.port { address = (host, port) }
        case .incoming:
            if let directory = entry.directory {
                guard (0...offer.fileCount).contains(entry.filesDone) else { return nil }
                let verified = entry.filesDone < offer.fileCount ? min(entry.verifiedChunks, offer.chunkCount(file: entry.filesDone)) : 0
                plan = ReceivePlan(directory: directory, folders: entry.folders, applyExecutableBits: entry.applyExecutableBits,
                                   filesDone: entry.filesDone, partPath: entry.partPath, completed: entry.completedPaths,
                                   verifiedChunks: verified, strayParts: entry.strayParts, committing: entry.committing)
                let whole = offer.bytes(before: entry.filesDone)
                let partial = entry.filesDone < offer.fileCount ? min(verified * UInt64(offer.chunkSize), offer.files[entry.filesDone].size) : 0
                progress.bytesDone = whole + partial
                progress.filesDone = entry.filesDone
            }
        }
        switch entry.state {
        case .offered:
            state = .failed(reason: entry.direction == .incoming
                ? "huddle stopped before the offer was answered; ask the sender to offer it again"
                : "huddle stopped before the offer was answered; send it again")
        case .accepted, .transferring, .interrupted:
            if entry.direction == .incoming, plan == nil {
                state = .failed(reason: "huddle stopped and lost where this transfer was going; ask the sender to offer it again")
            } else {
                state = .interrupted(progress)
            }
        case .rejected: state = .rejected(reason: entry.reason ?? "declined")
        case .expired: state = .expired
        case .done: state = .done
        case .cancelled: state = .cancelled
        case .failed: state = .failed(reason: entry.reason ?? "failed")
        }
        // An offer nobody answered before the restart ends now.
        times = restoredTimes
        times.note(state.kind, at: Self.wallClockMilliseconds())
    }

    /// Takes the plan of an incoming transfer after a restart counted the files its last batch
    /// had moved into place (``ReceivePlan/settleCommits()``, which gives their `moved` paths):
    /// they are done, and so is the transfer if they were its last.
    mutating func adopt(settled plan: ReceivePlan, moved: [String]) {
        self.plan = plan
        guard !moved.isEmpty, case .interrupted = state else { return }
        completedPaths += moved
        guard plan.filesDone < offer.fileCount else {
            state = .done
            return
        }
        // The first moved file was the journaled partial file: nothing partial is left.
        state = .interrupted(TransferProgress(bytesDone: offer.bytes(before: plan.filesDone),
                                              bytesTotal: offer.totalBytes, filesDone: plan.filesDone, filesTotal: offer.fileCount))
    }
}
