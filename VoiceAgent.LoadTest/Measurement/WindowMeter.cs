using System.Diagnostics;

namespace VoiceAgent.LoadTest.Measurement;

/// <summary>Wall time, CPU seconds of the broker and of this process, and the machine's load over one measured window.</summary>
internal sealed class WindowMeter
{
    private readonly int _brokerPid;
    private readonly long _started;
    private readonly double _brokerCpuAtStart;
    private readonly double _loadCpuAtStart;

    private WindowMeter(int brokerPid)
    {
        _brokerPid = brokerPid;
        LoadAverageAtStart = ProcessStats.LoadAverage();
        _brokerCpuAtStart = ProcessStats.CpuSeconds(brokerPid);
        _loadCpuAtStart = ProcessStats.CpuSeconds(Environment.ProcessId);
        _started = Stopwatch.GetTimestamp();
    }

    public double Seconds { get; private set; }

    public double BrokerCpuSeconds { get; private set; }

    public double LoadCpuSeconds { get; private set; }

    public double LoadAverageAtStart { get; }

    public double LoadAverageAtEnd { get; private set; }

    public static WindowMeter Start(int brokerPid) => new(brokerPid);

    public void Stop()
    {
        Seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        BrokerCpuSeconds = ProcessStats.CpuSeconds(_brokerPid) - _brokerCpuAtStart;
        LoadCpuSeconds = ProcessStats.CpuSeconds(Environment.ProcessId) - _loadCpuAtStart;
        LoadAverageAtEnd = ProcessStats.LoadAverage();
    }

    /// <summary>Adds the CPU figures, per message where <paramref name="messages"/> is given, and the load averages.</summary>
    public void Describe(ResultLine line, long messages)
    {
        line.Add("broker_cpu_s", BrokerCpuSeconds, "F2")
            .Add("load_cpu_s", LoadCpuSeconds, "F2")
            .Add("broker_cores", BrokerCpuSeconds / Seconds, "F2")
            .Add("load_cores", LoadCpuSeconds / Seconds, "F2");
        if (messages > 0)
        {
            line.Add("msgs_per_broker_cpu_s", messages / Math.Max(BrokerCpuSeconds, 0.01), "F0")
                .Add("msgs_per_total_cpu_s", messages / Math.Max(BrokerCpuSeconds + LoadCpuSeconds, 0.01), "F0");
        }

        line.Add("loadavg_start", LoadAverageAtStart, "F2").Add("loadavg_end", LoadAverageAtEnd, "F2");
    }
}
