using Oz.Operator.Configuration;

namespace Oz.Operator.Cli;

/// <summary>The logger factory the configuration asks for: JSON lines or human-readable console output.</summary>
public static class LoggingSetup
{
    public static ILoggerFactory Create(OperatorOptions options) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(Enum.Parse<LogLevel>(options.LogLevel, ignoreCase: true));
        if (options.LogFormat == "console")
        {
            builder.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        else
        {
            builder.AddJsonConsole(json =>
            {
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.UseUtcTimestamp = true;
            });
        }
    });
}
