import Foundation
import XCTest

/// The module graph points one way (engine → layers → models → decoding → inference → training → CLI), and the
/// modules beside the engine never import it. Read from the `import` lines of Sources/, so a new import that breaks
/// the direction fails here, not in a later refactor.
final class DependencyTests: XCTestCase {
    let sources = TernProcess.root.appendingPathComponent("Sources")

    /// The Tern modules each file of `module` imports (system modules and packages left out).
    func imports(of module: String, files: ((String) -> Bool)? = nil) throws -> [String: Set<String>] {
        let folder = sources.appendingPathComponent(module)
        var result: [String: Set<String>] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        for case let file as String in enumerator where file.hasSuffix(".swift") && (files?(file) ?? true) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            result[file] = Set(text.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("import Tern") else { return nil }
                return String(line.dropFirst("import ".count))
            })
        }
        XCTAssertFalse(result.isEmpty, "no Swift files in \(folder.path)")
        return result
    }

    func assert(_ module: String, importsOnly allowed: Set<String>, files: ((String) -> Bool)? = nil,
                file: StaticString = #filePath, line: UInt = #line) throws {
        for (name, modules) in try imports(of: module, files: files) {
            let extra = modules.subtracting(allowed)
            XCTAssertTrue(extra.isEmpty, "\(module)/\(name) imports \(extra.sorted())", file: file, line: line)
        }
    }

    func testModulesBesideTheEngineDoNotImportIt() throws {
        try assert("TernText", importsOnly: [])
        try assert("TernData", importsOnly: ["TernText"])
        try assert("TernEval", importsOnly: [])
        try assert("TernTune", importsOnly: ["TernStore"])
        try assert("TernBaseline", importsOnly: ["TernText", "TernEval"])
        try assert("TernViz", importsOnly: [])
        try assert("TernStore", importsOnly: [])
        try assert("TernTensorBoard", importsOnly: ["TernStore"])
        try assert("TernPlots", importsOnly: ["TernStore", "TernViz"])
        try assert("TernDiagnose", importsOnly: ["TernStore", "TernEval", "TernText", "TernBaseline"])
    }

    func testEachLayerImportsOnlyWhatIsBelowIt() throws {
        try assert("TernTensor", importsOnly: [])
        try assert("TernNN", importsOnly: ["TernTensor"])
        try assert("TernModels", importsOnly: ["TernTensor", "TernNN", "TernText"])
        try assert("TernDecode", importsOnly: ["TernTensor", "TernNN", "TernModels"])
        try assert("TernInference", importsOnly: ["TernTensor", "TernNN", "TernModels", "TernDecode", "TernText", "TernStore",
                                                  "TernEval", "TernViz"])
        // MPI is a hook into training, nothing more.
        try assert("TernMPI", importsOnly: ["TernTrain", "TernTensor"])
    }

    /// Translate, attention and evaluate need a model and a search, never the trainer.
    func testInferenceCommandsDoNotImportTheTrainer() throws {
        let inferenceCommands: Set<String> = ["TranslateCommand.swift", "AttentionCommand.swift", "EvaluateCommand.swift",
                                              "SharedOptions.swift"]
        let found = try imports(of: "TernCLI", files: { inferenceCommands.contains($0) })
        XCTAssertEqual(Set(found.keys), inferenceCommands)
        for (name, modules) in found { XCTAssertFalse(modules.contains("TernTrain"), "\(name) imports TernTrain") }
    }
}
