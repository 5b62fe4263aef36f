import Foundation
import TernModels
import TernNN
import TernTensor
import XCTest

/// One of the golden files in Tests/Fixtures/golden (written by make_golden.py beside them; see its README).
struct GoldenFixture {
    let document: [String: Any]

    init(document: [String: Any]) { self.document = document }

    /// The post-norm fixture (make_postnorm.py) holds outputs only; its weights are transformer-tiny.json's.
    static func postNorm() throws -> GoldenFixture {
        var document = try GoldenFixture("transformer-tiny-postnorm.json").document
        document["params"] = try GoldenFixture("transformer-tiny.json").document["params"]
        return GoldenFixture(document: document)
    }

    init(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden/\(name)")
        document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func tensor(_ object: Any?) -> Tensor {
        let dictionary = object as! [String: Any]
        let shape = (dictionary["shape"] as! [NSNumber]).map(\.intValue)
        let values = (dictionary["values"] as! [NSNumber]).map(\.floatValue)
        return Tensor(shape: shape, values: values)
    }

    func ids(_ key: String) -> [[Int32]] {
        let inputs = document["inputs"] as! [String: Any]
        return (inputs[key] as! [[NSNumber]]).map { $0.map(\.int32Value) }
    }

    /// A padded batch as the fixture stores it: each row's length is its count of non-padding ids.
    func batch(_ key: String) -> TokenBatch {
        let rows = ids(key)
        return TokenBatch(ids: rows.flatMap { $0 }, batchSize: rows.count, length: rows[0].count,
                          lengths: rows.map { $0.filter { $0 != TokenBatch.padId }.count })
    }

    func tensors(_ key: String) -> [String: Tensor] {
        (document[key] as! [String: Any]).mapValues { GoldenFixture.tensor($0) }
    }

    var logits: Tensor { GoldenFixture.tensor(document["logits"]) }
    var loss: Float { (document["loss"] as! NSNumber).floatValue }
    var attention: [String: [Tensor]] {
        (document["attention"] as! [String: Any]).mapValues { ($0 as! [Any]).map { GoldenFixture.tensor($0) } }
    }
    var greedyTokens: [[Int32]] {
        ((document["greedy"] as! [String: Any])["tokens"] as! [[NSNumber]]).map { $0.map(\.int32Value) }
    }
    var greedyLogProbabilities: [[Float]] {
        ((document["greedy"] as! [String: Any])["logprobs"] as! [[NSNumber]]).map { $0.map(\.floatValue) }
    }

    /// Loads the fixture's weights into `model`, mapping each PyTorch name with `rename`; fails unless every one of
    /// the model's parameters is set exactly once.
    func load(into model: Module, rename: (String) -> String, skipping skipped: Set<String> = [],
              file: StaticString = #filePath, line: UInt = #line) {
        var assigned = Set<String>()
        for (name, value) in tensors("params") where !skipped.contains(name) {
            let ternName = rename(name)
            guard let parameter = model.parameter(named: ternName) else {
                XCTFail("no parameter \(ternName) (PyTorch \(name))", file: file, line: line)
                continue
            }
            XCTAssertEqual(parameter.shape, value.shape, ternName, file: file, line: line)
            parameter.value = value
            assigned.insert(ternName)
        }
        XCTAssertEqual(assigned, Set(model.namedParameters().map(\.0)), "every parameter loaded", file: file, line: line)
    }

    /// The gold ids of `tgt_out`, flattened, and whether each position counts (is not padding).
    var targets: [Int32] { ids("tgt_out").flatMap { $0 } }
}

/// Checks a model against a fixture: logits at non-pad targets, label-smoothed loss, every gradient.
func assertMatchesGolden(_ model: Module & Seq2SeqModel, _ fixture: GoldenFixture, rename: (String) -> String,
                         file: StaticString = #filePath, line: UInt = #line) -> ModelOutput {
    let output = model.forward(source: fixture.batch("src"), targetInput: fixture.batch("tgt_in"))
    let expected = fixture.logits
    XCTAssertEqual(output.logits.shape, expected.shape, file: file, line: line)
    let vocabulary = expected.shape[2]
    var worstLogit: Float = 0
    for (position, target) in fixture.targets.enumerated() where target != TokenBatch.padId {
        let got = output.logits.scalars[(position * vocabulary)..<((position + 1) * vocabulary)]
        let want = expected.scalars[(position * vocabulary)..<((position + 1) * vocabulary)]
        for (a, b) in zip(got, want) { worstLogit = max(worstLogit, abs(a - b)) }
    }
    XCTAssertLessThanOrEqual(worstLogit, 1e-4, "logits", file: file, line: line)

    let loss = crossEntropy(logits: output.logits, targets: fixture.targets, labelSmoothing: 0.1, ignoreIndex: TokenBatch.padId)
    XCTAssertEqual(loss.item, fixture.loss, accuracy: 1e-5 * fixture.loss, "loss", file: file, line: line)
    guard fixture.document["grads"] != nil else {
        print("golden: max |Δlogit| \(worstLogit), loss \(loss.item) vs \(fixture.loss) (no gradients in fixture)")
        return output
    }
    model.zeroGrad()
    loss.backward()
    var worstGradient: Float = 0, worstGradientAbsolute: Float = 0
    for (name, want) in fixture.tensors("grads") {
        guard let got = model.parameter(named: rename(name))?.grad else {
            XCTFail("no gradient for \(rename(name))", file: file, line: line)
            continue
        }
        for (a, b) in zip(got.scalars, want.scalars) {
            worstGradient = max(worstGradient, abs(a - b) / (1e-4 + 1e-3 * abs(b)))
            worstGradientAbsolute = max(worstGradientAbsolute, abs(a - b))
        }
    }
    XCTAssertLessThanOrEqual(worstGradient, 1, "gradients (ratio to 1e-4 abs + 1e-3 rel)", file: file, line: line)
    print("golden: max |Δlogit| \(worstLogit), loss \(loss.item) vs \(fixture.loss), worst gradient ratio \(worstGradient) (max |Δ| \(worstGradientAbsolute))")
    model.zeroGrad()
    return output
}

/// Greedy decoding for a fixed number of steps from `<s>` (no stop at `</s>`), through `decodeStep`.
func greedy(_ model: any Seq2SeqModel, source: TokenBatch, steps: Int) -> (tokens: [[Int32]], logProbabilities: [[Float]]) {
    withoutGrad {
        var state = model.initialState(model.encode(source))
        var previous = [Int32](repeating: TokenBatch.bosId, count: source.batchSize)
        var tokens = [[Int32]](repeating: [], count: source.batchSize)
        var logProbabilities = [[Float]](repeating: [], count: source.batchSize)
        for _ in 0..<steps {
            let step = model.decodeStep(previous, state: state)
            let scores = step.logits.logSoftmax().scalars
            let vocabulary = step.logits.shape[1]
            for b in 0..<source.batchSize {
                let row = scores[(b * vocabulary)..<((b + 1) * vocabulary)]
                let best = row.indices.max { row[$0] < row[$1] }!
                previous[b] = Int32(best - b * vocabulary)
                tokens[b].append(previous[b])
                logProbabilities[b].append(row[best])
            }
            state = step.state
        }
        return (tokens, logProbabilities)
    }
}
