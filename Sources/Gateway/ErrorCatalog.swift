/// Every error code ChannelGate answers with, and the statuses it comes with: the one registry. A test holds it to
/// `openapi.yaml` (the `Error` schema's list) and every code written in the sources to it.
public enum ErrorCatalog {
    /// Code → the HTTP statuses it is sent with.
    public static let codes: [String: Set<Int>] = [
        // The request could not be read.
        "empty_body": [400], "invalid_json": [400], "json_too_deep": [400], "invalid_utf8": [400], "invalid_xml": [400],
        "xml_doctype_not_allowed": [400], "invalid_parameter": [400], "invalid_message_id": [400], "invalid_tenant": [400, 422],
        "invalid_gzip": [400], "bad_request": [400], "invalid_mapping_text": [400], "record_too_large": [400, 413],
        // Who is calling.
        "missing_token": [401], "invalid_token": [401], "signature_missing": [401], "signature_invalid": [401],
        "timestamp_outside_window": [401], "insufficient_scope": [403],
        "session_required": [401], "csrf_token_invalid": [403], "form_too_large": [413], "draft_too_large": [413],
        // What is asked for.
        "not_found": [404], "unknown_channel": [404], "routing_not_configured": [404], "method_not_allowed": [405],
        "request_timeout": [408],
        "conflict": [409], "webhook_replayed": [409], "subscription_active": [409], "review_refused": [409],
        "insufficient_history": [409], "lease_lost": [409], "idempotency_key_reused": [409],
        "payload_too_large": [413], "unsupported_media_type": [415], "unsupported_encoding": [415],
        // The content.
        "missing_field": [422], "invalid_type": [422], "invalid_value": [422], "invalid_amount": [422], "money_precision": [422],
        "invalid_quantity": [422], "invalid_timestamp": [422], "unknown_currency": [422], "value_too_long": [422],
        "too_many_events": [422], "unknown_code": [422], "check_failed": [422], "no_events": [422], "invalid_scope": [422],
        "invalid_client_id": [422], "invalid_field": [422], "invalid_policy": [422], "mapping_invalid": [422],
        "no_contract_tests": [422], "contract_tests_failed": [422], "unsupported_document": [422],
        // Limits and ChannelGate's own state.
        "rate_limited": [429], "internal_error": [500], "delivery_failed": [502],
        "store_unavailable": [503], "overloaded": [503], "routing_starting": [503], "routing_standby": [503], "too_many_connections": [503],
    ]
}
