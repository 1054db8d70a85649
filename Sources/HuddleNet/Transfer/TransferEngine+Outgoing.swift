import HuddleCore
import NIOCore
import NIOPosix

extension TransferEngine {
    /// Offers `paths` (files and folders) to `peer`, which listens for transfers at
    /// `host:port`. Returns the offer's ID once the files are listed; the rest (accepted,
    /// progress, done...) arrives as events. Symbolic links are never sent.
    public func offer(to peer: PeerID, host: String, port: Int, paths: [String]) async throws(TransferError) -> OfferID {
        let sources: [SourceFile]
        do {
            sources = try await pool.runIfActive { try SourceScanner.scan(paths) }
        } catch let error as TransferError {
            throw error
        } catch {
            throw .notAllowed("\(error)")
        }
        let id = OfferID.random(using: &generator)
        let offer: TransferOffer
        do {
            offer = try TransferOffer.make(id: id, files: sources.map { ($0.offeredPath, $0.size, $0.executable) },
                                           chunkSize: settings.chunkSize, limits: settings.limits)
        } catch {
            throw .invalidOffer(error)
        }
        var record = TransferRecord(id: id, direction: .outgoing, peer: peer, nickname: "", offer: offer)
        record.sources = sources
        record.address = (host, port)
        records[id] = record
        persist(id)
        Task { await self.runOutgoing(id, resume: false) }
        return id
    }

    /// Continues an interrupted outgoing transfer from what the receiver holds and verifies;
    /// at `host:port` if given (the receiver may listen elsewhere after a restart).
    public func resume(_ id: OfferID, host: String? = nil, port: Int? = nil) throws(TransferError) {
        guard let record = records[id] else { throw .unknownTransfer(id) }
        if let host, let port, records[id]?.address.map({ $0 != (host, port) }) ?? true {
            records[id]?.address = (host, port)
            persist(id)
        }
        guard record.direction == .outgoing else { throw .notAllowed("only the sender resumes a transfer; ask \(record.nickname) to") }
        guard case .interrupted = record.state else { throw .notAllowed("transfer \(id.short) is \(record.state.name), not interrupted") }
        guard !record.connecting else { return } // already resuming
        records[id]?.connecting = true
        Task { await self.runOutgoing(id, resume: true) }
    }

    /// The outgoing transfers to `peer` that were cut and can resume (to call when it is back).
    public func interruptedTransfers(to peer: PeerID) -> [OfferID] {
        records.values.filter {
            if case .interrupted = $0.state { return $0.direction == .outgoing && $0.peer == peer }
            return false
        }.map(\.id)
    }

    /// One connection of an outgoing transfer: offer, wait for the answer, stream, collect
    /// the receiver's confirmations.
    nonisolated func runOutgoing(_ id: OfferID, resume: Bool) async {
        guard let record = await outgoingRecord(id), let address = record.address else {
            await connectionEnded(id)
            return
        }
        let sender = FileSender(offer: record.offer, sources: record.sources, pool: pool, rateLimit: settings.maxBytesPerSecond)
        let offerFrame = Huddle_Transfer_V1_Frame.with {
            $0.offer = record.offer.wire(nickname: settings.nickname, expiresIn: Int(settings.offerLifetime.components.seconds), resume: resume)
        }
        let connection: TransferConnection
        do {
            connection = try await TransferConnection.dial(group: group, tls: tls, host: address.host, port: address.port,
                                                           expected: record.peer, timeout: settings.connectTimeout)
        } catch {
            await finishOutgoing(id, error: error, accepted: resume)
            await connectionEnded(id)
            return
        }
        await attach(id, channel: connection.channel.channel)
        guard await state(of: id)?.isFinal == false else { // cancelled while dialing
            try? await connection.channel.channel.close()
            await attach(id, channel: nil)
            await connectionEnded(id)
            return
        }
        // The receiver closes an unanswered offer when it expires; this is the backstop.
        let backstop = connection.channel.channel.eventLoop.scheduleTask(in: .seconds(settings.offerLifetime.components.seconds + 30)) {
            connection.channel.channel.close(promise: nil)
        }
        var accepted = false
        do {
            try await connection.channel.executeThenClose { inbound, outbound in
                try await outbound.write(.frame(offerFrame))
                var iterator = inbound.makeAsyncIterator()
                guard case let .frame(answer)? = try await iterator.next() else {
                    throw TransferError.connectionLost("the receiver closed the connection without answering")
                }
                backstop.cancel()
                switch answer.body {
                case let .accept(accept)?:
                    accepted = true
                    if !resume { await self.transition(id, .accept, event: .accepted(id)) }
                    try await self.sendAccepted(id, accept, sender: sender, channel: connection.channel.channel,
                                                iterator: &iterator, outbound: outbound)
                case let .refusal(refusal)?:
                    throw TransferError.refusedByPeer(.init(refusal.reason), peerMessage: refusal.message)
                default:
                    throw TransferError.protocolViolation("the answer to an offer must be Accept or Refusal")
                }
            }
            await transition(id, .finish, event: .done(id))
        } catch {
            await finishOutgoing(id, error: error, accepted: accepted || resume)
        }
        await attach(id, channel: nil)
        await connectionEnded(id)
    }

