import Foundation

/// The console's static files (its script and stylesheet), read once from the module's bundle.
public struct ConsoleAssets: Sendable {
    /// One static file with its media type.
    public struct Asset: Sendable {
        public let bytes: [UInt8]
        public let contentType: String
    }

    private let files: [String: Asset]

    /// Reads every file of the module's `Assets` folder.
    public init() throws {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            throw ConsoleRenderer.LoadError(description: "the console's Assets folder is missing from the bundle")
        }
        var files: [String: Asset] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
            files[name] = Asset(bytes: Array(bytes), contentType: type)
        }
        self.files = files
    }

    /// The file called `name`, or nil.
    public func asset(named name: String) -> Asset? { files[name] }
}
