import Foundation
import TernText
import XCTest

final class NormalizerTests: XCTestCase {
    func testComposesToNFC() {
        assertSameScalars(Normalizer().normalize("Jose\u{301} n\u{303}andu\u{301}"), "José ñandú")
        assertSameScalars(Normalizer().normalize("\u{212B}ngstr\u{F6}m"), "\u{C5}ngstr\u{F6}m")
    }

    func testCollapsesEveryKindOfWhitespace() {
        let text = " \t uno  dos\tTres\u{00A0}cuatro\u{3000}cinco\u{2000}seis\r\nsiete\u{2028}ocho \n"
        assertSameScalars(Normalizer().normalize(text), "uno dos Tres cuatro cinco seis siete ocho")
        XCTAssertEqual(Normalizer().normalize(" \t\n "), "")
        XCTAssertEqual(Normalizer().normalize(""), "")
    }

    func testCleanTextIsReturnedUnchanged() {
        let text = "In the beginning, God created the heavens and the earth — “quoted”."
        assertSameScalars(Normalizer().normalize(text), text)
    }

    func testLowercasingIsOptional() {
        XCTAssertEqual(Normalizer(lowercase: false).normalize("ÉL Ñandú"), "ÉL Ñandú")
        assertSameScalars(Normalizer(lowercase: true).normalize("ÉL  Ñandú"), "él ñandú")
        // Lowercasing "İ" yields i + combining dot above, which is already NFC and must stay two scalars.
        assertSameScalars(Normalizer(lowercase: true).normalize("İ"), "i\u{307}")
    }

    func testCombiningMarkAfterSpaceStartsTheNextWord() {
        let normalized = Normalizer().normalize("a \u{301}b")
        assertSameScalars(normalized, "a \u{301}b")
        XCTAssertEqual(Normalizer.words(ofNormalized: normalized).map(String.init), ["a", "\u{301}b"])
    }

    /// The fast paths must agree with a plain reference on arbitrary text, and normalizing twice changes nothing.
    func testAgreesWithReferenceAndIsIdempotentOnRandomText() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let text = RandomText.line(using: &generator)
            for normalizer in [Normalizer(lowercase: false), Normalizer(lowercase: true)] {
                let normalized = normalizer.normalize(text)
                assertSameScalars(normalizer.normalize(normalized), normalized, "not idempotent: \(text.debugDescription)")
                let cased = normalizer.lowercase ? text.lowercased() : text
                let composed = cased.precomposedStringWithCanonicalMapping
                let reference = composed.unicodeScalars
                    .split(whereSeparator: { $0.properties.isWhitespace })
                    .map { String(String.UnicodeScalarView($0)) }
                    .joined(separator: " ")
                assertSameScalars(normalized, reference, "differs from reference: \(text.debugDescription)")
            }
        }
    }

    func testNormalizesFilesAndReportsBadLines() throws {
        let directory = try temporaryDirectory(for: self)
        let good = try writeFile("good.txt", text: "  Año\tnuevo \r\nCafe\u{301}\n", in: directory)
        XCTAssertEqual(try Normalizer(lowercase: true).normalizedLines(ofFile: good).map { Array($0.unicodeScalars) }, [Array("año nuevo".unicodeScalars), Array("café".unicodeScalars)])
        let bad = try writeFile("bad.txt", bytes: Array("uno\ndos\n".utf8) + [0xC3, 0x28], in: directory)
        XCTAssertThrowsError(try Normalizer().normalizedLines(ofFile: bad)) { error in
            XCTAssertEqual(error as? TextError, .invalidUTF8(path: bad, line: 3))
        }
    }
}
