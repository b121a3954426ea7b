namespace VoiceAgent.Tests.EndToEnd;

/// <summary>The end-to-end tests that share one running stack; xunit runs them one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class VoiceStackCollection : ICollectionFixture<VoiceStackFixture>
{
    public const string Name = "voice stack";
}
