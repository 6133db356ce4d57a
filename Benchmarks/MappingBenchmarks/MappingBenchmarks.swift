// Applying compiled mappings to their contract-test fixtures, in process: orders per second and allocations per order.
import Benchmark
import Foundation
import Mapping

/// The repository root, from this file's path.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A compiled mapping and the payload bytes it is applied to.
func fixture(mapping: String, payload: String) -> (CompiledMapping, [UInt8]) {
    do {
        let compiled = try MappingCompiler.compile(contentsOf: repository + "/mappings/" + mapping)
        guard let data = FileManager.default.contents(atPath: repository + "/contract-tests/" + payload) else {
            fatalError("missing fixture \(payload)")
        }
        return (compiled, Array(data))
    } catch {
        fatalError("\(error)")
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions], scalingFactor: .kilo, maxDuration: .seconds(5)
    )
    for (name, mapping, payload) in [
        ("Amazon SP-API order (JSON)", "amazon-sp.yaml", "amazon-sp/unshipped.input.json"),
        ("Shopify order (JSON)", "shopify.yaml", "shopify/rest-order.input.json"),
        ("UBL 2.1 Order (XML)", "ubl-order.yaml", "ubl-order/oasis-example.input.xml"),
    ] where FileManager.default.fileExists(atPath: repository + "/contract-tests/" + payload) {
        Benchmark(name, configuration: configuration) { benchmark in
            let (compiled, bytes) = fixture(mapping: mapping, payload: payload)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try? compiled.apply(bytes))
            }
        }
    }
}
