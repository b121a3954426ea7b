namespace VoiceAgent.Hosting.Orchestration;

/// <summary>Writes replicas' lines to the AppHost's console, each prefixed with its replica name (coloured on a terminal).</summary>
internal sealed class ResourceConsoleWriter(TextWriter writer, bool useColor, int prefixWidth)
{
    private static readonly string[] Colors = ["\e[36m", "\e[32m", "\e[35m", "\e[33m", "\e[34m", "\e[96m", "\e[92m", "\e[95m"];
    private const string Reset = "\e[0m";

    private readonly Lock _gate = new();

    public void WriteLine(string resourceName, string replicaName, string text)
    {
        var prefix = replicaName.PadRight(prefixWidth);
        if (useColor)
        {
            prefix = Colors[(int)((uint)StableHash(resourceName) % Colors.Length)] + prefix + Reset;
        }

        lock (_gate)
        {
            writer.Write(prefix);
            writer.Write(" | ");
            writer.WriteLine(text);
            writer.Flush();
        }
    }

    public void WriteBlock(string text)
    {
        lock (_gate)
        {
            writer.Write(text);
            writer.Flush();
        }
    }

    private static int StableHash(string value)
    {
        var hash = 17;
        foreach (var c in value)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
