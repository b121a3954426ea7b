namespace VoiceAgent.Realtime.Responses;

/// <summary>Where a delta belongs: <c>response_id</c>, <c>item_id</c>, <c>output_index</c>, <c>content_index</c>.</summary>
public readonly record struct ResponseContentRef(string ResponseId, string ItemId, int OutputIndex = 0, int ContentIndex = 0);
