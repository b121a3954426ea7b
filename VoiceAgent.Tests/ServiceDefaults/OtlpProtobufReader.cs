using Google.Protobuf;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// Decodes the few fields of OTLP export requests the tests need, straight from the wire format (no .proto files):
/// each request is a list of (resource, scopes, items) where an item is a span, a log record or a metric.
/// Field numbers are those of opentelemetry-proto: Export*ServiceRequest.resource_* = 1;
/// Resource*.resource = 1, scope_* = 2; Scope*.scope = 1, items = 2; Resource.attributes = 1;
/// KeyValue.key = 1, value = 2; AnyValue.string_value = 1, bool_value = 2, int_value = 3; InstrumentationScope.name = 1.
/// </summary>
internal static class OtlpProtobufReader
{
    // Span.trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, attributes = 9;
    // LogRecord.body = 5 (AnyValue), attributes = 6, trace_id = 9, span_id = 10; Metric.name = 1.
    public static IReadOnlyList<OtlpResourceData> ReadTraces(byte[] request) =>
        Read(request, new ItemFields(Name: 5, NameIsAnyValue: false, Attributes: 9, TraceId: 1, SpanId: 2, ParentSpanId: 4));

    public static IReadOnlyList<OtlpResourceData> ReadLogs(byte[] request) =>
        Read(request, new ItemFields(Name: 5, NameIsAnyValue: true, Attributes: 6, TraceId: 9, SpanId: 10, ParentSpanId: 0));

    public static IReadOnlyList<OtlpResourceData> ReadMetrics(byte[] request) =>
        Read(request, new ItemFields(Name: 1, NameIsAnyValue: false, Attributes: 0, TraceId: 0, SpanId: 0, ParentSpanId: 0));

    private static List<OtlpResourceData> Read(byte[] request, ItemFields itemFields)
    {
        var resources = new List<OtlpResourceData>();
        foreach (var (field, resourceData) in Fields(ByteString.CopyFrom(request)))
        {
            if (field != 1)
            {
                continue;
            }

            var attributes = new Dictionary<string, string>();
            var items = new List<OtlpItem>();
            foreach (var (resourceField, value) in Fields(resourceData))
            {
                if (resourceField == 1)
                {
                    ReadAttributes(value, attributesField: 1, attributes);
                }
                else if (resourceField == 2)
                {
                    ReadScope(value, itemFields, items);
                }
            }

            resources.Add(new OtlpResourceData(attributes, items));
        }

        return resources;
    }

    private static void ReadScope(ByteString scopeData, ItemFields itemFields, List<OtlpItem> items)
    {
        var scopeName = string.Empty;
        var pending = new List<ByteString>();
        foreach (var (field, value) in Fields(scopeData))
        {
            if (field == 1)
            {
                scopeName = Fields(value).Where(f => f.Field == 1).Select(f => f.Value.ToStringUtf8()).FirstOrDefault() ?? string.Empty;
            }
            else if (field == 2)
            {
                pending.Add(value);
            }
        }

        foreach (var itemData in pending)
        {
            var name = string.Empty;
            var traceId = string.Empty;
            var spanId = string.Empty;
            var parentSpanId = string.Empty;
            var attributes = new Dictionary<string, string>();
            foreach (var (field, value) in Fields(itemData))
            {
                if (field == itemFields.Name)
                {
                    name = itemFields.NameIsAnyValue ? ReadAnyValue(value) : value.ToStringUtf8();
                }
                else if (field == itemFields.TraceId)
                {
                    traceId = Convert.ToHexStringLower(value.Span);
                }
                else if (field == itemFields.SpanId)
                {
                    spanId = Convert.ToHexStringLower(value.Span);
                }
                else if (field == itemFields.ParentSpanId)
                {
                    parentSpanId = Convert.ToHexStringLower(value.Span);
                }
            }

            if (itemFields.Attributes != 0)
            {
                ReadAttributes(itemData, itemFields.Attributes, attributes);
            }

            items.Add(new OtlpItem(scopeName, name, traceId, attributes) { SpanId = spanId, ParentSpanId = parentSpanId });
        }
    }

    private static void ReadAttributes(ByteString message, int attributesField, Dictionary<string, string> attributes)
    {
        foreach (var (field, keyValue) in Fields(message))
        {
            if (field != attributesField)
            {
                continue;
            }

            string? key = null;
            var value = string.Empty;
            foreach (var (kvField, kvValue) in Fields(keyValue))
            {
                if (kvField == 1)
                {
                    key = kvValue.ToStringUtf8();
                }
                else if (kvField == 2)
                {
                    value = ReadAnyValue(kvValue);
                }
            }

            if (key is not null)
            {
                attributes[key] = value;
            }
        }
    }

    private static string ReadAnyValue(ByteString anyValue)
    {
        var input = anyValue.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    return input.ReadString();
                case 2:
                    return input.ReadBool() ? "true" : "false";
                case 3:
                    return input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return string.Empty;
    }

    /// <summary>The length-delimited fields of a message (the only kind these tests read); others are skipped.</summary>
    private static IEnumerable<(int Field, ByteString Value)> Fields(ByteString message)
    {
        var input = message.CreateCodedInput();
        var fields = new List<(int, ByteString)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }

    private readonly record struct ItemFields(int Name, bool NameIsAnyValue, int Attributes, int TraceId, int SpanId, int ParentSpanId);
}

/// <summary>One resource of an OTLP export: its attributes and the spans, log records or metrics under it.</summary>
internal sealed record OtlpResourceData(IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<OtlpItem> Items);

/// <summary>A span (by name), log record (by body) or metric (by name), with its scope, trace id (hex) and attributes.</summary>
internal sealed record OtlpItem(string Scope, string Name, string TraceId, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The span's (or log record's) id in hex; empty for metrics.</summary>
    public string SpanId { get; init; } = string.Empty;

    /// <summary>The parent span's id in hex; empty for a root span, log records and metrics.</summary>
    public string ParentSpanId { get; init; } = string.Empty;
}
