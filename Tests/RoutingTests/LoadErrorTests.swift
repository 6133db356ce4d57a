import Routing
import Testing

@Suite("Policy and network errors name file, line and column")
struct LoadErrorTests {
    private func loadError(_ body: () throws -> Void) -> RoutingLoadError? {
        do {
            try body()
            return nil
        } catch {
            return error as? RoutingLoadError
        }
    }

    @Test("an unknown policy key is reported at its line")
    func unknownPolicyKey() throws {
        let text = """
            name: test
            rules:
              - name: warehouses
                select: warehouses
                alowSplit: true
            """
        let error = try #require(loadError { _ = try RoutingPolicyLoader.parse(text, file: "policies/test.yaml") })
        #expect(error.file == "policies/test.yaml")
        #expect(error.line == 5)
        #expect(error.column == 5)
        #expect(error.message.contains("unknown key 'alowSplit'"))
        #expect(error.description.hasPrefix("policies/test.yaml:5:5: "))
    }

    @Test("a bad select value and a bad weight name the value's position")
    func badValues() throws {
        let select = try #require(loadError {
            _ = try RoutingPolicyLoader.parse("rules:\n  - name: a\n    select: cheapest\n", file: "p.yaml")
        })
        #expect(select.line == 3)
        #expect(select.column == 13)
        #expect(select.message.contains("'select' must be one of"))
        let weight = try #require(loadError {
            _ = try RoutingPolicyLoader.parse("rules:\n  - {name: a, select: anyNode}\nweights:\n  load: lots\n", file: "p.yaml")
        })
        #expect(weight.line == 4)
        #expect(weight.message.contains("'load' must be a number"))
    }

    @Test("the wave search's steps are read from the policy, and a negative count is refused at its position")
    func waveSearchSteps() throws {
        let rules = "rules:\n  - name: a\n    select: warehouses\n"
        #expect(try RoutingPolicyLoader.parse(rules, file: "p.yaml").waveSearchSteps == nil)
        #expect(try RoutingPolicyLoader.parse(rules + "waveSearchSteps: 0\n", file: "p.yaml").waveSearchSteps == 0)
        #expect(try RoutingPolicyLoader.parse(rules + "waveSearchSteps: 120000\n", file: "p.yaml").waveSearchSteps == 120_000)
        let negative = try #require(loadError { _ = try RoutingPolicyLoader.parse(rules + "waveSearchSteps: -5\n", file: "p.yaml") })
        #expect(negative.line == 4)
        #expect(negative.message.contains("waveSearchSteps"))
    }

    @Test("a YAML syntax error is reported with its position")
    func syntaxError() throws {
        let error = try #require(loadError {
            _ = try RoutingPolicyLoader.parse("rules:\n  - name: a\n    select: [anyNode\n", file: "broken.yaml")
        })
        #expect(error.file == "broken.yaml")
        #expect(error.line >= 3)
        #expect(error.message.hasPrefix("YAML syntax"))
    }

    @Test("a network node missing its capacity is reported at the node")
    func networkMissingField() throws {
        let text = """
            nodes:
              - id: WH-1
                kind: warehouse
                city: Shanghai
                lat: 31.2
                lon: 121.4
                capacityPerHour: 100
                costPerShipment: 500
              - id: WH-2
                kind: warehouse
                city: Beijing
                lat: 39.9
                lon: 116.4
                costPerShipment: 500
            """
        let error = try #require(loadError { _ = try NetworkLoader.parseYAML(text, file: "network.yaml") })
        #expect(error.line == 9)
        #expect(error.message == "missing 'capacityPerHour'")
    }

    @Test("network values out of range and duplicate ids are rejected")
    func networkBadValues() throws {
        let latitude = try #require(loadError {
            _ = try NetworkLoader.parseYAML(
                "nodes:\n  - {id: A, kind: store, city: X, lat: 131.2, lon: 1, capacityPerHour: 1, costPerShipment: 1}\n", file: "n.yaml")
        })
        #expect(latitude.line == 2)
        #expect(latitude.message.contains("'lat' must be at most 90"))
        let kind = try #require(loadError {
            _ = try NetworkLoader.parseYAML(
                "nodes:\n  - {id: A, kind: depot, city: X, lat: 1, lon: 1, capacityPerHour: 1, costPerShipment: 1}\n", file: "n.yaml")
        })
        #expect(kind.message.contains("'kind' must be one of warehouse, store"))
    }

    @Test("CSV errors name the row's line and the field's column")
    func csvErrors() throws {
        let good = """
            id,kind,city,lat,lon,capacity_per_hour,cost_per_shipment,pickup,stock
            WH-1,warehouse,Shanghai,31.2,121.4,100,500,false,SKU-A=10;SKU-B=5
            ST-1,store,"Hangzhou, West Lake",30.2,120.1,20,900,true,SKU-A=2
            """
        let network = try NetworkLoader.parseCSV(good, file: "n.csv")
        #expect(network.nodes.count == 2)
        #expect(network.nodes[1].city == "Hangzhou, West Lake")
        #expect(network.nodes[0].stock["SKU-B"] == StockLevel(onHand: 5))
        #expect(network.nodes[1].acceptsReturns)

        let bad = """
            id,kind,city,lat,lon,capacity_per_hour,cost_per_shipment
            WH-1,warehouse,Shanghai,31.2,121.4,100,500
            WH-2,warehouse,Beijing,north,116.4,100,500
            """
        let error = try #require(loadError { _ = try NetworkLoader.parseCSV(bad, file: "n.csv") })
        #expect(error.file == "n.csv")
        #expect(error.line == 3)
        #expect(error.column == 24)
        #expect(error.message.contains("'lat' must be a number"))
    }

    @Test("an unreadable file names the file")
    func missingFile() throws {
        let error = try #require(loadError { _ = try NetworkLoader.load(path: "/nonexistent/network.yaml") })
        #expect(error.file == "/nonexistent/network.yaml")
        #expect(error.message == "cannot read the file")
    }

    @Test("an orders file error names the line")
    func orderFileError() throws {
        let text = """
            {"orderId":"O-1","lines":[{"sku":"A","quantity":1}]}
            {"orderId":"O-2","mode":"pickup","lines":[{"sku":"A","quantity":1}]}
            """
        let error = try #require(loadError { _ = try RoutingOrderReader.parse(text, file: "orders.ndjson") })
        #expect(error.line == 2)
        #expect(error.message.contains("pickupStore"))
    }
}
