import HuddleCore
import Testing

@Suite("Never overwrite: numbered names")
struct UniqueNameTests {
    func resolve(_ name: String, directory: Bool = false, taken: Set<String>) -> String? {
        UniqueName.resolve(name, isDirectory: directory) { taken.contains($0) }
    }

    @Test func freeNameIsKept() {
        #expect(resolve("report.pdf", taken: []) == "report.pdf")
    }

    @Test func takenNameGetsTheFirstFreeNumber() {
        #expect(resolve("report.pdf", taken: ["report.pdf"]) == "report (1).pdf")
        #expect(resolve("report.pdf", taken: ["report.pdf", "report (1).pdf", "report (2).pdf"]) == "report (3).pdf")
    }

    @Test("splits stem and extension sensibly", arguments: [
        ("archive.tar.gz", "archive (1).tar.gz"),
        ("backup.TAR.XZ", "backup (1).TAR.XZ"),
        ("my.report.final.pdf", "my.report.final (1).pdf"),
        (".bashrc", ".bashrc (1)"),
        ("Makefile", "Makefile (1)"),
        ("notes v1.2", "notes v1.2 (1)"),
        ("data.7z", "data (1).7z"),
        ("film.part.001", "film.part.001 (1)"),
        ("photo.jpeg", "photo (1).jpeg"),
        ("strange.", "strange. (1)"),
        (".tar.gz", ".tar (1).gz"),
    ])
    func extensions(_ name: String, _ expected: String) {
        #expect(resolve(name, taken: [name]) == expected)
    }

    @Test func foldersHaveNoExtension() {
        #expect(resolve("photos.2024", directory: true, taken: ["photos.2024"]) == "photos.2024 (1)")
        #expect(resolve("photos", directory: true, taken: ["photos", "photos (1)"]) == "photos (2)")
    }

    @Test func longNamesAreShortenedToFit() throws {
        let name = String(repeating: "\u{20AC}", count: 80) + ".pdf" // 244 bytes
        let resolved = try #require(resolve(name, taken: [name]))
        #expect(resolved.utf8.count <= 255)
        #expect(resolved.hasSuffix(" (1).pdf"))
        #expect(resolved.unicodeScalars.allSatisfy { $0 == "\u{20AC}" || " (1).pdf".unicodeScalars.contains($0) })
    }

    @Test func givesUpAfterTheLastAttempt() {
        #expect(UniqueName.resolve("x", exists: { _ in true }) == nil)
    }
}
