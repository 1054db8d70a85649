#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HuddleCore

/// One local file to send: where it is, the relative name it is offered under, its size and
/// whether it is executable.
struct SourceFile: Sendable, Equatable {
    var absolutePath: String
    var offeredPath: String
    var size: UInt64
    var executable: Bool
}

/// Turns the paths a user wants to send into the list of files an offer carries. Folders are
/// walked in name order and keep their tree under their own name; symbolic links are neither
/// followed nor sent (a link given by name is an error, links inside folders are skipped);
/// other special files are skipped; empty folders are not sent. Blocking: run it off the loops.
enum SourceScanner {
    static func scan(_ paths: [String]) throws(TransferError) -> [SourceFile] {
        var files: [SourceFile] = []
        for raw in paths {
            var path = raw
            while path.count > 1, path.hasSuffix("/") { path.removeLast() }
            guard let info = try FileIO.status(path) else { throw .io(operation: "stat", path: path, errno: ENOENT) }
            let name = ReceivedPath.normalizedForOffer(String(path.split(separator: "/").last ?? Substring(path)))
            if FileIO.isLink(info) { throw .symbolicLinkNotSent(path: path) }
            if FileIO.isRegular(info) {
                files.append(SourceFile(absolutePath: path, offeredPath: name, size: UInt64(info.st_size), executable: info.st_mode & 0o111 != 0))
            } else if FileIO.isDirectory(info) {
                try walk(path, offeredAs: name, into: &files)
            } else {
                throw .unsupportedFileType(path: path)
            }
        }
        return files
    }

    static func walk(_ folder: String, offeredAs prefix: String, into files: inout [SourceFile]) throws(TransferError) {
        for entry in try entries(of: folder) {
            let path = folder + "/" + entry
            guard let info = try FileIO.status(path) else { continue } // vanished meanwhile
            let offered = prefix + "/" + ReceivedPath.normalizedForOffer(entry)
            if FileIO.isRegular(info) {
                files.append(SourceFile(absolutePath: path, offeredPath: offered, size: UInt64(info.st_size), executable: info.st_mode & 0o111 != 0))
            } else if FileIO.isDirectory(info) {
                try walk(path, offeredAs: offered, into: &files)
            }
            // Symbolic links, sockets, devices and FIFOs are not sent.
        }
    }

    /// The names in `folder` except `.` and `..`, sorted bytewise.
    static func entries(of folder: String) throws(TransferError) -> [String] {
        guard let handle = opendir(folder) else { throw FileIO.fail("opendir", folder) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
