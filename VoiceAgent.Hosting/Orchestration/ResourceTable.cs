using System.Globalization;
using System.Text;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>The plain-text table of replicas, their state and URLs that the AppHost prints once everything is up.</summary>
internal static class ResourceTable
{
    public static string Format(IReadOnlyList<ResourceSnapshot> snapshots, Uri? resourceApi)
    {
        string[] header = ["REPLICA", "TYPE", "STATE", "HEALTH", "PID", "URLS"];
        var rows = snapshots.Select(s => new[]
        {
            s.Name,
            s.ResourceType,
            s.State,
            s.HealthStatus?.ToString() ?? "-",
            s.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",
            s.Endpoints.Length == 0 ? "-" : string.Join(' ', s.Endpoints.Select(e => e.IsExternal ? e.Url + " (external)" : e.Url)),
        }).ToList();

        var widths = Enumerable.Range(0, header.Length)
            .Select(column => rows.Select(r => r[column].Length).Append(header[column].Length).Max())
            .ToArray();

        var text = new StringBuilder();
        text.AppendLine();
        AppendRow(text, header, widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        if (resourceApi is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Resource API: {new Uri(resourceApi, "api/resources")}");
        }

        text.AppendLine();
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var column = 0; column < cells.Length; column++)
        {
            text.Append(column == cells.Length - 1 ? cells[column] : cells[column].PadRight(widths[column] + 2));
        }

        text.AppendLine();
    }
}
