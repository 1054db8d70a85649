import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

extension Peer {
    /// Starts listening for transfer connections and announces where in Hello (`files.v1:PORT`).
    func startTransfers() async throws {
        let port = try await transfers.start(host: "::", port: 0)
        sessions.announce(capabilities: ["files.v1:\(port)"])
        let events = transfers.events
        running.tasks.append(Task { [weak self] in
            for await event in events { await self?.handle(event) }
        })
    }

    /// Where `peer` accepts transfers: its session's host and the port its Hello announced.
    func transferAddress(of peer: PeerID) -> (host: String, port: Int)? {
        guard let session = sessions.connectedPeers.first(where: { $0.id == peer }),
              let capability = session.capabilities.first(where: { $0.hasPrefix("files.v1:") }),
              let port = Int(capability.dropFirst("files.v1:".count)),
              let address = PeerAddress(parsing: session.address)?.with(port: port) else { return nil }
        return (address.hostWithZone, address.port)
    }

    /// Continues the transfers to `peer` that a cut connection interrupted, now that it is back.
    func resumeTransfers(to peer: SessionPeer) {
        guard let address = transferAddress(of: peer.id) else { return }
        let transfers = transfers
        Task {
            for id in await transfers.interruptedTransfers(to: peer.id) {
                try? await transfers.resume(id, host: address.host, port: address.port)
            }
        }
    }

    func handle(_ event: TransferEvent) async {
        let id: OfferID
        switch event {
        case let .offered(summary):
            id = summary.id
            bus.yield(.notice("\(summary.nickname) (\(summary.peer.short)) offers \(Self.describe(summary.offer)): transfer \(id.short)"))
            if shouldAutoAccept(summary) {
                do {
                    try await acceptTransfer(id.description, into: nil)
                    bus.yield(.notice("accepted transfer \(id.short) from verified \(summary.nickname) automatically"))
                } catch {
                    bus.yield(.notice("could not accept transfer \(id.short): \(error)"))
                }
            }
        case let .offerRefused(peer, reason):
            bus.yield(.notice("refused an offer from \(peer.short): \(reason)"))
            return
        case .fileDone:
            return // progress reports cover it; one event per file would flood a big folder's followers
        case let .accepted(offer), let .expired(offer), let .done(offer):
            id = offer
        case let .progress(offer, _, _, _):
            id = offer
        case let .rejected(offer, reason):
            id = offer
            bus.yield(.notice("transfer \(offer.short): \(reason)"))
        case let .interrupted(offer, reason):
            id = offer
            bus.yield(.notice("transfer \(offer.short): \(reason)"))
            retryIfConnected(offer)
        case let .failed(offer, error):
            id = offer
            bus.yield(.notice("transfer \(offer.short) failed: \(error)"))
        case let .cancelled(offer, _):
            id = offer
        }
        if let summary = await transfers.transfer(id) { bus.yield(.transfer(info(summary))) }
    }

    /// An outgoing transfer cut while its peer still has (or already has again) a session:
    /// resume it after a second, rather than waiting for the next session.
    func retryIfConnected(_ offer: OfferID) {
        let transfers = transfers
        Task { [weak self] in
            try? await Task.sleep(for: .seconds(1))
            guard let self, let summary = await transfers.transfer(offer), summary.direction == .outgoing,
                  case .interrupted = summary.state, let address = await self.transferAddress(of: summary.peer) else { return }
            try? await transfers.resume(offer, host: address.host, port: address.port)
        }
    }

    /// Offers from verified peers up to the configured size are accepted without asking.
    func shouldAutoAccept(_ summary: TransferSummary) -> Bool {
        let limit = UInt64(max(0, profile.config.autoAcceptMB)) * 1_000_000
        guard limit > 0, summary.offer.totalBytes <= limit else { return false }
        do {
            return try directory.trust.peer(summary.peer)?.trust == .verified
        } catch {
            bus.yield(.notice("could not read the trust store, so transfer \(summary.id.short) waits for an answer: \(error)"))
            return false
        }
    }

