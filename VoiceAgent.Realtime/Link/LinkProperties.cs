namespace VoiceAgent.Realtime.Link;

/// <summary>User property names of link messages.</summary>
public static class LinkProperties
{
    /// <summary>Uplink: the session id.</summary>
    public const string Session = "session";

    /// <summary>Uplink: the id of the WebSocket connection that sent the event.</summary>
    public const string Connection = "connection";

    /// <summary>Uplink: 1, 2, 3, ... per connection, to skip redeliveries and stale connections.</summary>
    public const string Useq = "useq";

    /// <summary>Audio messages: the audio format (<c>audio/pcm;rate=24000</c>, <c>audio/pcmu</c>, ...).</summary>
    public const string Format = "format";

    /// <summary>Downlink: unique, deterministic id of the server event (e.g. <c>resp_1:7</c>).</summary>
    public const string EventId = "event_id";

    /// <summary>Downlink: the response an event belongs to.</summary>
    public const string ResponseId = "response_id";

    /// <summary>Downlink audio: the output item id.</summary>
    public const string ItemId = "item_id";

    /// <summary>Downlink audio: the output index.</summary>
    public const string OutputIndex = "output_index";

    /// <summary>Downlink audio: the content index.</summary>
    public const string ContentIndex = "content_index";
}
