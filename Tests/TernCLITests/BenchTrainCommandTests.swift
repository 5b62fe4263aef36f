import Foundation
import XCTest

/// `tern bench train` says which precision its products ran in: `auto` resolved as `tern train` resolves it, or the
/// one set; a precision it does not know is a usage error.
final class BenchTrainCommandTests: XCTestCase {
    func tinyConfig() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tern-bench-\(UUID().uuidString).yaml").path
        try """
            family: transformer
            d_model: 16
            heads: 2
            d_ff: 32
            encoder_layers: 1
            decoder_layers: 1
            """.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testThePrecisionLineNamesWhatRanAndWhy() throws {
        let config = try tinyConfig()
        let common = ["bench", "train", "--config", config, "--steps", "1", "--warmup", "0", "--threads", "1", "--batch", "2",
                      "--source-length", "4", "--target-length", "4"]
        let set = try TernProcess.run(common + ["--precision", "bf16"])
        XCTAssertEqual(set.status, 0, set.standardError)
        let lines = set.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, set.standardOutput)
        XCTAssertEqual(lines[0], "Tern precision: bf16 (set)")
        XCTAssertTrue(lines[1].hasPrefix("\(config) (transformer, "), lines[1])

        let auto = try TernProcess.run(common)
        XCTAssertEqual(auto.status, 0, auto.standardError)
        let first = try XCTUnwrap(auto.standardOutput.split(separator: "\n").first.map(String.init))
        XCTAssertNotNil(first.range(of: #"^Tern precision: (fp32|bf16) \(auto: .+\)$"#, options: .regularExpression), first)

        let bad = try TernProcess.run(common + ["--precision", "fp16"])
        XCTAssertEqual(bad.status, 64, bad.standardError)
        XCTAssertTrue(bad.standardError.contains("--precision must be auto, fp32 or bf16, got 'fp16'"), bad.standardError)
    }
}
