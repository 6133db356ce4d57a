import Foundation
import Mustache

/// Renders the console's pages and fragments from the Mustache templates shipped with the module.
public struct ConsoleRenderer: Sendable {
    private let library: MustacheLibrary

    /// Why the templates could not be loaded.
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Loads every `*.mustache` file of the module's `Templates` folder.
    public init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw LoadError(description: "the console's Templates folder is missing from the bundle")
        }
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "template \(name): \(error)")
            }
        }
        self.library = library
    }

    /// A whole page: `template` rendered with `model`, inside the layout with `chrome`.
    public func page(_ template: String, _ model: Any, chrome: ConsoleChrome) -> String {
        let content = fragment(template, model, csrf: chrome.csrf)
        return library.render(LaidOut(chrome: chrome, content: content), withTemplate: "layout") ?? content
    }

    /// A piece of a page (what the script swaps in), without the layout; templates read the model as `m` and the
    /// form token as `csrf`.
    public func fragment(_ template: String, _ model: Any, csrf: String) -> String {
        library.render(Scoped(csrf: csrf, m: model), withTemplate: template) ?? "<p class=\"flash error\">missing template \(HTML.escape(template))</p>"
    }

    private struct LaidOut {
        let chrome: ConsoleChrome
        let content: String
    }

    private struct Scoped {
        let csrf: String
        let m: Any
    }
}
