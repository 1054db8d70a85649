import HuddleCore
import Testing

/// The files that "exist" in these tests.
let existing: Set<String> = [
    "/home/ann/report.pdf", "/home/ann/My Report.pdf", "/home/ann/it's here.txt", "/tmp/a b/c\"d",
    "/home/ann/caf\u{E9}.txt", "/home/ann/photos", "/tmp/x", "/tmp/y", "/home/ann/100%.txt", "/home/ann/back\\slash",
]

/// Pastes and what they must parse to (`nil`: paste it as text).
let pasteCases: [(what: String, paste: String, paths: [String]?)] = [
    ("a plain path", "/home/ann/report.pdf", ["/home/ann/report.pdf"]),
    ("GNOME Terminal: single quotes and a trailing space", "'/home/ann/My Report.pdf' ", ["/home/ann/My Report.pdf"]),
    ("iTerm-style backslash escapes", "/home/ann/My\\ Report.pdf", ["/home/ann/My Report.pdf"]),
    ("double quotes", "\"/home/ann/My Report.pdf\"", ["/home/ann/My Report.pdf"]),
    ("a quote inside single quotes, shell style", "'/home/ann/it'\\''s here.txt'", ["/home/ann/it's here.txt"]),
    ("escaped double quote inside double quotes", "\"/tmp/a b/c\\\"d\"", ["/tmp/a b/c\"d"]),
    ("an escaped backslash", "/home/ann/back\\\\slash", ["/home/ann/back\\slash"]),
    ("several paths separated by spaces", "/tmp/x /tmp/y '/home/ann/My Report.pdf'", ["/tmp/x", "/tmp/y", "/home/ann/My Report.pdf"]),
    ("several paths on lines, CRLF", "/tmp/x\r\n/tmp/y\r\n", ["/tmp/x", "/tmp/y"]),
    ("a file URI with percent-encoding", "file:///home/ann/My%20Report.pdf", ["/home/ann/My Report.pdf"]),
    ("file URIs with UTF-8 percent-encoding", "file:///home/ann/caf%C3%A9.txt\nfile://localhost/tmp/x",
     ["/home/ann/caf\u{E9}.txt", "/tmp/x"]),
    ("a percent sign encoded", "file:///home/ann/100%25.txt", ["/home/ann/100%.txt"]),
    ("a folder", "/home/ann/photos", ["/home/ann/photos"]),
    ("a path that does not exist", "/home/ann/nothing.pdf", nil),
    ("one existing and one missing path", "/tmp/x /tmp/missing", nil),
    ("a sentence that starts with a path", "/tmp/x is where I put it", nil),
    ("a relative path", "report.pdf", nil),
    ("a home-relative path", "~/report.pdf", nil),
    ("ordinary text", "hello bob, see you at 10", nil),
    ("a URL", "https://example.com/tmp/x", nil),
    ("a file URI on another host", "file://fileserver/tmp/x", nil),
    ("a file URI with bad percent-encoding", "file:///tmp/%zz", nil),
    ("a file URI hiding a NUL", "file:///tmp/x%00.txt", nil),
    ("a file URI with invalid UTF-8", "file:///tmp/%ff", nil),
    ("an unclosed quote", "'/tmp/x", nil),
    ("a trailing lone backslash", "/tmp/x\\", nil),
    ("empty", "", nil),
    ("only blanks", "  \n\t ", nil),
    ("an unspaced path glued to text", "/tmp/x,/tmp/y", nil),
    ("a quoted file URI is a name, not a URI", "'file:///tmp/x'", nil),
]

@Suite("Drop to send: which pastes are dropped files")
struct DroppedPathsTests {
    @Test("parses the paste", arguments: pasteCases.indices)
    func parses(_ index: Int) {
        let (what, paste, expected) = pasteCases[index]
        #expect(DroppedPaths.parse(paste, exists: { existing.contains($0) }) == expected, "\(what)")
    }

    @Test func checksEveryPathExactlyOnce() {
        var asked: [String] = []
        _ = DroppedPaths.parse("/tmp/x '/tmp/y'", exists: { asked.append($0); return true })
        #expect(asked == ["/tmp/x", "/tmp/y"])
    }

    @Test func refusesMoreThanTheLimit() {
        let paste = Array(repeating: "/tmp/x", count: DroppedPaths.maxPaths + 1).joined(separator: " ")
        #expect(DroppedPaths.parse(paste, exists: { _ in true }) == nil)
    }
}