    static func describe(_ offer: TransferOffer) -> String {
        let names = offer.topNames.prefix(3).joined(separator: ", ") + (offer.topNames.count > 3 ? ", …" : "")
        let files = offer.fileCount == 1 ? "" : " (\(offer.fileCount) files)"
        return "\(names)\(files), \(ByteCount.format(offer.totalBytes))"
    }

    // MARK: commands

    /// Offers files and folders to the peer called `name` (it must be online). Returns the
    /// transfer's ID; what happens next arrives as `.transfer` events.
    public func send(to name: String, paths: [String]) async throws(PeerError) -> TransferInfo {
        let peer = try resolvePeer(name)
        guard peer != id else { throw .toSelf }
        // On a LAN too large for a full mesh the peer may be online without a session yet.
        if transferAddress(of: peer) == nil { _ = await needDirectSession(with: peer) }
        guard let address = transferAddress(of: peer) else {
            throw .refused("\(nickname(of: peer)) is not online (or takes no files); files go directly, so both must be running")
        }
        let offer: OfferID
        do {
            offer = try await transfers.offer(to: peer, host: address.host, port: address.port, paths: paths)
        } catch {
            throw .refused("\(error)")
        }
        guard let summary = await transfers.transfer(offer) else { throw .refused("the offer vanished") }
        return info(summary)
    }

    /// Accepts an incoming offer into `folder` (default: the downloads folder).
    public func acceptTransfer(_ name: String, into folder: String?) async throws(PeerError) {
        let offer = try await findTransfer(name)
        let target = folder ?? profile.folders.downloads
        var isFolder: ObjCBool = false
        do {
            // A folder (or a link to one, as a Downloads folder on another disk often is) is used as it is.
            if !(FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) && isFolder.boolValue) {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            }
        } catch {
            throw .refused("cannot use \(target): \(error.localizedDescription)")
        }
        do { try await transfers.accept(offer, into: target) } catch { throw .refused("\(error)") }
    }

    /// Declines an incoming offer.
    public func rejectTransfer(_ name: String) async throws(PeerError) {
        let offer = try await findTransfer(name)
        do { try await transfers.reject(offer) } catch { throw .refused("\(error)") }
    }

    /// Cancels a transfer, either way; both sides remove partial files.
    public func cancelTransfer(_ name: String) async throws(PeerError) {
        let offer = try await findTransfer(name)
        do { try await transfers.cancel(offer) } catch { throw .refused("\(error)") }
    }

    /// Continues an interrupted outgoing transfer now.
    public func resumeTransfer(_ name: String) async throws(PeerError) {
        let offer = try await findTransfer(name)
        guard let summary = await transfers.transfer(offer) else { throw .noSuchDocument("transfer \(name)") }
        let address = transferAddress(of: summary.peer)
        do { try await transfers.resume(offer, host: address?.host, port: address?.port) } catch { throw .refused("\(error)") }
    }

    /// Every transfer this peer knows of, newest first.
    public func transferList() async -> [TransferInfo] {
        await transfers.transfers().map(info).sorted { $0.isNewer(than: $1) }
    }

    /// A transfer for lists, with the other peer's nickname as this peer knows it.
    func info(_ summary: TransferSummary) -> TransferInfo {
        var info = TransferInfo(summary)
        if info.nickname.isEmpty || summary.direction == .outgoing { info.nickname = nickname(of: summary.peer) }
        return info
    }

    /// The transfer whose ID is or starts with `name` (at least 4 characters).
    func findTransfer(_ name: String) async throws(PeerError) -> OfferID {
        let all = await transfers.transfers()
        let lowered = name.lowercased()
        let matches = all.filter { $0.id.description.lowercased() == lowered || (lowered.count >= 4 && $0.id.description.lowercased().hasPrefix(lowered)) }
        guard matches.count == 1, let match = matches.first else {
            throw matches.isEmpty ? .noSuchDocument("transfer \(name)") : .refused("several transfers start with \(name): give more of the ID")
        }
        return match.id
    }
}
