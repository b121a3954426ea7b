namespace VoiceAgent.Broker.Consumption;

/// <summary>
/// A TAG filter expression: <c>*</c> (or empty) takes everything, <c>a||b</c> takes messages tagged a or b.
/// Messages a group's filter does not take are settled for that group without delivery, as RocketMQ does.
/// </summary>
internal sealed class TagFilter
{
    public static readonly TagFilter All = new("*", null);

    private readonly HashSet<string>? _tags;

    private TagFilter(string expression, HashSet<string>? tags)
    {
        Expression = expression;
        _tags = tags;
    }

    public string Expression { get; }

    public static TagFilter Parse(string? expression)
    {
        var text = expression?.Trim() ?? string.Empty;
        if (text.Length == 0 || text == "*")
        {
            return All;
        }

        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in text.Split("||", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (tag == "*")
            {
                return All;
            }

            tags.Add(tag);
        }

        return tags.Count == 0 ? All : new TagFilter(text, tags);
    }

    public bool Matches(string? tag) => _tags is null || (tag is not null && _tags.Contains(tag));
}
