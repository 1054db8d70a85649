import Foundation
import HuddleFuzzTargets

// huddle-fuzz: the network decoders under libFuzzer (scripts/fuzz.sh builds it so, with
// HUDDLE_FUZZ=1), or, in an ordinary build, a replayer of saved inputs and a writer of seeds.
//
//   HUDDLE_FUZZ_TARGET=envelope huddle-fuzz [libFuzzer options] [corpus dirs]   (fuzz build only)
//   huddle-fuzz replay <target> <file or dir>...    runs saved inputs (a crash reproduces)
//   huddle-fuzz seeds <dir>                         writes each target's seeds to <dir>/<target>/
//   huddle-fuzz targets                             lists the targets

/// Runs every file under `paths` through `target`; prints what each did.
func replay(_ target: FuzzTarget, _ paths: [String]) {
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            FileHandle.standardError.write(Data("huddle-fuzz: no such file: \(path)\n".utf8))
            exit(2)
        }
        files += isDirectory.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
            : [path]
    }
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        let outcome = target.run(Array(data))
        print("\(file): accepted \(outcome.accepted), refused \(outcome.refused)")
    }
}

/// Writes each target's seeds to `directory/<target>/seed-N`.
func writeSeeds(to directory: String) throws {
    for target in FuzzTarget.allCases {
        let folder = directory + "/" + target.rawValue
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (index, seed) in target.seeds.enumerated() {
            try Data(seed).write(to: URL(fileURLWithPath: folder + "/seed-\(index)"))
        }
    }
}

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: huddle-fuzz replay <target> <file or dir>... | seeds <dir> | targets
        targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))

        """.utf8))
    exit(2)
}

#if HUDDLE_FUZZ
if let name = ProcessInfo.processInfo.environment["HUDDLE_FUZZ_TARGET"] { fuzzMain(name) }
#endif
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "replay":
    guard arguments.count >= 3, let target = FuzzTarget(rawValue: arguments[1]) else { usage() }
    replay(target, Array(arguments.dropFirst(2)))
case "seeds":
    guard arguments.count == 2 else { usage() }
    do { try writeSeeds(to: arguments[1]) } catch {
        FileHandle.standardError.write(Data("huddle-fuzz: \(error)\n".utf8))
        exit(1)
    }
case "targets":
    print(FuzzTarget.allCases.map(\.rawValue).joined(separator: "\n"))
default:
    usage()
}
