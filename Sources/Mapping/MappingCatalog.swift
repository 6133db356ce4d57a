import Foundation

/// Loads every `*.yaml` mapping in a folder; one invalid file refuses the whole folder.
public enum MappingCatalog {
    /// The compiled mappings in `directory`, sorted by channel; none when the folder does not exist.
    public static func load(directory: String) throws(MappingError) -> [CompiledMapping] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var mappings: [CompiledMapping] = []
        var channels: [String: String] = [:]
        for file in files {
            let path = directory + "/" + file
            let mapping = try MappingCompiler.compile(contentsOf: path)
            if let earlier = channels[mapping.channel] {
                throw MappingError(file: path, line: 1, column: 1, message: "channel \(mapping.channel) is already mapped by \(earlier)")
            }
            channels[mapping.channel] = path
            mappings.append(mapping)
        }
        return mappings.sorted { $0.channel < $1.channel }
    }
}
