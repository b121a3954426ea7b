using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class SipHash24Tests
{
    [Fact]
    public void MatchesTheReferenceVectorsForKeyZeroToFifteen()
    {
        // From the SipHash paper's test vectors (key 00..0f, message 00..(n-1)).
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash24.Hash([]));
        Assert.Equal(0xa129ca6149be45e5UL, SipHash24.Hash(Enumerable.Range(0, 15).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void AMessageGroupAlwaysMapsToTheSameQueueInRange()
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var group = $"session-{i}";
            var index = SipHash24.QueueIndex(group, 8);
            Assert.InRange(index, 0, 7);
            Assert.Equal(index, SipHash24.QueueIndex(group, 8));
            seen.Add(index);
        }

        Assert.Equal(8, seen.Count);
    }
}
