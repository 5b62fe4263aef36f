import Foundation
import XCTest

/// `tern evaluate --metrics bleu,chrf,ter --details` through the built binary, on the constructed set of
/// Tests/TernEvalTests/TranslationDetailsTests (whose figures are derived there).
final class EvaluateDetailsTests: XCTestCase {
    func testTERAndDetailsThroughTheBinary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-evaluate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ lines: [String]) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try lines.map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let source = try write("src.txt", [
            "uno dos tres", Array(repeating: "x", count: 12).joined(separator: " "),
            Array(repeating: "w", count: 65).joined(separator: " "), "a b c d e f g h i j",
            Array(repeating: "s", count: 25).joined(separator: " "), "le chien",
        ])
        let reference = try write("ref.txt", [
            "one two three four", "ab ab", "the cat sat on the mat", "k l m n o p q r s t", "the dog barks", "a dog",
        ])
        let hypothesis = try write("hyp.txt", [
            "one two three four", "zz qq", "the cat sat on the mat", "a  b c d e f g h i j",
            "the dog <unk> the dog <unk> the dog <unk>", "a dog",
        ])
        let arguments = ["evaluate", "--hyp", hypothesis, "--ref", reference, "--metrics", "bleu,chrf,ter"]

        let text = try TernProcess.run(arguments + ["--src", source, "--details", "--worst", "2"])
        XCTAssertEqual(text.status, 0, text.standardError)
        // The three score lines are sacreBLEU 2.6.0's for these files (`sacrebleu ref.txt -i hyp.txt -m bleu chrf
        // ter`); TER is 19 edits over 27 reference words, as counted in TranslationDetailsTests.
        XCTAssertEqual(text.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), [
            "BLEU = 25.46 35.9/30.3/22.2/17.4 (BP = 1.000 ratio = 1.444 hyp_len = 39 ref_len = 27)",
            "chrF2 = 63.56",
            "TER = 70.37",
            "Details: 6 segments",
            "By source length (words)  lines   BLEU  chrF2",
            "  0-9                         2 100.00 100.00",
            "  10-19                       2   0.00   0.00",
            "  20-29                       1   5.26  27.01",
            "  60+                         1 100.00 100.00",
            "Worst 2 by sentence chrF2:",
            "  line 2: chrF2 = 0.00",
            "    source:     x x x x x x x x x x x x",
            "    reference:  ab ab",
            "    hypothesis: zz qq",
            "  line 4: chrF2 = 0.00",
            "    source:     a b c d e f g h i j",
            "    reference:  k l m n o p q r s t",
            "    hypothesis: a  b c d e f g h i j",
            "Most often missed: ab ×2, barks ×1, k ×1, l ×1, m ×1, n ×1, o ×1, p ×1, q ×1, r ×1",
            "Most often inserted: < ×3, > ×3, unk ×3, dog ×2, the ×2, a ×1, b ×1, c ×1, d ×1, e ×1",
            "Copies of the source: 1 of 6 (16.67%) hypotheses",
            "<unk>: 3 of 33 (9.09%) hypothesis words",
            "Length ratio: 1.222 (33 hypothesis words / 27 reference words)",
            "Repeating a word 3-gram 3+ times: 1 of 6 (16.67%) hypotheses",
            "",
        ])
        XCTAssertEqual(text.standardError, """
            BLEU signature: nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0
            chrF2 signature: nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0
            TER signature: nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0

            """)

        let json = try TernProcess.run(arguments + ["--details", "--json"])
        XCTAssertEqual(json.status, 0, json.standardError)
        let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let ter = (document?["metrics"] as? [String: [String: Any]])?["ter"]
        XCTAssertEqual(ter?["num_edits"] as? Int, 19)
        XCTAssertEqual(ter?["ref_length"] as? Int, 27)
        XCTAssertEqual(ter?["signature"] as? String, "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0")
        let details = document?["details"] as? [String: Any]
        XCTAssertEqual(details?["unk"] as? Int, 3)
        XCTAssertTrue(details?["buckets"] is NSNull)  // no --src this time
        XCTAssertEqual((details?["worst"] as? [[String: Any]])?.count, 6)  // fewer lines than the default 10

        let withoutDetails = try TernProcess.run(arguments + ["--src", source])
        XCTAssertEqual(withoutDetails.status, 64)
        XCTAssertEqual(withoutDetails.firstErrorLine,
                       "Error: --src goes with --model (translate it) or with --hyp and --details (bucket by its length)")
        let worstAlone = try TernProcess.run(arguments + ["--worst", "3"])
        XCTAssertEqual(worstAlone.status, 64)
        XCTAssertEqual(worstAlone.firstErrorLine, "Error: --worst goes with --details")
        let shortSource = try write("short-src.txt", ["uno"])
        let mismatch = try TernProcess.run(arguments + ["--src", shortSource, "--details"])
        XCTAssertEqual(mismatch.status, 65)
        XCTAssertEqual(mismatch.firstErrorLine,
                       "error: line counts differ: source '\(shortSource)' has 1 lines, references '\(reference)' has 6 lines")
    }
}
