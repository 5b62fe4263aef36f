import TernEval
import XCTest

/// TER's rules stated one at a time with hand-counted edits; the sacreBLEU cases check the same code at scale.
final class TERRuleTests: XCTestCase {
    func edits(_ hypothesis: String, _ reference: String, caseSensitive: Bool = false) throws -> Int {
        try TER(caseSensitive: caseSensitive).corpusScore(hypotheses: [hypothesis], references: [reference]).edits
    }

    func testMovingABlockIsOneEdit() throws {
        // Without shifts this is 6 edits (every position differs); moving "on the mat" to the front is one.
        XCTAssertEqual(try edits("on the mat the cat sat", "the cat sat on the mat"), 1)
        XCTAssertEqual(try TER().corpusScore(hypotheses: ["on the mat the cat sat"], references: ["the cat sat on the mat"]).formatted,
                       "TER = 16.67")
    }

    func testBlocksLongerThanTenWordsMoveInPieces() throws {
        // Twelve words must move past "x y": no single shift of ≤ 10 words does it, so sacreBLEU moves "x y" instead.
        let twelve = (1...12).map { "w\($0)" }.joined(separator: " ")
        XCTAssertEqual(try edits("x y " + twelve, twelve + " x y"), 1)
    }

    func testEmptySides() throws {
        XCTAssertEqual(try edits("", "a b c"), 3)  // three insertions
        let emptyReference = try TER().corpusScore(hypotheses: ["a b"], references: [""])
        XCTAssertEqual(emptyReference.edits, 2)
        XCTAssertEqual(emptyReference.score, 100)  // edits over an empty reference count as 100 %
        XCTAssertEqual(try TER().corpusScore(hypotheses: [""], references: [""]).score, 0)
        XCTAssertEqual(try TER().corpusScore(hypotheses: [], references: []).score, 0)
    }

    func testCaseIsIgnoredByDefaultAsPythonLowercases() throws {
        XCTAssertEqual(try edits("The CAT", "the cat"), 0)
        XCTAssertEqual(try edits("The CAT", "the cat", caseSensitive: true), 2)
        // Python writes a word-final capital sigma as ς; Swift's lowercased() would write σ.
        XCTAssertEqual(try edits("ΟΔΟΣ", "οδος"), 0)
        XCTAssertEqual(try edits("ΟΔΟΣ", "οδοσ"), 1)
        XCTAssertEqual(try edits("ΣΑΣ", "σας"), 0)
    }

    func testPunctuationIsNotSplitByDefault() throws {
        // The default tercom tokeniser only splits on whitespace: "mat." and "mat" are different words.
        XCTAssertEqual(try edits("the mat.", "the mat"), 1)
    }

    func testCorpusScoreIsSummedEditsOverSummedReferenceWords() throws {
        // 1 edit over 2 words and 0 over 8: 1/10, not the mean of 50 % and 0 %.
        let score = try TER().corpusScore(hypotheses: ["a x", "b c d e f g h i"], references: ["a b", "b c d e f g h i"])
        XCTAssertEqual(score.edits, 1)
        XCTAssertEqual(score.referenceLength, 10)
        XCTAssertEqual(score.score, 10, accuracy: 1e-12)
    }

    func testSignature() {
        XCTAssertEqual(TER().signature.description, "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0")
        XCTAssertEqual(TER(caseSensitive: true).signature.description,
                       "nrefs:1|case:mixed|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0")
    }
}
