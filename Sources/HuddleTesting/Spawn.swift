import CPseudoTerminal
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starting a child process with `posix_spawn` the way tests and benchmarks need: default
/// signal handling and an empty signal mask whatever the runner has blocked, optionally in a
/// session of its own (to own a pseudo-terminal).
public enum Spawn {
    /// Starts `arguments[0]` (looked up in `PATH` when `searchPath`) with `environment` (nil:
    /// this process's); `files` sets up its descriptors. Returns its process ID.
    public static func start(_ arguments: [String], environment: [String: String]? = nil, searchPath: Bool = false,
                             newSession: Bool = false,
                             files: (inout posix_spawn_file_actions_t) -> Void) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        files(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | (newSession ? huddle_spawn_setsid_flag() : 0)
        posix_spawnattr_setflags(&attributes, flags)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { (argv + (envp ?? [])).forEach { free($0) } }
        var pid: pid_t = 0
        let result = envp.map { envp in
            searchPath ? posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
                : posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        } ?? (searchPath ? posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
                : posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ))
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        return pid
    }

    /// Runs a program to its end, its output going to a file (so that a daemon it leaves
    /// behind, a tmux server, cannot hold a pipe open); returns what it printed.
    public static func run(_ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "huddle-spawn-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        let pid = try start(arguments, searchPath: true) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
