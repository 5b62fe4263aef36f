import Foundation
import TernModels

/// A config file described for `tern info CONFIG`: family, sizes, and the parameter count twice — by the documented
/// closed-form formula (``ModelConfig/parameterCount(vocabularySize:)``) and by building the model — which must agree.
public enum ConfigSummary {
    public static func describe(configPath: String, vocabularySize: Int) throws -> String {
        let config = try ConfigFile(path: configPath)
        let model = try ModelFactory.make(config.model, vocabularySize: vocabularySize)
        let formula = config.model.parameterCount(vocabularySize: vocabularySize)
        var lines = ["Config \(configPath): \(config.model.family.rawValue)"]
        switch config.model.architecture {
        case .transformer(let t):
            lines.append("  d_model \(t.dModel), \(t.heads) heads, d_ff \(t.dFF), \(t.encoderLayers)+\(t.decoderLayers) layers, \(t.norm.rawValue)-norm, \(t.activation.rawValue)")
        case .rnn(let r):
            lines.append("  \(r.cell.rawValue), embeddings \(r.embeddingSize), encoder \(r.encoderLayers)×\(r.encoderHidden)×2, decoder \(r.decoderLayers)×\(r.decoderHidden), \(r.attention.rawValue) attention")
        }
        lines.append("  tied embeddings: \(config.model.tiedEmbeddings.rawValue), dropout \(config.model.dropout)")
        lines.append("Parameters at vocabulary \(vocabularySize): \(formula) by the formula, \(model.parameterCount) in the built model\(formula == model.parameterCount ? "" : " — MISMATCH")")
        return lines.joined(separator: "\n")
    }
}
