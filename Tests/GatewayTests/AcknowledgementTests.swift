import UseCases
import Adapters
import Foundation
import Gateway
import Testing

/// Legacy XML senders get the acknowledgement their format expects, in their own encoding.
@Suite struct AcknowledgementTests {
    @Test func u8GetsAUfinterfaceResultInGBK() async throws {
        let folder = try MappedChannelTests.mappingsFolder(["yonyou-u8.yaml"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await LiveGateway.with(configure: { $0.mappingsDirectory = folder }) { gateway in
            let answer = try await gateway.post("/v1/channels/yonyou-u8/orders", try MappedChannelTests.fixture("yonyou-u8/add-gbk.input.xml"), contentType: "text/xml")
            #expect(answer.status == 202)
            #expect(answer.headers["content-type"]?.uppercased().contains("GBK") == true)
            let text = String(decoding: answer.body, as: UTF8.self)
            #expect(text.contains("encoding=\"GBK\""))
            #expect(text.contains("succeed=\"0\""))
            #expect(text.contains("<ufinterface"))

            let broken = try await gateway.post("/v1/channels/yonyou-u8/orders", Array("<ufinterface><unclosed>".utf8), contentType: "text/xml")
            #expect(broken.status == 400)
            #expect(String(decoding: broken.body, as: UTF8.self).contains("succeed=\"1\""))
        }
    }

    @Test func cxmlGetsAResponseNamingThePayloadIDAndUBLAnOrderResponse() async throws {
        let folder = try MappedChannelTests.mappingsFolder(["cxml-order.yaml", "ubl-order.yaml"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await LiveGateway.with(configure: { $0.mappingsDirectory = folder }) { gateway in
            let request = try MappedChannelTests.fixture("cxml-order/two-lines.input.xml")
            let payloadId = try #require(String(decoding: request, as: UTF8.self).firstMatch(of: /payloadID="([^"]+)"/)?.1)
            let answer = try await gateway.post("/v1/channels/cxml-order/orders", request, contentType: "text/xml")
            #expect(answer.status == 202)
            let text = answer.text
            #expect(text.contains("<Status code=\"200\" text=\"OK\">"))
            #expect(text.contains(String(payloadId)))

            let ubl = try await gateway.post("/v1/channels/ubl-order/orders", try MappedChannelTests.fixture("ubl-order/oasis-example.input.xml"), contentType: "application/xml")
            #expect(ubl.status == 202)
            #expect(ubl.text.contains("<cbc:AcceptedIndicator>true</cbc:AcceptedIndicator>"))
            #expect(ubl.text.contains("<cbc:ID>34</cbc:ID>"))
            let refused = try await gateway.post("/v1/channels/ubl-order/orders", try MappedChannelTests.fixture("ubl-order/xxe.input.xml"), contentType: "application/xml")
            #expect(refused.status == 400)
            #expect(refused.text.contains("<cbc:AcceptedIndicator>false</cbc:AcceptedIndicator>"))
            #expect(refused.text.contains("xml_doctype_not_allowed"))
        }
    }

    @Test func aTooLargeMessageGetsTheChannelsAcknowledgementToo() async throws {
        let folder = try MappedChannelTests.mappingsFolder(["yonyou-u8.yaml"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await LiveGateway.with(configure: {
            $0.mappingsDirectory = folder
            $0.maxBodyBytes = 200
        }) { gateway in
            let answer = try await gateway.post("/v1/channels/yonyou-u8/orders", try MappedChannelTests.fixture("yonyou-u8/add-gbk.input.xml"), contentType: "text/xml")
            #expect(answer.status == 413)
            #expect(answer.headers["content-type"]?.hasPrefix("application/xml") == true)
            #expect(answer.text.contains("succeed=\"1\""))
            #expect(answer.text.contains("payload_too_large"))
            let json = try await gateway.post(
                "/v1/channels/yonyou-u8/orders", try MappedChannelTests.fixture("yonyou-u8/add-gbk.input.xml"), contentType: "text/xml",
                headers: ["Accept": "application/json"]
            )
            #expect(json.status == 413)
            #expect(JSON.errorCode(json) == "payload_too_large")
        }
    }
}
