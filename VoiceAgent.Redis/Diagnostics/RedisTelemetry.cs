using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis.Diagnostics;

/// <summary>
/// Metrics (meter <c>VoiceAgent.Redis</c>) and optional client spans (ActivitySource <c>VoiceAgent.Redis</c>) for
/// commands, named after the OpenTelemetry database semantic conventions. Costs nothing measurable while nobody
/// listens: instruments and the source are checked before any tag is built.
/// </summary>
internal sealed class RedisTelemetry : IDisposable
{
    public const string Name = "VoiceAgent.Redis";

    private static readonly ActivitySource Source = new(Name);

    // OpenTelemetry's recommended buckets for db.client.operation.duration, in seconds.
    private static readonly double[] DurationBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly bool _tracing;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _reconnects;
    private readonly string _serverAddress;
    private readonly int _serverPort;
    private readonly string _database;

    public RedisTelemetry(RedisOptions options, IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        _tracing = !options.DisableTracing;
        _serverAddress = options.EndPoints[0].Host;
        _serverPort = options.EndPoints[0].Port;
        _database = options.DefaultDatabase.ToString(CultureInfo.InvariantCulture);

        _duration = _meter.CreateHistogram(
            "db.client.operation.duration",
            unit: "s",
            description: "Duration of Redis commands, from the call until the reply, failure, timeout or cancellation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _commands = _meter.CreateCounter<long>(
            "voiceagent.redis.commands", unit: "{command}", description: "Redis commands completed, successfully or not.");
        _errors = _meter.CreateCounter<long>(
            "voiceagent.redis.errors", unit: "{command}", description: "Redis commands that failed (error reply, timeout, lost connection, ...).");
        _reconnects = _meter.CreateCounter<long>(
            "voiceagent.redis.reconnects", unit: "{connection}", description: "Connections re-established after one was lost.");
    }

    public Activity? StartActivity(RedisCommand command)
    {
        if (!_tracing || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(command.Name, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", command.Name);
            activity.SetTag("db.namespace", _database);
            activity.SetTag("server.address", _serverAddress);
            activity.SetTag("server.port", _serverPort);
        }

        return activity;
    }

    /// <summary>Records one finished command; <paramref name="error"/> is null on success.</summary>
    public void RecordCommand(RedisCommand command, long startTimestamp, Activity? activity, Exception? error)
    {
        if (activity is not null)
        {
            if (error is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
                activity.SetTag("error.type", ErrorType(error));
                if (error is RedisServerException serverError)
                {
                    activity.SetTag("db.response.status_code", serverError.ErrorCode);
                }
            }

            activity.Dispose();
        }

        if (!_duration.Enabled && !_commands.Enabled && !(error is not null && _errors.Enabled))
        {
            return;
        }

        var tags = new TagList
        {
            { "db.system.name", "redis" },
            { "db.operation.name", command.Name },
            { "db.namespace", _database },
            { "server.address", _serverAddress },
            { "server.port", _serverPort },
        };
        if (error is not null)
        {
            tags.Add("error.type", ErrorType(error));
        }

        _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        _commands.Add(1, tags);
        if (error is not null)
        {
            _errors.Add(1, tags);
        }
    }

    public void RecordReconnect()
    {
        if (_reconnects.Enabled)
        {
            _reconnects.Add(1, new TagList { { "server.address", _serverAddress }, { "server.port", _serverPort } });
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    // The Redis error code for error replies (WRONGTYPE, NOSCRIPT, ...), otherwise the exception's type.
    private static string ErrorType(Exception error) => error switch
    {
        RedisServerException serverError => serverError.ErrorCode,
        OperationCanceledException => "cancelled",
        _ => error.GetType().FullName ?? error.GetType().Name,
    };
}
