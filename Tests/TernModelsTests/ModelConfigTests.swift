import Foundation
import TernModels
import TernNN
import TernTensor
import XCTest

final class ModelConfigTests: XCTestCase {
    static let modelsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models")

    /// Reads a preset's `key: value` lines (comments skipped) into the JSON object they map to 1:1.
    static func preset(_ name: String) throws -> ModelConfig {
        let text = try String(contentsOf: modelsFolder.appendingPathComponent(name), encoding: .utf8)
        var object: [String: Any] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
            let raw = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            if let int = Int(raw) { object[key] = int } else if let double = Double(raw) { object[key] = double }
            else if raw == "true" || raw == "false" { object[key] = raw == "true" } else { object[key] = raw }
        }
        return try JSONDecoder().decode(ModelConfig.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func decode(_ json: String) throws -> ModelConfig {
        try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
    }

    func testPresetsDecodeAndValidate() throws {
        let rnn = try Self.preset("rnn-small.yaml")
        guard case .rnn(let r) = rnn.architecture else { return XCTFail("rnn-small is not an RNN") }
        XCTAssertEqual([r.embeddingSize, r.encoderHidden, r.decoderHidden], [256, 256, 512])
        XCTAssertEqual(r.attention, .bahdanau)
        XCTAssertTrue(r.inputFeeding)
        XCTAssertEqual(rnn.dropout, 0.3)
        let small = try Self.preset("transformer-small.yaml")
        guard case .transformer(let t) = small.architecture else { return XCTFail("transformer-small is not a Transformer") }
        XCTAssertEqual([t.dModel, t.heads, t.dFF, t.encoderLayers, t.decoderLayers], [256, 4, 1024, 3, 3])
        XCTAssertEqual(t.norm, .pre)
        XCTAssertEqual(small.tiedEmbeddings, .all)
        let base = try Self.preset("transformer-base.yaml")
        guard case .transformer(let b) = base.architecture else { return XCTFail("transformer-base is not a Transformer") }
        XCTAssertEqual([b.dModel, b.heads, b.dFF, b.encoderLayers, b.decoderLayers], [512, 8, 2048, 6, 6])
        for config in [rnn, small, base] { XCTAssertNoThrow(try config.validate()) }
        // Transformer-base over a 32 000-token joint vocabulary, by hand: embedding 32 000·512 = 16 384 000;
        // encoder layer 4(512² + 512) + (2·512·2048 + 2048 + 512) + 2·1024 = 3 152 384, ×6 = 18 914 304;
        // decoder layer 2·1 050 624 + 2 099 712 + 3·1024 = 4 204 032, ×6 = 25 224 192; final norms 2048.
        XCTAssertEqual(base.parameterCount(vocabularySize: 32_000), 16_384_000 + 18_914_304 + 25_224_192 + 2048)
    }

    func testJSONRoundTrip() throws {
        for config in [try Self.preset("rnn-small.yaml"), try Self.preset("transformer-small.yaml"),
                       TinyModels.rnn(cell: .lstm, attention: .luongGeneral), TinyModels.transformer(positions: .learned)] {
            let data = try JSONEncoder().encode(config)
            XCTAssertEqual(try JSONDecoder().decode(ModelConfig.self, from: data), config)
        }
    }

    func testDefaultsForOmittedOptions() throws {
        let config = try Self.decode(#"{"family": "transformer", "d_model": 8, "heads": 2, "d_ff": 16, "encoder_layers": 1, "decoder_layers": 1}"#)
        guard case .transformer(let t) = config.architecture else { return XCTFail() }
        XCTAssertEqual(t.norm, .pre)
        XCTAssertEqual(t.layerNormEpsilon, 1e-6)
        XCTAssertEqual(config.dropout, 0.1)
        XCTAssertEqual(config.tiedEmbeddings, ModelConfig.EmbeddingTying.none)
    }

    func testUnknownKeysAreErrorsThatNameThem() {
        XCTAssertThrowsError(try Self.decode(#"{"family": "rnn", "embedding_size": 8, "encoder_hidden": 8, "decoder_hidden": 8, "heads": 2}"#)) {
            XCTAssertEqual($0 as? ModelConfigError, .unknownKey("heads", family: "rnn"))
        }
        XCTAssertThrowsError(try Self.decode(#"{"family": "transformer", "d_modle": 8, "d_model": 8, "heads": 2, "d_ff": 16, "encoder_layers": 1, "decoder_layers": 1}"#)) {
            XCTAssertEqual($0 as? ModelConfigError, .unknownKey("d_modle", family: "transformer"))
            XCTAssertTrue("\($0)".contains("d_modle"))
        }
        XCTAssertThrowsError(try Self.decode(#"{"family": "cnn"}"#))
    }

    func testImpossibleCombinationsNameTheKey() {
        func key(_ config: ModelConfig, source: Int = 10, target: Int = 10) -> String? {
            do {
                _ = try ModelFactory.make(config, sourceVocabularySize: source, targetVocabularySize: target)
                return nil
            } catch let ModelConfigError.invalid(key, _) {
                return key
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(key(ModelConfig(architecture: .transformer(TransformerSettings(dModel: 16, heads: 3, dFF: 8, encoderLayers: 1, decoderLayers: 1)))), "heads")
        XCTAssertEqual(key(TinyModels.transformer(tied: .all), source: 10, target: 12), "tied_embeddings")
        XCTAssertNil(key(TinyModels.transformer(tied: .decoder), source: 10, target: 12))
        XCTAssertEqual(key(ModelConfig(dropout: 1, architecture: TinyModels.transformer().architecture)), "dropout")
        XCTAssertEqual(key(ModelConfig(architecture: .rnn(RNNSettings(embeddingSize: 4, encoderHidden: 4, decoderHidden: 6, attention: .luongDot)))), "attention")
        XCTAssertEqual(key(ModelConfig(tiedEmbeddings: .decoder, architecture: .rnn(RNNSettings(embeddingSize: 4, encoderHidden: 4, decoderHidden: 6)))), "tied_embeddings")
        XCTAssertEqual(key(ModelConfig(architecture: .transformer(TransformerSettings(dModel: 6, heads: 2, dFF: 8, encoderLayers: 0, decoderLayers: 1)))), "encoder_layers")
    }

    /// The closed-form count equals the sum of the built model's parameter sizes, for every option.
    func testParameterCountFormula() throws {
        var configs: [ModelConfig] = [try Self.preset("rnn-small.yaml"), try Self.preset("transformer-small.yaml")]
        for tied in [ModelConfig.EmbeddingTying.none, .decoder, .all] {
            configs.append(TinyModels.transformer(norm: .pre, tied: tied, d: 8, layers: 2))
            configs.append(TinyModels.transformer(norm: .post, tied: tied, positions: .learned, d: 8, layers: 3))
            configs.append(TinyModels.rnn(cell: .gru, attention: .bahdanau, layers: 2, tied: tied))
            configs.append(TinyModels.rnn(cell: .lstm, attention: .luongGeneral, layers: 3, inputFeeding: false, tied: tied))
            configs.append(TinyModels.rnn(cell: .lstm, attention: .luongDot, bridge: false, tied: tied))
        }
        for config in configs {
            let model = try ModelFactory.make(config, vocabularySize: 37)
            XCTAssertEqual(config.parameterCount(vocabularySize: 37), model.parameterCount, "\(config)")
            XCTAssertEqual(model.parameters().reduce(0) { $0 + $1.count }, model.parameterCount)
        }
        let untied = TinyModels.rnn(tied: .none)
        let model = try ModelFactory.make(untied, sourceVocabularySize: 11, targetVocabularySize: 13)
        XCTAssertEqual(untied.parameterCount(sourceVocabularySize: 11, targetVocabularySize: 13), model.parameterCount)
    }
}
