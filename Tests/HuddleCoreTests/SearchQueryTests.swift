import HuddleCore
import Testing

/// Parsing what users search for, and preparing text for the index.
@Suite("Search queries and indexed text")
struct SearchQueryTests {
    @Test("words, phrases, prefixes, words left out and filters are told apart")
    func parsesEachKind() throws {
        let query = try SearchQuery("deploy \"the server\" conf* -staging from:bob in:#dev FROM:ann")
        #expect(query.required == [.word("deploy"), .phrase("the server"), .prefix("conf")])
        #expect(query.excluded == [.word("staging")])
        #expect(query.authors == ["bob", "ann"])
        #expect(query.places == ["#dev"])
    }

    @Test("the match expression quotes every term, so FTS5 syntax typed by the user is only text")
    func quotesEverything() throws {
        #expect(try SearchQuery("a\"b OR NEAR( c*").matchExpression(column: "body")
            == #"body:"a""b" AND body:"OR" AND body:"NEAR(" AND body:"c"*"#)
        #expect(try SearchQuery("x -y").matchExpression(column: "body") == #"body:"x" NOT body:"y""#)
        #expect(try SearchQuery("\"unclosed phrase").required == [.phrase("unclosed phrase")])
    }

    @Test("an attack of a huge or many-termed query is refused with a named error; empty ones too")
    func hugeAndEmptyQueriesAreRefused() {
        #expect(throws: SearchQueryError.tooLong(bytes: 2000)) { try SearchQuery(String(repeating: "a", count: 2000)) }
        #expect(throws: SearchQueryError.tooManyTerms(17)) { try SearchQuery((0..<17).map { "w\($0)" }.joined(separator: " ")) }
        #expect(throws: SearchQueryError.empty) { try SearchQuery("  !! -- ") }
        #expect(throws: SearchQueryError.nothingToFind) { try SearchQuery("-word from:bob") }
    }

    @Test("text for the index: control characters become spaces; characters of unspaced scripts are split by a joiner")
    func indexableText() {
        #expect(SearchText.indexable("a\u{2}b\u{1b}[31mc") == "a b [31mc")
        #expect(SearchText.indexable("東京 ok") == "東\u{2060}京 ok")
        #expect(SearchText.indexable("デプロイ") == "デ\u{2060}プ\u{2060}ロ\u{2060}イ")
        #expect(SearchText.indexable("한국어 text") == "한국어 text", "Korean is written with spaces")
    }

    @Test("an excerpt's markers become matched stretches; joiners and line breaks go")
    func excerpts() {
        let parts = SearchText.excerpt("…the \u{2}deploy\u{3} of 東\u{2060}\u{2}京\u{3}\nnow")
        #expect(parts == [SearchExcerptPart(text: "…the ", isMatch: false), SearchExcerptPart(text: "deploy", isMatch: true),
                          SearchExcerptPart(text: " of 東", isMatch: false), SearchExcerptPart(text: "京", isMatch: true),
                          SearchExcerptPart(text: " now", isMatch: false)])
    }
}
