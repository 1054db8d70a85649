import Foundation
import Synchronization

/// Hands each of a peer's events to its main stream and to every subscriber (a control
/// socket client following a channel, say), each with its own bounded buffer.
final class EventBus: Sendable {
    /// The main stream (one reader: the TUI, or the daemon's log).
    let events: AsyncStream<Peer.Event>
    private let main: AsyncStream<Peer.Event>.Continuation
    private let subscribers = Mutex<[UUID: AsyncStream<Peer.Event>.Continuation]>([:])

    init() {
        (events, main) = AsyncStream.makeStream(of: Peer.Event.self, bufferingPolicy: .bufferingNewest(1000))
    }

    /// Sends `event` to the main stream and every subscriber.
    func yield(_ event: Peer.Event) {
        main.yield(event)
        for subscriber in subscribers.withLock({ Array($0.values) }) { subscriber.yield(event) }
    }

    /// A new stream of the events from now on; it ends when the peer stops or its reader
    /// stops reading it.
    func subscribe() -> AsyncStream<Peer.Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Peer.Event.self, bufferingPolicy: .bufferingNewest(1000))
        let key = UUID()
        subscribers.withLock { $0[key] = continuation }
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLock { _ = $0.removeValue(forKey: key) } }
        return stream
    }

    /// Ends every stream.
    func finish() {
        main.finish()
        for subscriber in subscribers.withLock({ Array($0.values) }) { subscriber.finish() }
    }
}
