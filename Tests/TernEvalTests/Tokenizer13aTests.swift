import TernEval
import XCTest

/// 13a tokenisation, with expectations printed by sacreBLEU 2.6.0's `Tokenizer13a`.
final class Tokenizer13aTests: XCTestCase {
    private let tokenizer = Tokenizer13a()

    func testSplitsASCIIPunctuationButNotApostrophesOrInnerHyphens() {
        XCTAssertEqual(tokenizer.tokenize("Hello, world!"), "Hello , world !")
        XCTAssertEqual(tokenizer.tokenize("don't (x) [y] {z} a/b"), "don't ( x ) [ y ] { z } a / b")
    }

    func testPeriodsAndCommasFollowTheNonOverlappingRegexScan() {
        // Only the first of two periods is split by the "preceded by a non-digit" rule; the next rule catches
        // the second because a space follows it.
        XCTAssertEqual(tokenizer.tokenize("a.. 1.5.3 x,y ,5 .5"), "a . . 1.5.3 x , y , 5 . 5")
        XCTAssertEqual(tokenizer.tokenize("U.S.A. e.g.,"), "U . S . A . e . g . ,")
        XCTAssertEqual(tokenizer.tokenize("It costs 1,000.5 dollars."), "It costs 1,000.5 dollars .")
        XCTAssertEqual(tokenizer.tokenize("3.14."), "3.14 .")
    }

    func testDashIsSplitOnlyAfterADigit() {
        XCTAssertEqual(tokenizer.tokenize("10-20 a-b 5- -5"), "10 - 20 a-b 5 - -5")
    }

    func testEntitiesAreUnescapedInSacreBLEUsOrder() {
        XCTAssertEqual(tokenizer.tokenize("&amp;lt; &amp;quot; &quot;hi&quot; AT&T"), "< & quot ; \" hi \" AT & T")
    }

    func testSkippedMarkersAndLineBreaks() {
        XCTAssertEqual(tokenizer.tokenize("the <skipped> cat"), "the cat")
        XCTAssertEqual(tokenizer.tokenize("long-\nword\nnext"), "longword next")
    }

    func testNonASCIIPunctuationStaysAttached() {
        XCTAssertEqual(tokenizer.tokenize("¿Dónde está? ¡Hola!"), "¿Dónde está ? ¡Hola !")
    }

    func testPythonWhitespaceSeparatesTokens() {
        XCTAssertEqual(tokenizer.tokenize("a\u{00A0}b\u{3000}c"), "a b c")
    }

    func testCombiningSequencesAreKeptAsWritten() {
        // Swift would call these equal; the tokenizer must not normalise, or n-gram counts would differ from Python's.
        let decomposed = tokenizer.tokenize("cafe\u{301}")
        XCTAssertEqual(Array(decomposed.unicodeScalars.map(\.value)), [0x63, 0x61, 0x66, 0x65, 0x301])
    }
}
