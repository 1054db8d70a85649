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
        var match = query.matchExpression(column: "body")
        if !query.authors.isEmpty {
            let authors = try query.authors.map { name throws(PeerError) in SearchUpkeep.authorTag(try resolvePeer(name).replicaID) }
            match += " AND " + Self.anyTag(authors)
        }
        let places = query.places + (place.map { [$0] } ?? [])
        for place in places {
            match += " AND " + Self.anyTag([SearchTag.document(try searchedDocument(place, workspace: workspace).description)])
        }
        if let workspace {
            match += " AND " + Self.anyTag([SearchTag.workspace(try self.workspace(workspace).description)])
        }
        await bringSearchUpToDate()
        let hits: [SearchHit]
        do { hits = try index.search(match: match, limit: max(1, min(limit, 500))) } catch { throw .store(StorageError(error)) }
        return hits.compactMap(result)
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
        let place = document.otherPeer(than: id).map { "@" + nickname(of: $0) } ?? document.displayName(for: id)
        var result = SearchResult(kind: document.isChat ? .message : .note, document: document, place: place,
                                  workspace: document.storageGroup, author: "", nickname: "", time: hit.time,
                                  excerpt: SearchText.excerpt(hit.excerpt))
        if let log = replica.chat {
            guard let messageID = SearchUpkeep.messageID(item: hit.item), let message = log.message(messageID) else { return nil }
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
            bus.yield(.notice("\(error): the search index is made again"))
            for id in sync.replicas.keys { search.upkeep.forget(id) }
            search.upkeep.compare(indexed: [:], held: sync.replicas)
        }
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
            do { try index.apply(batch) } catch { await self?.searchWriteFailed("\(error)") }
        }
    }

    private func searchWriteFailed(_ reason: String) {
        guard search.lastFailure != reason else { return }
        search.lastFailure = reason
        bus.yield(.notice(reason))
    }

    /// Writes everything the index lacks and waits for every write.
    func bringSearchUpToDate() async {
        handOffSearchWrite(budget: .max)
        await search.writing?.value
    }
}
