import Foundation
import HuddleCore
import HuddleStore

extension Peer {
    /// Messages and notes this peer holds that match `text` (see ``SearchQuery`` for phrases,
    /// prefixes, `-word`, `from:` and `in:`), newest first, at most `limit`. `workspace`
    /// narrows it to one workspace (`lan` or a private one); `place` to one channel,
    /// conversation or note, like `in:`. The index is brought up to date first.
    public func search(_ text: String, workspace: String? = nil, in place: String? = nil,
                       limit: Int = 50) async throws(PeerError) -> [SearchResult] {
        let query: SearchQuery
        do { query = try SearchQuery(text) } catch { throw .badSearch(error) }
        guard let index = search.index else { throw .searchUnavailable(search.unavailable ?? "no index") }
        // Tags narrow the search inside FTS5; each result is checked again, since a tag is a
        // 64-bit hash that a peer could make collide with a channel name of its choosing.
        var match = query.matchExpression(column: "body")
        var filter = SearchFilter()
        if !query.authors.isEmpty {
            let authors = try query.authors.map { name throws(PeerError) in try resolvePeer(name).description }
            filter.authors = Set(authors)
            match += " AND " + Self.anyTag(authors.compactMap(PeerID.init(parsing:)).map { SearchEntries.authorTag($0.replicaID) })
        }
        for place in query.places + (place.map { [$0] } ?? []) {
            let document = try searchedDocument(place, workspace: workspace)
            filter.documents.append(document)
            match += " AND " + Self.anyTag([SearchTag.document(document.description)])
        }
        if let workspace {
            let group = try self.workspace(workspace).description
            filter.workspace = group
            match += " AND " + Self.anyTag([SearchTag.workspace(group)])
        }
        let limit = max(1, min(limit, 500))
        func ask() throws(StoreError) -> [SearchHit] { try (search.index ?? index).search(match: match, limit: limit) }
        await bringSearchUpToDate()
        let hits: [SearchHit]
        do {
            hits = try ask()
        } catch .corrupt(_, let reason) {
            // Damaged (a power cut while it was written): made again from the documents, then asked again.
            remakeSearchIndex(because: reason)
            await bringSearchUpToDate()
            do { hits = try ask() } catch { throw .store(StorageError(error)) }
        } catch {
            throw .store(StorageError(error))
        }
        return hits.compactMap(result).filter(filter.admits)
    }

    private static func anyTag(_ tags: [String]) -> String {
        "(" + tags.map { "tags:\"\($0)\"" }.joined(separator: " OR ") + ")"
    }

    /// The document `in:` names: `#channel` or `@nick`, else a note, else a channel.
    private func searchedDocument(_ place: String, workspace: String?) throws(PeerError) -> DocumentID {
        if place.hasPrefix("#") || place.hasPrefix("@") || place.contains("/") { return try chatID(place, workspace: workspace) }
        if let note = try? noteID(place, workspace: workspace), sync.replicas[note] != nil { return note }
        return try chatID("#" + place, workspace: workspace)
    }

    private func result(_ hit: SearchHit) -> SearchResult? {
        guard let document = try? DocumentID(parsing: hit.document), !document.isRoster, sync.isOpenHere(document),
              let replica = sync.replicas[document] else { return nil }
        var result = SearchResult(kind: document.isChat ? .message : .note, document: document, place: shownName(of: document),
                                  workspace: document.storageGroup, author: "", nickname: "", time: hit.time,
                                  excerpt: SearchText.excerpt(hit.excerpt))
        if let log = replica.chat {
            guard let messageID = SearchEntries.messageID(item: hit.item), let message = log.message(messageID) else { return nil }
            let author = PeerID(digest: message.author.bytes)
            result.id = self.messageID(message.id)
            result.author = author?.description ?? ""
            result.nickname = author.map(nickname(of:)) ?? "?"
        } else {
            result.line = Int(hit.item.dropFirst())
        }
        return result
    }

    /// Marks what a sync event changed for the index, and schedules a write.
    func noteForSearch(_ event: SyncEvent) {
        guard search.index != nil else { return }
        search.upkeep.note(event)
        scheduleSearchWrite()
    }

    /// Compares the index with the documents loaded at start; what differs is indexed again,
    /// a slice at a time, in the background.
    func startSearchUpkeep() {
        guard let index = search.index else {
            bus.yield(.notice("search is not available: \(search.unavailable ?? "no index")"))
            return
        }
        do {
            search.upkeep.compare(indexed: try index.versions(), held: sync.replicas)
        } catch {
            remakeSearchIndex(because: "\(error)")
        }
        scheduleSearchWrite()
    }

    /// Deletes a damaged index and starts an empty one, which the documents held fill again.
    func remakeSearchIndex(because reason: String) {
        guard let path = search.index?.path else { return }
        bus.yield(.notice("the search index is made again (\(reason))"))
        search.index = nil
        SearchIndex.remove(at: path)
        search = SearchHost(path: path)
        search.upkeep.compare(indexed: [:], held: sync.replicas)
        scheduleSearchWrite()
    }

    private func scheduleSearchWrite() {
        guard !search.scheduled, !search.upkeep.isEmpty else { return }
        search.scheduled = true
        let soon = search.upkeep.waiting >= SearchUpkeep.dueAfterMessages
        Task { [weak self] in
            if !soon { try? await Task.sleep(for: SearchHost.delay) }
            await self?.writeSearchSlice()
        }
    }

    /// Writes one slice of what the index lacks (off the actor, after the writes before it),
    /// and schedules the next if more waits.
    private func writeSearchSlice() {
        search.scheduled = false
        handOffSearchWrite(budget: SearchHost.catchUpBudget)
        scheduleSearchWrite()
    }

    /// Hands what the index lacks (up to `budget` messages of whole documents) to a write
    /// that runs after the ones before it.
    private func handOffSearchWrite(budget: Int) {
        guard let index = search.index, !search.upkeep.isEmpty else { return }
        let batch = search.upkeep.takeBatch(from: sync.replicas, now: Date().millisecondsSince1970, budget: budget)
        let previous = search.writing
        search.writing = Task.detached { [weak self] in
            await previous?.value
            do throws(StoreError) { try index.apply(batch) } catch { await self?.searchWriteFailed(error) }
        }
    }

    private func searchWriteFailed(_ error: StoreError) {
        if case let .corrupt(_, reason) = error, search.index != nil {
            remakeSearchIndex(because: reason)
            return
        }
        guard search.lastFailure != "\(error)" else { return }
        search.lastFailure = "\(error)"
        bus.yield(.notice("\(error)"))
    }

    /// Writes what the index lacks and closes it (the peer is stopping).
    func closeSearch() async {
        await bringSearchUpToDate()
        search.index?.close()
        search.index = nil
        search.unavailable = "huddle is stopping"
    }

    /// Writes everything the index lacks and waits for every write.
    func bringSearchUpToDate() async {
        handOffSearchWrite(budget: .max)
        await search.writing?.value
    }
}

/// What a search's `from:`, `in:` and workspace ask for, checked on each result.
private struct SearchFilter {
    var authors: Set<String>?
    var documents: [DocumentID] = []
    var workspace: String?

    func admits(_ result: SearchResult) -> Bool {
        (authors?.contains(result.author) ?? true) && documents.allSatisfy { $0 == result.document }
            && (workspace.map { $0 == result.workspace } ?? true)
    }
}
