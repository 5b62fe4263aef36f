import Foundation

/// Runs the PyTorch reference scripts of `../shared/reference` (torch_train.py, ct2_decode.py) in a child python3,
/// in the same run as Tern's own measurement, and returns their JSON line. `nil` when the script or its packages
/// are missing.
public enum ReferenceScript {
    /// The first existing reference folder: $TERN_REFERENCE, then ../shared/reference from the working directory.
    public static var folder: String? {
        let candidates = [ProcessInfo.processInfo.environment["TERN_REFERENCE"], "../shared/reference", "../../shared/reference"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0 + "/torch_train.py") }
    }

    /// Runs `python3 script args…` (the script in `folder`, by default the reference folder) and returns the JSON
    /// objects printed after `prefix` on stdout, one per line.
    public static func runAll(script: String, arguments: [String], prefix: String, folder: String? = folder) -> [[String: Any]] {
        guard let folder else { return [] }
        return runAll(path: folder + "/" + script, arguments: arguments, prefix: prefix)
    }

    /// Runs `python3 path args…` and returns the JSON objects printed after `prefix` on stdout, one per line.
    public static func runAll(path: String, arguments: [String], prefix: String) -> [[String: Any]] {
        guard let data = ChildProcess.output(["python3", path] + arguments) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix(prefix) }.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.dropFirst(prefix.count).utf8))) as? [String: Any]
        }
    }

    /// Runs `python3 script args…` and returns the last JSON object printed after `prefix` on stdout.
    public static func run(script: String, arguments: [String], prefix: String, folder: String? = folder) -> [String: Any]? {
        runAll(script: script, arguments: arguments, prefix: prefix, folder: folder).last
    }
}

/// Runs a command (through `env`, so PATH is searched) and returns its stdout, or nil if it could not start or
/// failed. Its stderr is discarded: the reference scripts log there.
public enum ChildProcess {
    public static func output(_ command: [String]) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}