    /// The transfer's connection is over (whatever came of it): a resume may start another.
    func connectionEnded(_ id: OfferID) {
        records[id]?.connecting = false
    }

    /// After `Accept`: tells the receiver where data starts, streams in a child task, and
    /// reads the receiver's `FileDone`s (or its refusal) here.
    nonisolated func sendAccepted(_ id: OfferID, _ accept: Huddle_Transfer_V1_Accept, sender: FileSender, channel: Channel,
                      iterator: inout NIOAsyncChannelInboundStream<TransferMessage>.AsyncIterator,
                      outbound: NIOAsyncChannelOutboundWriter<TransferMessage>) async throws {
        let start = try await sender.startPoint(for: accept)
        try await outbound.write(.frame(.with {
            $0.start = .with {
                $0.fileIndex = UInt32(start.file)
                $0.chunkIndex = start.chunk
            }
        }))
        var filesDone = start.file
        var confirmedBytes = sender.offer.bytes(before: start.file)
        await progressed(id, bytes: confirmedBytes + start.chunk * UInt64(sender.offer.chunkSize), filesDone: filesDone, force: true)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await sender.stream(from: start, to: channel) { bytes in
                        await self.progressed(id, bytes: bytes, filesDone: nil)
                    }
                } catch {
                    if let failure = error as? TransferError, case .sourceChanged = failure {
                        try? await outbound.write(.frame(.refusal(.ioError, "a file changed while it was being sent")))
                    }
                    channel.close(promise: nil)
                    throw error
                }
            }
            while filesDone < sender.offer.fileCount, let message = try await iterator.next() {
                guard case let .frame(frame) = message else { throw TransferError.protocolViolation("the receiver sent data") }
                switch frame.body {
                case let .fileDone(done)?:
                    guard Int(exactly: done.fileIndex) == filesDone else { throw TransferError.protocolViolation("a confirmation out of order") }
                    await fileDone(id, path: sender.offer.files[filesDone].path.description)
                    confirmedBytes += sender.offer.files[filesDone].size
                    filesDone += 1
                    await progressed(id, bytes: confirmedBytes, filesDone: filesDone, force: filesDone == sender.offer.fileCount)
                case let .refusal(refusal)?:
                    throw TransferError.refusedByPeer(.init(refusal.reason), peerMessage: refusal.message)
                default:
                    throw TransferError.protocolViolation("an unexpected message from the receiver")
                }
            }
            guard filesDone == sender.offer.fileCount else { throw TransferError.connectionLost("the receiver closed the connection") }
            try await group.waitForAll()
        }
    }

    /// Maps how an outgoing connection ended to the transfer's state and an event.
    func finishOutgoing(_ id: OfferID, error: Error, accepted: Bool) {
        guard let state = state(of: id), !state.isFinal else { return } // cancelled here meanwhile
        let failure = error as? TransferError ?? .connectionLost(NetworkErrorText.describe(error))
        switch failure {
        case let .refusedByPeer(.rejected, message):
            transition(id, .reject(message), event: .rejected(id, reason: message))
        case .refusedByPeer(.expired, _):
            transition(id, .expire, event: .expired(id))
        case .refusedByPeer(.cancelled, _):
            transition(id, .cancel, event: .cancelled(id, byPeer: true))
        case .connectionLost, .cannotConnect:
            if accepted {
                transition(id, .interrupt, event: .interrupted(id, reason: failure.description))
            } else {
                transition(id, .fail(failure.description), event: .failed(id, failure))
            }
        default:
            transition(id, .fail(failure.description), event: .failed(id, failure))
        }
    }
}
