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

    /// Runs `python3 script args…` and returns the JSON object printed after `prefix` on stdout.
    public static func run(script: String, arguments: [String], prefix: String) -> [String: Any]? {
        guard let folder else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder + "/" + script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }) else { return nil }
        let json = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }
}
