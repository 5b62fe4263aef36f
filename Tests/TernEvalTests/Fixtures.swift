import Foundation

/// Test data located from this file's path, since the package declares no test resources.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The repository root: Tests/TernEvalTests/ is two levels below it.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh directory for files a test writes; removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("TernEvalTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// One case of `Fixtures/sacrebleu_cases.json`, written by `Fixtures/make_cases.py` with sacreBLEU.
struct SacreBLEUCase: Decodable {
    struct BLEUExpectation: Decodable {
        let score: Double
        let precisions: [Double]
        let bp: Double
        let ratio: Double
        let sys_len: Int
        let ref_len: Int
        let counts: [Int]
        let totals: [Int]
        let line: String
        let signature: String
    }

    struct ChrFExpectation: Decodable {
        let score: Double
        let line: String
        let signature: String
    }

    struct TERExpectation: Decodable {
        let score: Double
        let num_edits: Int
        let ref_length: Double
        let line: String
        let signature: String
    }

    let name: String
    let hypotheses: [String]
    let references: [String]
    let bleu: BLEUExpectation
    let chrf: ChrFExpectation
    /// sacreBLEU's default TER, which lowercases.
    let ter: TERExpectation
    /// TER with `case_sensitive=True`.
    let ter_case_sensitive: TERExpectation
}

/// One random string and sacreBLEU's 13a tokenisation of it.
struct TokenizerCase: Decodable {
    let input: String
    let tokens: String
}

struct SacreBLEUCaseFile: Decodable {
    let sacrebleu_version: String
    let cases: [SacreBLEUCase]
    let tokenizer_cases: [TokenizerCase]

    static func load() throws -> SacreBLEUCaseFile {
        let data = try Data(contentsOf: Fixtures.directory.appendingPathComponent("sacrebleu_cases.json"))
        return try JSONDecoder().decode(SacreBLEUCaseFile.self, from: data)
    }
}
