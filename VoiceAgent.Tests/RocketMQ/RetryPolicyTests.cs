using Google.Protobuf.WellKnownTypes;
using VoiceAgent.RocketMQ;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class RetryPolicyTests
{
    [Fact]
    public void ExponentialBackoffGrowsByTheMultiplierUpToTheMaximum()
    {
        var policy = new ExponentialBackoffRetryPolicy(5, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 2);

        Assert.Equal(TimeSpan.FromMilliseconds(10), policy.GetNextAttemptDelay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(20), policy.GetNextAttemptDelay(2));
        Assert.Equal(TimeSpan.FromMilliseconds(40), policy.GetNextAttemptDelay(3));
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.GetNextAttemptDelay(4));
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.GetNextAttemptDelay(40));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.GetNextAttemptDelay(0));
    }

    [Fact]
    public void CustomizedBackoffRepeatsItsLastDelay()
    {
        var policy = new CustomizedBackoffRetryPolicy(17, [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)]);

        Assert.Equal(TimeSpan.FromSeconds(1), policy.GetNextAttemptDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.GetNextAttemptDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.GetNextAttemptDelay(3));
    }

    [Fact]
    public void PoliciesRoundTripThroughProtobuf()
    {
        var exponential = RetryPolicy.FromProtobuf(new ExponentialBackoffRetryPolicy(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), 2).ToProtobuf());
        var customized = RetryPolicy.FromProtobuf(new CustomizedBackoffRetryPolicy(4, [TimeSpan.FromSeconds(2)]).ToProtobuf());

        Assert.Equal(TimeSpan.FromMilliseconds(20), Assert.IsType<ExponentialBackoffRetryPolicy>(exponential).GetNextAttemptDelay(2));
        Assert.Equal(3, exponential!.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.IsType<CustomizedBackoffRetryPolicy>(customized).GetNextAttemptDelay(9));
        Assert.Equal(4, customized!.MaxAttempts);
    }

    [Fact]
    public void APolicyWithoutStrategyIsIgnored()
    {
        Assert.Null(RetryPolicy.FromProtobuf(new Proto.RetryPolicy { MaxAttempts = 5 }));
        Assert.Null(RetryPolicy.FromProtobuf(null));
    }

    [Fact]
    public void InheritingABackoffKeepsTheLocalAttemptCount()
    {
        var local = ExponentialBackoffRetryPolicy.Immediate(7);
        var server = new Proto.RetryPolicy
        {
            MaxAttempts = 2,
            ExponentialBackoff = new Proto.ExponentialBackoff { Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(100)), Max = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Multiplier = 3 },
        };

        var inherited = local.InheritBackoff(server);

        Assert.Equal(7, inherited.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(300), inherited.GetNextAttemptDelay(2));
        Assert.Same(local, local.InheritBackoff(new Proto.RetryPolicy()));
    }
}
