using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Integration.Pooling;

/// <summary>Pooler logs for a test run: silent unless AGROAL_TEST_LOG is set (to a level name such as Debug).</summary>
public static class TestLogging
{
    public static ILoggerFactory Factory { get; } = Create();

    private static ILoggerFactory Create()
    {
        var level = Environment.GetEnvironmentVariable("AGROAL_TEST_LOG");
        if (string.IsNullOrEmpty(level) || !Enum.TryParse<LogLevel>(level, ignoreCase: true, out var minimum))
        {
            return NullLoggerFactory.Instance;
        }
        return LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimum));
    }
}
