#if canImport(Glibc)
import Glibc
#endif

/// Puts the terminal back the way it was, whatever ends huddle: quit, SIGINT, SIGTERM, SIGHUP,
/// or a crash. Signal handlers may only do async-signal-safe work, so the restore sequence
/// and the original terminal modes are prepared before anything can go wrong.
enum TerminalGuard {
    /// Turns off bracketed paste and grapheme-cluster mode, turns autowrap back on, leaves the
    /// alternate screen, shows the cursor, resets colours.
    static let restoreSequence: [UInt8] = Array("\u{1B}[?2004l\u{1B}[?2027l\u{1B}[?1006l\u{1B}[?7h\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n".utf8)

    nonisolated(unsafe) static var savedModes = termios()
    nonisolated(unsafe) static var hasSavedModes = false
    /// The write end of the pipe that turns quit signals into input for the event loop.
    nonisolated(unsafe) static var signalPipeWrite: Int32 = -1

    /// Signals that end huddle cleanly through the event loop.
    static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// Signals the event loop handles and goes on: a resized window, Ctrl-Z (the loop restores
    /// the terminal before stopping). They may arrive on any thread, so the loop learns of them
    /// through the pipe, not from an interrupted poll.
    static let loopSignals: [Int32] = [SIGWINCH, SIGTSTP]
    /// The handlers that were there before (Swift's backtracer), by signal number.
    nonisolated(unsafe) static var previousActions: [sigaction] = Array(repeating: sigaction(), count: 65)
    /// Signals after which huddle cannot continue: restore, then die as before.
    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Saves the terminal's modes; call before ncurses changes them.
    static func saveModes() {
        hasSavedModes = tcgetattr(STDIN_FILENO, &savedModes) == 0
    }

    /// Installs handlers; quit signals write their number into `pipe`. Unblocks them too, in
    /// case huddle was started with them blocked.
    static func install(signalPipe: Int32) {
        signalPipeWrite = signalPipe
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in quitSignals + fatalSignals + loopSignals { sigaddset(&handled, signal) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        for signal in quitSignals + loopSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TerminalGuard.signalPipeWrite, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
        for signal in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                // Restore, put the earlier handler back, and let it run (with the signal
                // raised again) once this handler returns: the crash report still appears.
                TerminalGuard.restoreRaw()
                sigaction(number, &TerminalGuard.previousActions[Int(number)], nil)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, &previousActions[Int(signal)])
        }
    }

    /// Restores with async-signal-safe calls only.
    static func restoreRaw() {
        restoreSequence.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if hasSavedModes { tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
    }

    /// Puts the earlier handlers back.
    static func uninstall() {
        for signal in quitSignals + loopSignals { Glibc.signal(signal, SIG_DFL) }
        for signal in fatalSignals { sigaction(signal, &previousActions[Int(signal)], nil) }
    }
}
