import TernData
import XCTest

/// Words, numbers and scripts of single lines, by hand.
final class LineFeaturesTests: XCTestCase {
    func features(_ text: String) -> LineFeatures {
        var features = LineFeatures()
        LineFeatures.of(text, into: &features)
        return features
    }

    func testWordsAreSeparatedByAnyUnicodeWhitespace() {
        XCTAssertEqual(features("  one\ttwo\u{00A0}three\u{3000}four  ").words, 4)
        XCTAssertEqual(features("").words, 0)
    }

    func testNumbersIgnoreThousandsSeparatorsAndOrder() {
        XCTAssertEqual(features("1,000 men and 12 women.").numbers, ["1000", "12"])
        XCTAssertEqual(features("12 mujeres y 1.000 hombres.").numbers, ["1000", "12"])
        XCTAssertEqual(features("verse 3. Then 4").numbers, ["3", "4"])
        XCTAssertEqual(features("٣ apples").numbers, ["3"])
        // Positional printf arguments are not numbers of the text; a width (`%04o`) or a plain `%` are.
        XCTAssertEqual(features("types %3$s and %4$s, mode %04o, 50% off").numbers, ["04", "50"])
    }

    func testScriptsOfLettersOnly() {
        XCTAssertEqual(features("café 42 %s").scripts, Script.latin.bit)
        XCTAssertEqual(features("λόγος and Москва").scripts, Script.greek.bit | Script.cyrillic.bit | Script.latin.bit)
    }

    func testOnlyPlainWordsCountAsLanguageEvidence() {
        XCTAssertEqual(features("(The cat, %s %04o `on' don't x86").wordHashes,
                       [LineFeatures.hash(ofWord: "the"), LineFeatures.hash(ofWord: "cat")].compactMap { $0 })
    }
}
