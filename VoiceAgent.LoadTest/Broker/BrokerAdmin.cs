using System.Text.Json;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>The few figures the load test reads from the broker's admin API (<c>/api/groups</c>, <c>/api/topics</c>, <c>/api/clients</c>).</summary>
internal sealed class BrokerAdmin(HttpClient http)
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("health", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A group's unsettled messages (backlog) and the part of them delivered but not yet acknowledged, over all its topics.</summary>
    public async Task<(long Backlog, long InFlight)> BacklogAsync(string group, CancellationToken cancellationToken)
    {
        using var groups = await GetAsync("api/groups", cancellationToken).ConfigureAwait(false);
        foreach (var entry in groups.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() != group)
            {
                continue;
            }

            long backlog = 0;
            long inFlight = 0;
            foreach (var topic in entry.GetProperty("backlog").EnumerateArray())
            {
                backlog += topic.GetProperty("backlog").GetInt64();
                inFlight += topic.GetProperty("inFlight").GetInt64();
            }

            return (backlog, inFlight);
        }

        throw new InvalidOperationException($"The broker has no group '{group}'.");
    }

    /// <summary>A topic's stored messages, their bytes and (for a LITE topic) its lite topics, now.</summary>
    public async Task<(long Messages, long Bytes, int LiteTopics)> TopicAsync(string topic, CancellationToken cancellationToken)
    {
        using var topics = await GetAsync("api/topics", cancellationToken).ConfigureAwait(false);
        foreach (var entry in topics.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() == topic)
            {
                return (entry.GetProperty("messages").GetInt64(), entry.GetProperty("bytes").GetInt64(), entry.GetProperty("liteTopics").GetInt32());
            }
        }

        throw new InvalidOperationException($"The broker has no topic '{topic}'.");
    }

    /// <summary>The lite subscriptions the broker holds for the clients of <paramref name="group"/>.</summary>
    public async Task<long> SubscriptionCountAsync(string group, CancellationToken cancellationToken)
    {
        using var clients = await GetAsync("api/clients", cancellationToken).ConfigureAwait(false);
        long count = 0;
        foreach (var client in clients.RootElement.EnumerateArray())
        {
            if (client.GetProperty("group").ValueKind == JsonValueKind.String && client.GetProperty("group").GetString() == group)
            {
                count += client.GetProperty("subscriptionCount").GetInt32();
            }
        }

        return count;
    }

    private async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = await http.GetStreamAsync(path, cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
