import Foundation
import TernStore
#if canImport(Glibc)
import Glibc
#endif

/// Writes one TensorBoard event file: `events.out.tfevents.<10-digit Unix time>.<host>.<pid>.<n>` in a directory
/// (created if missing), starting with the file-version event, then scalars and histograms as they come.
///
/// Records are buffered and reach the file at each ``flush()`` (and when 64 KiB are waiting), so a training run
/// that flushes at each validation lets a running `tensorboard --logdir DIR` show its progress without a write per
/// step. ``close()`` flushes; so does `deinit`, which cannot report an error.
///
/// A new file is never opened over an existing one: the name's last number counts up until creating it exclusively
/// succeeds, so two writers in one directory (a resumed run, an export beside a live run) each get their own file.
public final class EventFileWriter {
    /// The event file's path.
    public let path: String
    private var handle: FileHandle?
    private var buffer: [UInt8] = []
    private static let flushThreshold = 64 * 1024

    /// Creates the directory if needed and a new event file in it, and writes the file-version event.
    /// - Parameters:
    ///   - directory: the TensorBoard log directory of this run (`tensorboard --logdir` its parent or itself).
    ///   - wallTime: the creation time, Unix seconds: in the file name and on the file-version event.
    ///   - hostname: the host part of the name.
    /// - Throws: ``TensorBoardError/cannotCreate(path:reason:)``.
    public init(directory: String, wallTime: Double = Date().timeIntervalSince1970,
                hostname: String = ProcessInfo.processInfo.hostName) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TensorBoardError.cannotCreate(path: directory, reason: error.localizedDescription)
        }
        let host = hostname.isEmpty ? "localhost" : hostname.replacingOccurrences(of: "/", with: "_")
        let seconds = String(Int64(wallTime.rounded(.down)))
        let stem = "events.out.tfevents.\(String(repeating: "0", count: max(0, 10 - seconds.count)) + seconds).\(host)"
            + ".\(ProcessInfo.processInfo.processIdentifier)"
        var created: (path: String, descriptor: Int32)?
        for number in 0..<10_000 {
            let candidate = (directory as NSString).appendingPathComponent("\(stem).\(number)")
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 { created = (candidate, descriptor); break }
            guard errno == EEXIST else {
                throw TensorBoardError.cannotCreate(path: candidate, reason: String(cString: strerror(errno)))
            }
        }
        guard let created else { throw TensorBoardError.cannotCreate(path: directory, reason: "10,000 event files named \(stem).N exist") }
        path = created.path
        handle = FileHandle(fileDescriptor: created.descriptor, closeOnDealloc: true)
        try write(Event(wallTime: wallTime, fileVersion: Event.currentFileVersion))
    }

    deinit { try? close() }

    /// Adds a scalar at `step`.
    /// - Parameters:
    ///   - tag: the chart's name, e.g. `train/loss` (TensorBoard groups charts by the part before `/`).
    ///   - value: the value; TensorBoard keeps scalars as 32-bit floats.
    ///   - wallTime: when it happened, Unix seconds.
    public func scalar(tag: String, value: Float, step: Int, wallTime: Double = Date().timeIntervalSince1970) throws {
        try write(Event(wallTime: wallTime, step: Int64(step), values: [SummaryValue(tag: tag, content: .scalar(value))]))
    }

    /// Adds a histogram at `step`; see ``scalar(tag:value:step:wallTime:)``.
    public func histogram(tag: String, histogram: Histogram, step: Int, wallTime: Double = Date().timeIntervalSince1970) throws {
        try write(Event(wallTime: wallTime, step: Int64(step),
                        values: [SummaryValue(tag: tag, content: .histogram(EventHistogram(histogram)))]))
    }

    /// Adds any event (several values at one step, say).
    public func write(_ event: Event) throws {
        guard handle != nil else { throw TensorBoardError.cannotWrite(path: path, reason: "the writer is closed") }
        buffer += EventRecord.framed(event.encoded())
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Hands the waiting records to the operating system, so TensorBoard sees them.
    public func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw TensorBoardError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file; later writes throw, a second close does nothing.
    public func close() throws {
        guard let handle else { return }
        defer { self.handle = nil }
        try flush()
        do {
            try handle.close()
        } catch {
            throw TensorBoardError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
