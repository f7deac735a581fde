namespace Oz.Crds.V1Alpha1;

/// <summary>
/// Times as the API server keeps them. metav1.Time is stored at whole seconds, while KubernetesJson
/// writes fractions (".123000Z"); a status written with fractions comes back different, so a
/// "write only when changed" comparison would see a change on every reconcile. Use
/// <see cref="Now"/> or <see cref="Truncate"/> for every time written to an AgentTask.
/// </summary>
public static class ApiTime
{
    /// <summary>The current UTC time at whole seconds.</summary>
    public static DateTime Now(TimeProvider? clock = null) => Truncate((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);

    /// <summary>The time in UTC at whole seconds (an unspecified kind is taken as UTC).</summary>
    public static DateTime Truncate(DateTime time)
    {
        var utc = time.Kind switch
        {
            DateTimeKind.Local => time.ToUniversalTime(),
            _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
