using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VoiceAgent.LoadTest.Measurement;

/// <summary>
/// The figures of one measured window, in the order they were added: printed as one <c>key=value</c> line and,
/// when asked, as one JSON object (the same keys) that scripts read with jq.
/// </summary>
internal sealed class ResultLine(string mode)
{
    private readonly List<(string Key, object Value, string? Format)> _fields = [];

    public string Mode { get; } = mode;

    public ResultLine Add(string key, double value, string format = "F1")
    {
        _fields.Add((key, value, format));
        return this;
    }

    public ResultLine Add(string key, long value)
    {
        _fields.Add((key, value, null));
        return this;
    }

    public ResultLine Add(string key, string value)
    {
        _fields.Add((key, value, null));
        return this;
    }

    public ResultLine Add(string key, bool value)
    {
        _fields.Add((key, value, null));
        return this;
    }

    public string ToText()
    {
        var text = new StringBuilder(Mode);
        foreach (var (key, value, format) in _fields)
        {
            text.Append(' ').Append(key).Append('=');
            text.Append(value switch
            {
                double number when format is not null => number.ToString(format, CultureInfo.InvariantCulture),
                bool flag => flag ? "yes" : "no",
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            });
        }

        return text.ToString();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("mode", Mode);
            foreach (var (key, value, format) in _fields)
            {
                switch (value)
                {
                    case double number when double.IsFinite(number):
                        json.WriteNumber(key, Math.Round(number, format is "F0" ? 0 : 3));
                        break;
                    case double:
                        json.WriteNull(key);
                        break;
                    case long whole:
                        json.WriteNumber(key, whole);
                        break;
                    case bool flag:
                        json.WriteBoolean(key, flag);
                        break;
                    default:
                        json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Prints the text line, and the JSON object on its own line (prefixed <c>json: </c>) when <paramref name="json"/>.</summary>
    public void Print(bool json)
    {
        Console.WriteLine(ToText());
        if (json)
        {
            Console.WriteLine("json: " + ToJson());
        }
    }
}
