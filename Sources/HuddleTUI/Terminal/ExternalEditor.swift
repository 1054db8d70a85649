import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the user's editor (`$VISUAL`, `$EDITOR`, else `vi`) on a note's text in a private
/// temporary file (mode 0600, removed afterwards), with the terminal handed over meanwhile.
enum ExternalEditor {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func run(text: String, name: String, screen: NcursesScreen, environment: [String: String]) -> Result<String, Problem> {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let safeName = String(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil) }.prefix(32))
        var template = Array((NSTemporaryDirectory() + "huddle-\(safeName.isEmpty ? "note" : safeName)-XXXXXX.md").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 3) } // 0600
        guard fd >= 0 else { return .failure(Problem(description: "cannot make a temporary file: \(String(cString: strerror(errno)))")) }
        let path = String(cString: template)
        defer { unlink(path) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { return .failure(Problem(description: "cannot write \(path)")) }
        var status: Int32 = 0
        var spawned = true
        screen.suspend {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
            let quoted = "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
            let arguments = ["/bin/sh", "-c", "\(editor) \(quoted)"]
            let argv = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, environ) == 0 else {
                spawned = false
                return
            }
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        }
        guard spawned else { return .failure(Problem(description: "cannot start \(editor)")) }
        guard status == 0 else { return .failure(Problem(description: "\(editor) exited with an error: the note is unchanged")) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(Problem(description: "cannot read \(path)")) }
        return .success(String(decoding: data, as: UTF8.self))
    }
}
