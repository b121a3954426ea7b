namespace VoiceAgent.Redis.Protocol;

/// <summary>Turns one validated, non-error reply into the result a typed command returns.</summary>
internal delegate T ReplyDecoder<T>(ref RespReader reader);
