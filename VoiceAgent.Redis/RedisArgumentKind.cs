namespace VoiceAgent.Redis;

/// <summary>How a <see cref="RedisArgument"/> holds its value; <c>default</c> is an empty string.</summary>
internal enum RedisArgumentKind : byte
{
    Empty,
    Text,
    Bytes,
    Integer,
    Double,
}
