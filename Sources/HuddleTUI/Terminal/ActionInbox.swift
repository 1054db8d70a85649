import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where other threads (the peer's events, finished effects) post actions for the TUI loop,
/// which sleeps in `poll(2)` on ``fileDescriptor`` and wakes when one arrives.
final class ActionInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Action] = []
    private let pipe: [Int32]

    /// The read end: readable when actions wait.
    var fileDescriptor: Int32 { pipe[0] }

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard Glibc.pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        pipe = fds
    }

    deinit {
        close(pipe[0])
        close(pipe[1])
    }

    /// Queues an action and wakes the loop.
    func post(_ action: Action) {
        lock.withLock { actions.append(action) }
        var byte: UInt8 = 1
        _ = write(pipe[1], &byte, 1) // a full pipe already means "wake up"
    }

    /// Takes every queued action, emptying the wake-up pipe.
    func drain() -> [Action] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(pipe[0], &buffer, buffer.count) > 0 {}
        return lock.withLock {
            defer { actions.removeAll() }
            return actions
        }
    }
}
