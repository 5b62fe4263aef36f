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

    func testUnknownWordsNameTheKeyAndTheAcceptedValues() {
        let transformer = #""family": "transformer", "d_model": 8, "heads": 2, "d_ff": 16, "encoder_layers": 1, "decoder_layers": 1"#
        XCTAssertThrowsError(try Self.decode("{\(transformer), \"activation\": \"swish\"}")) {
            XCTAssertEqual($0 as? ModelConfigError, .invalid(key: "activation",
                                                             reason: "must be relu, gelu, selu or leaky_relu, got 'swish'"))
            XCTAssertEqual("\($0)", "'activation': must be relu, gelu, selu or leaky_relu, got 'swish'")
        }
        XCTAssertThrowsError(try Self.decode("{\(transformer), \"norm\": \"middle\"}")) {
            XCTAssertEqual($0 as? ModelConfigError, .invalid(key: "norm", reason: "must be pre or post, got 'middle'"))
        }
        XCTAssertThrowsError(try Self.decode(#"{"family": "rnn", "embedding_size": 8, "encoder_hidden": 8, "decoder_hidden": 8, "cell": "rnn"}"#)) {
            XCTAssertEqual($0 as? ModelConfigError, .invalid(key: "cell", reason: "must be gru or lstm, got 'rnn'"))
        }
        XCTAssertThrowsError(try Self.decode(#"{"family": "cnn"}"#)) {
            XCTAssertEqual($0 as? ModelConfigError, .invalid(key: "family", reason: "must be rnn or transformer, got 'cnn'"))
        }
        for word in ["relu", "gelu", "selu", "leaky_relu"] {
            let config = try? Self.decode("{\(transformer), \"activation\": \"\(word)\"}")
            guard case .transformer(let t) = config?.architecture else { return XCTFail("\(word) does not decode") }
            XCTAssertEqual(t.activation.rawValue, word)
        }
        XCTAssertEqual(TransformerSettings.Activation(rawValue: "leaky_relu"), .leakyRelu)
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

    /// Checks a hand-derived count against the closed form, the built model's total and the sum over its parameter
    /// tree; `parts` are disjoint name prefixes with their hand-derived counts, so a mismatch names the module.
    func assertParameterCount(_ config: ModelConfig, source: Int, target: Int, expected: Int, parts: KeyValuePairs<String, Int>,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(parts.reduce(0) { $0 + $1.value }, expected, "the parts do not add up to the total", file: file, line: line)
        XCTAssertEqual(config.parameterCount(sourceVocabularySize: source, targetVocabularySize: target), expected,
                       "closed form", file: file, line: line)
        let model = try ModelFactory.make(config, sourceVocabularySize: source, targetVocabularySize: target)
        XCTAssertEqual(model.parameterCount, expected, "built model", file: file, line: line)
        let named = model.namedParameters()
        XCTAssertEqual(named.reduce(0) { $0 + $1.1.count }, expected, "parameter tree", file: file, line: line)
        for (prefix, count) in parts {
            XCTAssertEqual(named.filter { $0.0.hasPrefix(prefix) }.reduce(0) { $0 + $1.1.count }, count, prefix, file: file, line: line)
        }
    }

    /// Transformer counts worked out by hand from the layer definitions, d = 6, 2 heads, d_ff = 10, 2 encoder layers
    /// and 1 decoder layer (different so that swapping them shows), source vocabulary 11, target 13.
    ///
    ///     Linear(in, out) has weight [out, in] and bias [out]; LayerNorm(d) weight [d] + bias [d] = 12.
    ///     multi-head attention: q_proj, k_proj, v_proj, out_proj each 6·6 + 6 = 42, ×4          = 168
    ///     feed_forward: linear1 10·6 + 10 = 70, linear2 6·10 + 6 = 66                         = 136
    ///     encoder layer: self_attn 168 + self_attn_norm 12 + feed_forward 136 + its norm 12    = 328
    ///     decoder layer: self_attn 168 + 12 + cross_attn 168 + 12 + feed_forward 136 + 12      = 508
    ///     pre-norm adds a final LayerNorm after each stack (12 each); post-norm has none.
    ///     sinusoidal positions have no parameters; learned ones are [max_positions, d] = 16·6 = 96 per side.
    ///     embeddings [vocab, 6]: source 11·6 = 66, target 13·6 = 78; output projection [13, 6] = 78, no bias.
    func testTransformerParameterCountsByHand() throws {
        func settings(_ norm: TransformerSettings.Norm, _ positions: TransformerSettings.Positions) -> ModelConfig.Architecture {
            .transformer(TransformerSettings(dModel: 6, heads: 2, dFF: 10, encoderLayers: 2, decoderLayers: 1, norm: norm,
                                             positions: positions, maxPositions: 16))
        }
        // Tied all (joint vocabulary of 11): one [11, 6] matrix is source, target embedding and output projection.
        // 66 + 2·328 + 12 + 508 + 12 = 1254
        try assertParameterCount(ModelConfig(tiedEmbeddings: .all, architecture: settings(.pre, .sinusoidal)),
                                 source: 11, target: 11, expected: 1254, parts: [
            "src_embed.": 66, "encoder.layers.0.": 328, "encoder.layers.1.": 328, "encoder.norm.": 12,
            "decoder.layers.0.": 508, "decoder.norm.": 12,
        ])
        // Untied, post-norm, learned positions: 66 + 78 + 96 + 96 + 2·328 + 508 + 78 = 1578
        try assertParameterCount(ModelConfig(tiedEmbeddings: .none, architecture: settings(.post, .learned)),
                                 source: 11, target: 13, expected: 1578, parts: [
            "src_embed.": 66, "tgt_embed.": 78, "src_positions.": 96, "tgt_positions.": 96,
            "encoder.layers.0.": 328, "encoder.layers.1.": 328, "decoder.layers.0.": 508, "output.": 78,
        ])
        // Target embedding tied to the output projection: 66 + 78 + 2·328 + 12 + 508 + 12 = 1332
        try assertParameterCount(ModelConfig(tiedEmbeddings: .decoder, architecture: settings(.pre, .sinusoidal)),
                                 source: 11, target: 13, expected: 1332, parts: [
            "src_embed.": 66, "tgt_embed.": 78, "encoder.layers.0.": 328, "encoder.layers.1.": 328, "encoder.norm.": 12,
            "decoder.layers.0.": 508, "decoder.norm.": 12,
        ])
        // Per-layer pieces of the first config, so that a wrong block is named.
        try assertParameterCount(ModelConfig(tiedEmbeddings: .all, architecture: settings(.pre, .sinusoidal)),
                                 source: 11, target: 11, expected: 1254, parts: [
            "src_embed.": 66, "encoder.layers.0.self_attn.": 168, "encoder.layers.0.self_attn_norm.": 12,
            "encoder.layers.0.feed_forward.linear1.": 70, "encoder.layers.0.feed_forward.linear2.": 66,
            "encoder.layers.0.feed_forward_norm.": 12, "encoder.layers.1.": 328, "encoder.norm.": 12,
            "decoder.layers.0.self_attn.": 168, "decoder.layers.0.self_attn_norm.": 12, "decoder.layers.0.cross_attn.": 168,
            "decoder.layers.0.cross_attn_norm.": 12, "decoder.layers.0.feed_forward.": 136,
            "decoder.layers.0.feed_forward_norm.": 12, "decoder.norm.": 12,
        ])
    }

    /// RNN counts worked out by hand, embedding e = 5, encoder hidden H = 3 per direction (memory 2H = 6), decoder
    /// hidden D = 4, source vocabulary 11, target 13.
    ///
    ///     GRU cell (input n, hidden h): weight_ih [3h, n], weight_hh [3h, h], bias_ih [3h], bias_hh [3h].
    ///     LSTM cell: the same with 4h rows.
    ///     bridge: Linear(2H = 6 → D = 4) = 24 + 4 = 28.
    ///     attentional: Linear(D + 2H = 10 → D = 4) = 40 + 4 = 44.
    ///     output: [13, D] = 52, no bias.
    ///     Bahdanau (attention size A, no biases): key_proj [A, 6], query_proj [A, 4], energy [1, A].
    ///     Luong general: key_proj [D, 2H] = [4, 6] = 24, no bias. Luong dot: nothing.
    func testRNNParameterCountsByHand() throws {
        // GRU, Bahdanau (A = D = 4), input feeding, bridge, untied:
        //   src_embed 11·5 = 55, tgt_embed 13·5 = 65
        //   encoder GRU per direction: 9·5 + 9·3 + 9 + 9 = 90, both directions 180
        //   decoder GRU, input e + D = 9: 12·9 + 12·4 + 12 + 12 = 180
        //   attention 4·6 + 4·4 + 4 = 44
        //   55 + 65 + 180 + 28 + 180 + 44 + 44 + 52 = 648
        let gru = ModelConfig(architecture: .rnn(RNNSettings(cell: .gru, embeddingSize: 5, encoderHidden: 3,
                                                             decoderHidden: 4, attention: .bahdanau)))
        try assertParameterCount(gru, source: 11, target: 13, expected: 648, parts: [
            "src_embed.": 55, "tgt_embed.": 65, "encoder.layers.0.forward.": 90, "encoder.layers.0.backward.": 90,
            "bridge.": 28, "decoder.layers.0.": 180, "decoder.attention.": 44, "decoder.attentional.": 44, "decoder.output.": 52,
        ])
        // The same with Bahdanau's own size A = 7: attention 7·6 + 7·4 + 7 = 77, total 648 − 44 + 77 = 681.
        var sized = gru
        if case .rnn(var r) = sized.architecture { r.attentionSize = 7; sized.architecture = .rnn(r) }
        try assertParameterCount(sized, source: 11, target: 13, expected: 681, parts: [
            "src_embed.": 55, "tgt_embed.": 65, "encoder.": 180, "bridge.": 28, "decoder.layers.0.": 180,
            "decoder.attention.key_proj.": 42, "decoder.attention.query_proj.": 28, "decoder.attention.energy.": 7,
            "decoder.attentional.": 44, "decoder.output.": 52,
        ])
        // LSTM, Luong general, 2 encoder and 2 decoder layers, input feeding, bridge, untied:
        //   encoder layer 0 per direction: 12·5 + 12·3 + 12 + 12 = 120, ×2 = 240
        //   encoder layer 1 (input 2H = 6) per direction: 12·6 + 12·3 + 24 = 132, ×2 = 264
        //   decoder layer 0 (input e + D = 9): 16·9 + 16·4 + 16 + 16 = 240
        //   decoder layer 1 (input D = 4): 16·4 + 16·4 + 32 = 160
        //   55 + 65 + 240 + 264 + 28 + 240 + 160 + 24 + 44 + 52 = 1172
        let lstm = ModelConfig(architecture: .rnn(RNNSettings(cell: .lstm, embeddingSize: 5, encoderHidden: 3, encoderLayers: 2,
                                                              decoderHidden: 4, decoderLayers: 2, attention: .luongGeneral)))
        try assertParameterCount(lstm, source: 11, target: 13, expected: 1172, parts: [
            "src_embed.": 55, "tgt_embed.": 65, "encoder.layers.0.": 240, "encoder.layers.1.": 264, "bridge.": 28,
            "decoder.layers.0.": 240, "decoder.layers.1.": 160, "decoder.attention.": 24, "decoder.attentional.": 44,
            "decoder.output.": 52,
        ])
        // GRU, Luong dot (needs D = 2H = 6), input feeding, bridge, target embedding tied to the output (e = D = 6):
        //   src_embed 11·6 = 66, tgt_embed = output 13·6 = 78
        //   encoder GRU per direction: 9·6 + 9·3 + 18 = 99, ×2 = 198
        //   bridge Linear(6 → 6) = 42; decoder GRU (input 6 + 6 = 12): 18·12 + 18·6 + 36 = 360
        //   attentional Linear(12 → 6) = 78; attention and output: 0
        //   66 + 78 + 198 + 42 + 360 + 78 = 822
        let dot = ModelConfig(tiedEmbeddings: .decoder, architecture: .rnn(RNNSettings(
            cell: .gru, embeddingSize: 6, encoderHidden: 3, decoderHidden: 6, attention: .luongDot)))
        try assertParameterCount(dot, source: 11, target: 13, expected: 822, parts: [
            "src_embed.": 66, "tgt_embed.": 78, "encoder.": 198, "bridge.": 42, "decoder.layers.0.": 360,
            "decoder.attentional.": 78,
        ])
        // LSTM, Luong dot, no input feeding, no bridge, all tied (joint vocabulary 11, e = D = 2H = 6):
        //   one [11, 6] matrix = 66; encoder LSTM per direction 12·6 + 12·3 + 24 = 132, ×2 = 264
        //   decoder LSTM (input e = 6): 24·6 + 24·6 + 48 = 336; attentional 78
        //   66 + 264 + 336 + 78 = 744
        let bare = ModelConfig(tiedEmbeddings: .all, architecture: .rnn(RNNSettings(
            cell: .lstm, embeddingSize: 6, encoderHidden: 3, decoderHidden: 6, attention: .luongDot,
            inputFeeding: false, bridge: false)))
        try assertParameterCount(bare, source: 11, target: 11, expected: 744, parts: [
            "src_embed.": 66, "encoder.": 264, "decoder.layers.0.": 336, "decoder.attentional.": 78,
        ])
    }

    /// The presets at their real sizes, by hand.
    ///
    /// rnn-small over a 32 000-token joint vocabulary, untied: e = 256, H = 256 (memory 512), D = 512, A = 512.
    ///     embeddings 2 · 32 000·256 = 16 384 000
    ///     encoder GRU per direction: 768·256 + 768·256 + 768 + 768 = 394 752, ×2 = 789 504
    ///     bridge 512·512 + 512 = 262 656
    ///     decoder GRU (input 256 + 512 = 768): 1536·768 + 1536·512 + 1536 + 1536 = 1 969 152
    ///     Bahdanau 512·512 + 512·512 + 512 = 524 800; attentional 512·1024 + 512 = 524 800
    ///     output 32 000·512 = 16 384 000
    ///     total 36 838 912
    /// transformer-small, d = 256, d_ff = 1024, 3 + 3 layers, tied all:
    ///     embedding 32 000·256 = 8 192 000
    ///     encoder layer 4(256² + 256) + (256·1024 + 1024 + 1024·256 + 256) + 2·512 = 263 168 + 525 568 + 1024 = 789 760
    ///     decoder layer 2·263 168 + 525 568 + 3·512 = 1 053 440
    ///     3·789 760 + 3·1 053 440 + final norms 2·512 = 5 530 624; total 13 722 624
    func testPresetParameterCountsByHand() throws {
        let rnn = try Self.preset("rnn-small.yaml"), small = try Self.preset("transformer-small.yaml")
        XCTAssertEqual(rnn.parameterCount(vocabularySize: 32_000), 36_838_912)
        XCTAssertEqual(small.parameterCount(vocabularySize: 32_000), 13_722_624)
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
