import TernNN
import TernTensor
import XCTest

/// Uses `Mirror` (in tests only) to check that every `Parameter` and sub-module a module stores is listed by its
/// explicit `ownParameters` / `children`, for every module of the tree.
public func assertWalkListsEverythingStored(_ root: Module, file: StaticString = #filePath, line: UInt = #line) {
    for (path, module) in root.namedModules() {
        let listedParameters = Set(module.ownParameters.map { ObjectIdentifier($0.parameter) })
        let listedChildren = Set(module.children.map { ObjectIdentifier($0.module) })
        var mirror: Mirror? = Mirror(reflecting: module)
        while let current = mirror {
            for child in current.children {
                let label = child.label ?? "?"
                var parameters: [Parameter] = []
                var modules: [Module] = []
                if let p = child.value as? Parameter { parameters.append(p) }
                if let ps = child.value as? [Parameter] { parameters += ps }
                if let m = child.value as? Module { modules.append(m) }
                if let ms = child.value as? [Module] { modules += ms }
                for p in parameters where !listedParameters.contains(ObjectIdentifier(p)) {
                    XCTFail("\(path.isEmpty ? "<root>" : path).\(label): a stored Parameter the walk does not list", file: file, line: line)
                }
                for m in modules where !listedChildren.contains(ObjectIdentifier(m)) {
                    XCTFail("\(path.isEmpty ? "<root>" : path).\(label): a stored module the walk does not list", file: file, line: line)
                }
            }
            mirror = current.superclassMirror
        }
    }
}
