import UseCases
import Adapters
import Foundation
import Forecasting
import Gateway
import Ingest
import Testing

@Suite struct ConfigurationTests {
    static var shippedFile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/channelgate.yaml").path
    }

    @Test func theShippedFileLoadsAndEnvironmentOverridesIt() throws {
        let configuration = try GatewayConfiguration.load(
            file: Self.shippedFile, environment: ["CHANNELGATE_PORT": "9123", "CHANNELGATE_DATA_DIR": "/tmp/x"]
        )
        #expect(configuration.port == 9123)
        #expect(configuration.dataDirectory == "/tmp/x")
        #expect(configuration.maxBodyBytes == 1_048_576)
        #expect(configuration.channels == [ChannelDefinition(name: "webshop", format: .canonical, onInvalid: .deadLetter)])
        #expect(configuration.routingNetworkFile == "config/network.example.yaml")
        #expect(configuration.access.required)
    }

    @Test func accessPollersOutboundAndPromotionsAreReadWithTheirErrors() throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(yaml: """
            access:
              rateLimits: {client: {rate: 50, burst: 10}, channels: {tmall: {rate: 5, burst: 5}}}
              webhooks: [{channel: shopify, preset: shopify, secretEnv: SHOPIFY_SECRET}]
            pollers:
              - channel: jd
                url: https://api.example.com/orders
                paging: {style: cursor, parameter: cursor, nextPath: data.next}
                auth: {type: apiKey, header: X-Api-Key, secretEnv: JD_KEY}
            outbound: [{channel: jd, url: "https://api.example.com/orders/{channelOrderId}/ship", maxAttempts: 3}]
            forecasting:
              promotions: [{start: "2026-11-10T00:00:00+08:00", end: "2026-11-12T00:00:00+08:00", label: Singles Day}]
            """, file: "c.yaml", environment: ["SHOPIFY_SECRET": "s", "JD_KEY": "k"])
        #expect(configuration.access.clientLimit.burst == 10)
        #expect(configuration.access.channelLimits["tmall"]?.rate == 5)
        #expect(configuration.access.webhooks["shopify"] != nil)
        #expect(configuration.pollers.first?.paging == .cursor(parameter: "cursor", nextPath: "data.next", sizeParameter: nil, size: 100))
        #expect(configuration.outbound.first?.maxAttempts == 3)
        #expect(configuration.promotions.first?.label == "Singles Day")
        let period = try #require(configuration.promotions.first)
        #expect(period.endHour - period.startHour == Int64(48 * 3600))
        var broken = GatewayConfiguration()
        #expect(throws: ConfigurationError.self) {
            try broken.apply(yaml: "access:\n  webhooks: [{channel: s, preset: shopify, secretEnv: MISSING}]\n", environment: [:])
        }
        #expect(throws: ConfigurationError.self) { try broken.apply(yaml: "pollers: [{channel: jd, url: ftp://x}]\n") }
        #expect(throws: ConfigurationError.self) { try broken.apply(yaml: "forecasting: {promotions: [{start: x, end: y}]}\n") }
    }

    @Test("holiday calendars for every tenant and for one tenant are read; a series gets its own tenant's holidays")
    func holidayCalendars() async throws {
        var configuration = GatewayConfiguration()
        try configuration.apply(yaml: """
            forecasting:
              holidays:
                - {label: Christmas Day, date: "2026-12-25T00:00:00+08:00", daysBefore: 5, daysAfter: 6}
              tenants:
                acme:
                  holidays: [{label: Stocktake, date: "2026-06-30T00:00:00+08:00", lift: 0}]
            """, file: "c.yaml")
        let christmas = try #require(configuration.holidays.first)
        #expect(christmas == Holiday(label: "Christmas Day", dayStart: 1_798_128_000, daysBefore: 5, daysAfter: 6))
        #expect(configuration.tenantHolidays["acme"]?.first?.expectedLift == 0)
        let book = ForecastBook(
            configuration: ForecastConfiguration(holidays: configuration.holidays), tenantHolidays: configuration.tenantHolidays
        )
        #expect(await book.configuration(forSeries: "acme|total").holidays.map(\.label) == ["Christmas Day", "Stocktake"])
        #expect(await book.configuration(forSeries: "other|total").holidays.map(\.label) == ["Christmas Day"])
        #expect(await book.configuration(forSeries: "acme|total").keptHistoryHours >= 52 * 168)
        #expect(await book.configuration(forSeries: "acme|total").shadedPeriods.map(\.label) == ["Christmas Day", "Stocktake"])
        #expect(await book.configuration(forSeries: "acme|total").shadedPeriods.first == christmas.period)
        for (yaml, fault) in [
            ("forecasting: {holidays: [{label: X, date: tomorrow}]}\n", "date"),
            ("forecasting: {holidays: [{label: X, date: \"2026-12-25T00:00:00Z\", daysAfter: 40}]}\n", "daysAfter"),
            ("forecasting: {holidays: [{label: X, date: \"2026-12-25T00:00:00Z\", lift: -1}]}\n", "lift"),
            ("forecasting: {holidays: [{date: \"2026-12-25T00:00:00Z\"}]}\n", "label"),
            ("forecasting: {holidays: [{label: X, date: \"2026-12-25T00:00:00Z\", colour: red}]}\n", "colour"),
            ("forecasting: {tenants: {acme: {promotions: []}}}\n", "acme.promotions"),
            ("forecasting: {holiday: []}\n", "holiday"),
        ] {
            var broken = GatewayConfiguration()
            do {
                try broken.apply(yaml: yaml, file: "c.yaml")
                Issue.record("accepted \(yaml)")
            } catch {
                #expect("\(error)".contains(fault), "\(error) does not name \(fault)")
            }
        }
    }

    @Test func errorsNameTheFileLineAndKey() {
        var configuration = GatewayConfiguration()
        #expect(throws: ConfigurationError.self) { try configuration.apply(yaml: "port: 8080\nprot: 9\n", file: "c.yaml") }
        do {
            try configuration.apply(yaml: "port: 8080\nmaxBodyBytes: -1\n", file: "c.yaml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("c.yaml:2: maxBodyBytes"))
        }
        #expect(throws: ConfigurationError.self) { try configuration.apply(yaml: "channels:\n  - name: Bad Name\n") }
        #expect(throws: ConfigurationError.self) { try configuration.apply(environment: ["CHANNELGATE_PORT": "eighty"]) }
    }
}
