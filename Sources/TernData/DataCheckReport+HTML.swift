extension DataCheckReport {
    /// The report as a standalone HTML page: the same content as ``markdown(examples:)``.
    public func html(examples: Int = 10) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Data check</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}
            td,th{border:1px solid #ccc;padding:.2em .6em}td.n{text-align:right}</style></head><body>

            """
        page += "<h1>Data check: \(escape(sourcePath)) / \(escape(targetPath))</h1>\n<ul>\n"
        page += overview.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        page += "<table><tr><th>defect</th><th>pairs</th><th>first lines</th></tr>\n"
        for defect in DefectClass.allCases {
            let found = findings(of: defect)
            page += "<tr><td>\(defect.rawValue)</td><td class=\"n\">\(found.count)</td><td>\(found.prefix(5).map(\.lineRange).joined(separator: ", "))</td></tr>\n"
        }
        page += "</table>\n"
        for defect in classesFound {
            let found = findings(of: defect)
            page += "<h2>\(defect.rawValue): \(found.count) \(escape(defect.summary))</h2>\n<ul>\n"
            for finding in found.prefix(examples) { page += "<li>line \(finding.lineRange): \(escape(finding.detail))</li>\n" }
            if found.count > examples { page += "<li>… and \(found.count - examples) more</li>\n" }
            page += "</ul>\n"
        }
        return page + "</body></html>\n"
    }
}
