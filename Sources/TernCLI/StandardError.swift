import Foundation

/// Progress and diagnostics go to stderr; stdout carries only data (translations, scores).
enum StandardError {
    static func line(_ text: String) {
        FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
    }
}
