import Foundation
import XCTest

/// A `tern` process or an `mpirun … tern` job started by a test: stderr is collected as it comes, so a test can wait
/// for a line (to kill a rank mid-run), then for the end.
final class MPIJob: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var errorData = Data()
    private var outputData = Data()
    private let finished = DispatchGroup()

    /// The `tern` executable beside the test bundle.
    static var tern: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tern")
    }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Open MPI's `mpirun` on the PATH, or a skip — a failure when `TERN_REQUIRE_MPI=1` (CI sets it).
    static func mpirun() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("mpirun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        if ProcessInfo.processInfo.environment["TERN_REQUIRE_MPI"] == "1" {
            XCTFail("TERN_REQUIRE_MPI=1 but no mpirun on the PATH: apt-get install openmpi-bin")
        }
        throw XCTSkip("no mpirun on the PATH (apt-get install openmpi-bin)")
    }

    /// `mpirun -np ranks tern arguments…` on this machine, as root if need be.
    static func ranks(_ ranks: Int, _ arguments: [String], environment: [String: String] = [:]) throws -> MPIJob {
        try MPIJob(executable: try mpirun(), arguments: ["--allow-run-as-root", "--oversubscribe", "-np", "\(ranks)", tern.path] + arguments,
                   environment: environment)
    }

    /// `tern arguments…` alone.
    static func alone(_ arguments: [String], environment: [String: String] = [:]) throws -> MPIJob {
        try MPIJob(executable: tern, arguments: arguments, environment: environment)
    }

    private init(executable: URL, arguments: [String], environment: [String: String]) throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: MPIJob.tern.path), "build the package first")
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = MPIJob.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdout = Pipe(), stderr = Pipe()
        (process.standardOutput, process.standardError) = (stdout, stderr)
        try process.run()
        for (pipe, isError) in [(stdout, false), (stderr, true)] {
            finished.enter()
            DispatchQueue.global().async { [self] in
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    lock.withLock { if isError { errorData += chunk } else { outputData += chunk } }
                }
                finished.leave()
            }
        }
    }

    var standardError: String { lock.withLock { String(decoding: errorData, as: UTF8.self) } }
    var standardOutput: String { lock.withLock { String(decoding: outputData, as: UTF8.self) } }
    var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }

    /// Waits until a line of stderr satisfies `predicate`; false after `timeout` seconds or when the job ended first.
    func waitForLine(timeout: Double = 60, where predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if errorLines.contains(where: predicate) { return true }
            if !process.isRunning { return errorLines.contains(where: predicate) }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the end (killing the job after `timeout` seconds: a hang is a failure) and returns the exit status.
    @discardableResult
    func wait(timeout: Double = 120, file: StaticString = #filePath, line: UInt = #line) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            XCTFail("the job did not end within \(timeout) s; stderr:\n\(standardError)", file: file, line: line)
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        finished.wait()
        return process.terminationStatus
    }

    /// The process ids of this job's ranks by rank: `mpirun`'s children, told apart by `OMPI_COMM_WORLD_RANK`.
    func rankProcesses() -> [Int: pid_t] {
        var result: [Int: pid_t] = [:]
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return result }
        for entry in entries {
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, pid_t(fields[1]) == process.processIdentifier,
                  let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { continue }
            for variable in environ.split(separator: 0) {
                let text = String(decoding: variable, as: UTF8.self)
                if text.hasPrefix("OMPI_COMM_WORLD_RANK="), let rank = Int(text.dropFirst("OMPI_COMM_WORLD_RANK=".count)) {
                    result[rank] = pid
                }
            }
        }
        return result
    }
}
