using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>Which messages of a topic a consumer wants: by tag (<c>*</c> or <c>a||b</c>) or by SQL92 over properties.</summary>
public sealed class FilterExpression
{
    private FilterExpression(Proto.FilterType type, string expression)
    {
        Type = type;
        Expression = expression;
    }

    /// <summary>Every message of the topic.</summary>
    public static FilterExpression All { get; } = new(Proto.FilterType.Tag, "*");

    internal Proto.FilterType Type { get; }

    public string Expression { get; }

    /// <summary>Messages whose tag matches, e.g. <c>TagA||TagB</c>.</summary>
    public static FilterExpression Tag(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        return new FilterExpression(Proto.FilterType.Tag, expression);
    }

    /// <summary>Messages whose properties satisfy a SQL92 condition.</summary>
    public static FilterExpression Sql(string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        return new FilterExpression(Proto.FilterType.Sql, expression);
    }

    internal Proto.FilterExpression ToProtobuf() => new() { Type = Type, Expression = Expression };

    public override string ToString() => $"{Type}:{Expression}";
}
