import Foundation
import XCTest

/// Runs the built `tern` executable (it sits beside the test bundle) and collects its exit status and output.
struct TernProcess {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// The first line of stderr, where every command's `error: …` goes.
    var firstErrorLine: String { standardError.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tern")
    }

    /// The repository's root, for the shipped corpus slice and model presets.
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @discardableResult
    static func run(_ arguments: [String], input: String = "", file: StaticString = #filePath, line: UInt = #line) throws -> TernProcess {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            XCTFail("no tern executable at \(executable.path); build the package first", file: file, line: line)
            return TernProcess(status: -1, standardOutput: "", standardError: "")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        final class Collected: @unchecked Sendable { var data = Data() }
        let output = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { output.data = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = stderr.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return TernProcess(status: process.terminationStatus, standardOutput: String(decoding: output.data, as: UTF8.self),
                           standardError: String(decoding: errData, as: UTF8.self))
    }
}
