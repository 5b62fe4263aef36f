import Foundation
import TernModels
import TernTensor
import TernText

/// What rank 0 sends the other ranks when a data-parallel run starts or resumes: all a follower needs to build the
/// same run without the corpora or the model file — the settings, the model config, the subword models and the
/// training pairs as ids — and the state to start from: the weights, the optimizer's moments and the resume state.
///
/// Followers never open the model file: it may live on another machine, and SQLite's WAL mode does not work over a
/// network file system. They do not read the corpora either, so only rank 0 needs them, and every rank is sure to
/// cut the same batches from the same ids.
///
/// With `bpe_dropout` the followers also get the normalised training lines, which each epoch segments afresh: every
/// rank segments the whole corpus itself (the same ids on every rank, as the seed fixes them) and cuts the same
/// batches from them.
///
/// On the wire: an 8-byte header length, the header as JSON, then the pairs' lengths and ids (Int32), the training
/// lines as UTF-8 (sources then targets, each ended by a newline; none with `bpe_dropout` off) and the tensors'
/// values (Float32), in the header's order.
struct LeaderHandover {
    struct Header: Codable {
        var settings: TrainingSettings
        var modelConfig: ModelConfig
        var subwordConfig: SubwordConfig
        var vocabulary: [String]
        var frequencies: [Int]
        /// `[left, right]` per merge, in rank order.
        var merges: [[String]]
        var paths: [String: String]
        var output: String
        var resumed: Bool
        var state: ResumeState
        var optimizerStep: Int
        var pairCount: Int
        /// The UTF-8 bytes of the training lines: 0 without `bpe_dropout`.
        var lineBytes: Int
        var parameters: [TensorLayout]
        var optimizerState: [TensorLayout]
    }

    struct TensorLayout: Codable {
        var name: String
        var shape: [Int]
    }

    var header: Header
    var pairs: [TokenPair]
    /// The normalised training lines (``TrainingData/trainLines``), empty without `bpe_dropout`.
    var lines: (source: [String], target: [String])
    var parameters: [(name: String, tensor: Tensor)]
    var optimizerState: [(name: String, tensor: Tensor)]

    /// The handover of rank 0's run as it stands.
    init(of run: TrainingRun) {
        let vocabulary = run.data.subwords.source.vocabulary.entries
        let parameters = run.parameters.map { (name: $0.name, tensor: $0.parameter.value) }
        let optimizerState = run.optimizer.stateTensors()
        func layout(_ tensors: [(name: String, tensor: Tensor)]) -> [TensorLayout] {
            tensors.map { TensorLayout(name: $0.name, shape: $0.tensor.shape) }
        }
        let lines = run.data.trainLines
        header = Header(settings: run.settings, modelConfig: run.modelConfig, subwordConfig: run.data.subwords.config,
                        vocabulary: vocabulary.map(\.token), frequencies: vocabulary.map(\.frequency),
                        merges: run.data.subwords.source.model.merges.map { [$0.left, $0.right] },
                        paths: run.paths.record, output: run.paths.output, resumed: run.resumed, state: run.state,
                        optimizerStep: run.optimizer.step, pairCount: run.data.trainPairs.count,
                        lineBytes: (lines.source + lines.target).reduce(0) { $0 + $1.utf8.count + 1 }, parameters: layout(parameters), optimizerState: layout(optimizerState))
        pairs = run.data.trainPairs
        self.lines = lines
        self.parameters = parameters
        self.optimizerState = optimizerState
    }

    func encoded() throws -> [UInt8] {
        let json = try JSONEncoder().encode(header)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count + pairs.reduce(0) { $0 + 4 * (2 + $1.source.count + $1.target.count) } + header.lineBytes
                              + (parameters + optimizerState).reduce(0) { $0 + 4 * $1.tensor.count })
        Self.append([UInt64(json.count)], to: &bytes)
        bytes += json
        Self.append(pairs.flatMap { [Int32($0.source.count), Int32($0.target.count)] }, to: &bytes)
        for pair in pairs {
            Self.append(pair.source, to: &bytes)
            Self.append(pair.target, to: &bytes)
        }
        for line in lines.source + lines.target { bytes += line.utf8; bytes.append(0x0A) }
        for (_, tensor) in parameters + optimizerState { tensor.withUnsafeBufferPointer { bytes += UnsafeRawBufferPointer($0) } }
        return bytes
    }

    init(decoding bytes: [UInt8]) throws {
        var reader = Reader(bytes: bytes)
        let headerLength = Int(try reader.read(UInt64.self, count: 1)[0])
        header = try JSONDecoder().decode(Header.self, from: Data(try reader.take(headerLength)))
        let lengths = try reader.read(Int32.self, count: 2 * header.pairCount)
        var pairs: [TokenPair] = []
        pairs.reserveCapacity(header.pairCount)
        for i in 0..<header.pairCount {
            let source = try reader.read(Int32.self, count: Int(lengths[2 * i]))
            pairs.append(TokenPair(source: source, target: try reader.read(Int32.self, count: Int(lengths[2 * i + 1]))))
        }
        self.pairs = pairs
        lines = try Self.split(reader.take(header.lineBytes), pairs: header.pairCount)
        func tensors(_ layouts: [TensorLayout]) throws -> [(name: String, tensor: Tensor)] {
            try layouts.map { layout in
                (name: layout.name, tensor: Tensor(shape: layout.shape,
                                                   values: try reader.read(Float.self, count: layout.shape.reduce(1, *))))
            }
        }
        parameters = try tensors(header.parameters)
        optimizerState = try tensors(header.optimizerState)
        guard reader.isAtEnd else { throw TrainingError.ranks("rank 0's handover has \(bytes.count - reader.offset) bytes too many") }
    }

    /// The training lines back from their bytes: every line followed by a newline (normalised lines hold none: they
    /// were read one per line), the sources first.
    private static func split(_ bytes: ArraySlice<UInt8>, pairs: Int) throws -> (source: [String], target: [String]) {
        guard !bytes.isEmpty else { return ([], []) }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard bytes.last == 0x0A, lines.count == 2 * pairs else {
            throw TrainingError.ranks("rank 0's handover has \(lines.count) training lines for \(pairs) pairs")
        }
        return (Array(lines[..<pairs]), Array(lines[pairs...]))
    }

    private static func append<T>(_ values: [T], to bytes: inout [UInt8]) {
        values.withUnsafeBytes { bytes += $0 }
    }

    /// Reads fixed-size values from the front of the bytes, checking that they are there.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, offset + count <= bytes.count else {
                throw TrainingError.ranks("rank 0's handover ends early (\(bytes.count) bytes)")
            }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func read<T>(_ type: T.Type, count: Int) throws -> [T] {
            let slice = try take(count * MemoryLayout<T>.stride)
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                slice.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                initialized = count
            }
        }
    }
}
